package io.policyrt.launch.ros1;

import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.ros1.Ros1SimServer;

/** Builds the simulator served over ROS 1 from the {@code sim}, {@code drive} and {@code ros1} sections. */
public final class Ros1SimWiring {
    private Ros1SimWiring() {
    }

    /**
     * @param node         the robot's node, already joined to the master (the caller shuts it down)
     * @param robotRadiusM the simulated robot's footprint radius [m] (the policy's, when known)
     */
    public static Ros1SimServer create(RuntimeConfig c, Ros1Node node, double robotRadiusM) {
        return new Ros1SimServer(SimWiring.simWorld(c, robotRadiusM), node, Ros1Wiring.topics(c.ros1), SystemNanoClock.INSTANCE,
                Math.round(c.ros1.commandMaxAgeMs * 1e6), Math.round(c.safety.futureToleranceMs * 1e6));
    }
}
