package io.policyrt.sim.run;

import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.scenario.Scenario;

/**
 * The simulated world of one episode: scenario, robot and sensor noise, the physics step and
 * sensor period, the noise seed and how close to the path's end counts as arrived.
 */
public record SimWorld(Scenario scenario, RobotParams robot, SensorNoise noise, long physicsStepNanos, long seed,
                       double goalToleranceM, long sensorPeriodNanos) {
    public SimWorld {
        if (sensorPeriodNanos <= 0) {
            throw new IllegalArgumentException("sensor period must be > 0 ns");
        }
    }

    /** A fresh simulation of this world whose clock starts at {@code startNanos}. */
    public Simulation simulation(long startNanos) {
        return new Simulation(scenario, robot, noise, physicsStepNanos, seed, startNanos, goalToleranceM);
    }
}
