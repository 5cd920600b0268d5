package io.policyrt.sim.robot;

/**
 * Standard deviations of the Gaussian noise the simulator adds to its odometry, and the command
 * latency it models. All zero is a perfect robot.
 *
 * @param positionM  pose x/y noise [m]
 * @param yawRad     yaw noise [rad]
 * @param velocityMps forward velocity noise [m/s]
 * @param yawRateRadps yaw rate noise [rad/s]
 * @param commandLatencyS delay between a command's arrival and its effect on the motors [s]
 */
public record SensorNoise(double positionM, double yawRad, double velocityMps, double yawRateRadps, double commandLatencyS) {
    public SensorNoise {
        if (positionM < 0 || yawRad < 0 || velocityMps < 0 || yawRateRadps < 0 || commandLatencyS < 0) {
            throw new IllegalArgumentException("noise and latency must be >= 0: " + this);
        }
    }

    public static SensorNoise none() {
        return new SensorNoise(0, 0, 0, 0, 0);
    }

    /** The noise a configuration or command line names: {@code none} or {@code realistic}. */
    public static SensorNoise named(String name) {
        switch (String.valueOf(name)) {
            case "none": return none();
            case "realistic": return realistic();
            default: throw new IllegalArgumentException("noise must be none or realistic, got '" + name + "'");
        }
    }

    /** Mild noise of a wheel-odometry robot: 5 mm, 0.5 deg, 1 cm/s, 0.01 rad/s, 10 ms latency. */
    public static SensorNoise realistic() {
        return new SensorNoise(0.005, Math.toRadians(0.5), 0.01, 0.01, 0.010);
    }
}
