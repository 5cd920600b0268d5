package io.policyrt.controller.action;

/**
 * The robot's drive: wheel geometry and the limits the action pipeline enforces.
 *
 * @param wheelRadiusM          wheel radius [m]
 * @param wheelSeparationM      distance between the wheel contact points [m]
 * @param leftRadiusMultiplier  calibration factor of the left wheel radius
 * @param rightRadiusMultiplier calibration factor of the right wheel radius
 * @param maxWheelRadps         wheel speed limit [rad/s]
 * @param linearAccelMps2       forward acceleration limit [m/s^2]
 * @param linearDecelMps2       forward deceleration limit [m/s^2]
 * @param linearJerkMps3        forward jerk limit [m/s^3]
 * @param angularAccelRadps2    yaw acceleration limit [rad/s^2]
 * @param angularDecelRadps2    yaw deceleration limit [rad/s^2]
 * @param angularJerkRadps3     yaw jerk limit [rad/s^3]
 */
public record DriveConfig(double wheelRadiusM, double wheelSeparationM, double leftRadiusMultiplier,
                          double rightRadiusMultiplier, double maxWheelRadps, double linearAccelMps2,
                          double linearDecelMps2, double linearJerkMps3, double angularAccelRadps2,
                          double angularDecelRadps2, double angularJerkRadps3) {

    /** The simulator's default robot: 8 cm wheels, 40 cm apart, 15 rad/s, gentle limits. */
    public static DriveConfig defaults() {
        return new DriveConfig(0.08, 0.40, 1.0, 1.0, 15.0, 1.0, 2.0, 50.0, 4.0, 6.0, 100.0);
    }

    public DiffDriveKinematics kinematics() {
        return new DiffDriveKinematics(wheelRadiusM, wheelSeparationM, leftRadiusMultiplier, rightRadiusMultiplier, maxWheelRadps);
    }
}
