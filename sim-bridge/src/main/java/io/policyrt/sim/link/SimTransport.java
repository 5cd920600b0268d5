package io.policyrt.sim.link;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.transport.Transport;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.run.TrajectoryRecorder;

/** The embedded simulator as a transport (kind {@code sim}): the simulated robot runs in this process, in real time. */
public final class SimTransport implements Transport<SimTransport.Settings> {
    /** @param trajectoryCapacity how many sensor samples of the trajectory the link keeps for plots */
    public record Settings(SimWorld world, int trajectoryCapacity) {
    }

    /** Nothing to connect: the simulator starts with the sensors, so its episode begins with the loop. */
    @Override
    public SimLink open(Settings s, NanoClock clock, InboundRules inbound) {
        return new SimLink(s.world(), new TrajectoryRecorder(s.trajectoryCapacity()), clock);
    }
}
