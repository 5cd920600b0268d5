package io.policyrt.launch.ros1;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.ros1.node.Ros1Node;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.demo.EmbeddedRuntime;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.ros1.Ros1SimServer;
import io.policyrt.sim.scenario.Scenario;

/** Builds the simulator served over ROS 1 from the {@code sim}, {@code drive} and {@code ros1} sections. */
public final class Ros1SimWiring {
    private Ros1SimWiring() {
    }

    /**
     * @param node         the robot's node, already joined to the master (the caller shuts it down)
     * @param robotRadiusM the simulated robot's footprint radius [m] (the policy's, when known)
     */
    public static Ros1SimServer create(RuntimeConfig c, Ros1Node node, double robotRadiusM) {
        DriveConfig drive = EmbeddedRuntime.driveConfig(c.drive);
        RobotParams robot = EmbeddedRuntime.simulatedRobot(drive, robotRadiusM);
        Scenario scenario = EmbeddedRuntime.scenario(c.sim);
        SensorNoise noise = "realistic".equals(c.sim.noise) ? SensorNoise.realistic() : SensorNoise.none();
        return new Ros1SimServer(scenario, robot, noise, Math.round(c.sim.physicsStepMs * 1e6), c.sim.seed, c.safety.goalToleranceM,
                Math.round(1e9 / c.sim.sensorRateHz), node, Ros1Wiring.topics(c.ros1), SystemNanoClock.INSTANCE,
                Math.round(c.ros1.commandMaxAgeMs * 1e6), Math.round(c.safety.futureToleranceMs * 1e6));
    }
}
