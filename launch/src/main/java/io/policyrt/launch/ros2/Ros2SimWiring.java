package io.policyrt.launch.ros2;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.ros2.Ros2Participant;
import io.policyrt.drivers.ros2.Ros2TransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.demo.EmbeddedRuntime;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.ros2.Ros2SimServer;
import io.policyrt.sim.scenario.Scenario;

/** Builds the simulator served over ROS 2 from the {@code sim}, {@code drive} and {@code ros2} sections. */
public final class Ros2SimWiring {
    private Ros2SimWiring() {
    }

    /** A simulator on a participant of its own (named {@code <participant_name>_sim}); closing the participant is the caller's. */
    public static Ros2SimServer create(RuntimeConfig c, double robotRadiusM, String where) throws Ros2TransportException {
        DriveConfig drive = EmbeddedRuntime.driveConfig(c.drive);
        RobotParams robot = EmbeddedRuntime.simulatedRobot(drive, robotRadiusM);
        Scenario scenario = EmbeddedRuntime.scenario(c.sim);
        SensorNoise noise = "realistic".equals(c.sim.noise) ? SensorNoise.realistic() : SensorNoise.none();
        Ros2Participant participant = new Ros2Participant(Ros2Wiring.settings(c.ros2, "_sim", where));
        return new Ros2SimServer(scenario, robot, noise, Math.round(c.sim.physicsStepMs * 1e6), c.sim.seed, c.safety.goalToleranceM,
                Math.round(1e9 / c.sim.sensorRateHz), participant, Ros2Wiring.topics(c.ros2), SystemNanoClock.INSTANCE,
                c.ros2.robotFrameId);
    }
}
