package io.policyrt.launch.wiring;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.sim.link.SimTransport;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;

/** The simulator's side of a configuration (the {@code sim} section, with the drive's wheels) as the simulator's types. */
public final class SimWiring {
    private SimWiring() {
    }

    /**
     * The simulated world the {@code sim}, {@code drive} and {@code safety} sections describe, for
     * a robot of the given footprint: the embedded simulator's, and the one each transport serves.
     */
    public static SimWorld simWorld(RuntimeConfig c, double robotRadiusM) {
        return new SimWorld(scenario(c.sim), simulatedRobot(ControllerWiring.driveConfig(c.drive), robotRadiusM),
                SensorNoise.named(c.sim.noise), Math.round(c.sim.physicsStepMs * 1e6), c.sim.seed, c.safety.goalToleranceM,
                Math.round(1e9 / c.sim.sensorRateHz));
    }

    /**
     * The embedded simulator as a transport: the world, with room in its trajectory for the whole
     * episode at the sensor rate.
     */
    public static SimTransport.Settings transportSettings(RuntimeConfig c, LinkSetup setup) {
        return new SimTransport.Settings(simWorld(c, setup.robotRadiusM()),
                (int) Math.min(2_000_000, c.sim.durationS * c.sim.sensorRateHz + 10));
    }

    /** The scenario a configuration's sim section names (values already validated). */
    public static Scenario scenario(RuntimeConfig.Sim sim) {
        return Scenario.standard(ReferencePaths.Shape.parse(sim.path), encounter(sim.encounter), sim.seed);
    }

    static Scenario.Encounter encounter(String name) {
        switch (name) {
            case "none": return Scenario.Encounter.NONE;
            case "step-in": return Scenario.Encounter.STEP_IN;
            default: return Scenario.Encounter.CROSSING;
        }
    }

    /** The simulated robot: the configured wheels and footprint, motors as the default robot's. */
    public static RobotParams simulatedRobot(DriveConfig drive, double bodyRadiusM) {
        RobotParams motors = RobotParams.defaults();
        return new RobotParams(drive.wheelRadiusM(), drive.wheelSeparationM(), motors.motorTimeConstantS(),
                motors.maxWheelAccelRadps2(), drive.maxWheelRadps(), bodyRadiusM, motors.commandTimeoutS());
    }
}
