package io.policyrt.sim.task;

import io.policyrt.sim.SimRandom;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;

/**
 * Ranges of the per-episode domain randomization: the true robot differs from the nominal drive
 * the controller uses (motor lag, wheel radius, wheel separation), and the odometry noise, the
 * command latency and the obstacle's speed vary. Each episode draws one value per range,
 * uniformly, from its seed in a fixed order (the order of the components); the Python mirror
 * ({@code policyrt_sim/randomization.py}) draws the same values.
 *
 * @param motorTimeConstantS  true motor lag [s] (nominal 0.05)
 * @param wheelRadiusScale    true wheel radius over the nominal one (tyre wear and pressure)
 * @param wheelSeparationScale true wheel separation over the nominal one (contact-point spread)
 * @param noiseLevel          odometry noise as a multiple of {@link SensorNoise#realistic()}
 * @param commandLatencyS     delay between a command and its effect on the motors [s]
 * @param obstacleSpeedScale  obstacle speed over the scenario's drawn speed
 */
public record Randomization(Range motorTimeConstantS, Range wheelRadiusScale, Range wheelSeparationScale,
                            Range noiseLevel, Range commandLatencyS, Range obstacleSpeedScale) {
    /** Mixed into the episode seed so that these draws do not disturb the scenario's or the noise's. */
    public static final long SEED_MIX = 0x52414E44L;

    /** A closed interval to draw from uniformly; lo == hi fixes the value. */
    public record Range(double lo, double hi) {
        public Range {
            if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
                throw new IllegalArgumentException("a range needs finite lo <= hi, got [" + lo + ", " + hi + "]");
            }
        }

        double draw(SimRandom rng) {
            return rng.uniform(lo, hi);
        }
    }

    /** One episode's draw: the true robot, the sensor noise and latency, and the obstacle speed factor. */
    public record Draw(RobotParams robot, SensorNoise noise, double obstacleSpeedScale) {
    }

    public Randomization {
        if (!(motorTimeConstantS.lo() >= 0) || !(wheelRadiusScale.lo() > 0) || !(wheelSeparationScale.lo() > 0)
                || !(noiseLevel.lo() >= 0) || !(commandLatencyS.lo() >= 0) || !(obstacleSpeedScale.lo() > 0)) {
            throw new IllegalArgumentException("randomization ranges out of bounds: " + this);
        }
    }

    /** The documented default ranges (see the policyrt_sim README for the reasons). */
    public static Randomization defaults() {
        return new Randomization(new Range(0.03, 0.10), new Range(0.97, 1.03), new Range(0.95, 1.05),
                new Range(0.0, 2.0), new Range(0.0, 0.04), new Range(0.75, 1.5));
    }

    /** Draws the episode's values from its seed, in the order of the components. */
    public Draw draw(long seed, RobotParams nominal) {
        SimRandom rng = new SimRandom(seed ^ SEED_MIX);
        double tau = motorTimeConstantS.draw(rng);
        double radius = wheelRadiusScale.draw(rng);
        double separation = wheelSeparationScale.draw(rng);
        double level = noiseLevel.draw(rng);
        double latency = commandLatencyS.draw(rng);
        double obstacle = obstacleSpeedScale.draw(rng);
        RobotParams robot = new RobotParams(nominal.wheelRadiusM() * radius, nominal.wheelSeparationM() * separation, tau,
                nominal.maxWheelAccelRadps2(), nominal.maxWheelRadps(), nominal.bodyRadiusM(), nominal.commandTimeoutS());
        SensorNoise base = SensorNoise.realistic();
        SensorNoise noise = new SensorNoise(base.positionM() * level, base.yawRad() * level, base.velocityMps() * level,
                base.yawRateRadps() * level, latency);
        return new Draw(robot, noise, obstacle);
    }
}
