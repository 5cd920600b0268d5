package io.policyrt.sim.robot;

/**
 * Physical parameters of the simulated differential-drive robot.
 *
 * @param wheelRadiusM          wheel radius [m]
 * @param wheelSeparationM      distance between the wheels [m]
 * @param motorTimeConstantS    first-order lag of each wheel's speed toward its set-point [s]
 * @param maxWheelAccelRadps2   wheel angular acceleration limit [rad/s^2]
 * @param maxWheelRadps         wheel speed saturation [rad/s]
 * @param bodyRadiusM           radius of the robot's footprint, for collisions [m]
 * @param commandTimeoutS       the motor driver stops the wheels when no command came for this long [s]
 */
public record RobotParams(double wheelRadiusM, double wheelSeparationM, double motorTimeConstantS,
                          double maxWheelAccelRadps2, double maxWheelRadps, double bodyRadiusM, double commandTimeoutS) {
    public RobotParams {
        if (!(wheelRadiusM > 0) || !(wheelSeparationM > 0) || !(motorTimeConstantS >= 0) || !(maxWheelAccelRadps2 > 0)
                || !(maxWheelRadps > 0) || !(bodyRadiusM > 0) || !(commandTimeoutS > 0)) {
            throw new IllegalArgumentException("robot parameters must be positive: " + this);
        }
    }

    /** A small indoor AMR: 8 cm wheels 40 cm apart, top speed 1.2 m/s, 0.3 m footprint radius. */
    public static RobotParams defaults() {
        return new RobotParams(0.08, 0.40, 0.05, 30.0, 15.0, 0.30, 0.5);
    }
}
