package io.policyrt.launch.ros2;

import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.ros2.Ros2Participant;
import io.policyrt.drivers.ros2.Ros2TransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.ros2.Ros2SimServer;
import io.policyrt.sim.run.SimWorld;

/** Builds the simulator served over ROS 2 from the {@code sim}, {@code drive} and {@code ros2} sections. */
public final class Ros2SimWiring {
    private Ros2SimWiring() {
    }

    /** A simulator on a participant of its own (named {@code <participant_name>_sim}); closing the participant is the caller's. */
    public static Ros2SimServer create(RuntimeConfig c, double robotRadiusM, String where) throws Ros2TransportException {
        SimWorld world = SimWiring.simWorld(c, robotRadiusM);
        Ros2Participant participant = new Ros2Participant(Ros2Wiring.settings(c.ros2, "_sim", where));
        return new Ros2SimServer(world, participant, Ros2Wiring.topics(c.ros2), SystemNanoClock.INSTANCE, c.ros2.robotFrameId);
    }
}
