package io.policyrt.controller.action;

/**
 * Differential-drive inverse kinematics: body (v, w) to left/right wheel angular velocities, with
 * per-side radius multipliers (calibration, as in diff_drive_controller) and a wheel speed limit
 * that scales both wheels together so the turning radius is kept.
 */
public final class DiffDriveKinematics {
    private final double wheelRadiusM;
    private final double wheelSeparationM;
    private final double leftRadiusMultiplier;
    private final double rightRadiusMultiplier;
    private final double maxWheelRadps;

    public DiffDriveKinematics(double wheelRadiusM, double wheelSeparationM, double leftRadiusMultiplier,
                               double rightRadiusMultiplier, double maxWheelRadps) {
        if (!(wheelRadiusM > 0) || !(wheelSeparationM > 0) || !(leftRadiusMultiplier > 0)
                || !(rightRadiusMultiplier > 0) || !(maxWheelRadps > 0)) {
            throw new IllegalArgumentException("wheel radius, separation, radius multipliers and max wheel speed must be > 0");
        }
        this.wheelRadiusM = wheelRadiusM;
        this.wheelSeparationM = wheelSeparationM;
        this.leftRadiusMultiplier = leftRadiusMultiplier;
        this.rightRadiusMultiplier = rightRadiusMultiplier;
        this.maxWheelRadps = maxWheelRadps;
    }

    public double leftRadps(double vMps, double wRadps) {
        return (vMps - wRadps * wheelSeparationM / 2) / (wheelRadiusM * leftRadiusMultiplier);
    }

    public double rightRadps(double vMps, double wRadps) {
        return (vMps + wRadps * wheelSeparationM / 2) / (wheelRadiusM * rightRadiusMultiplier);
    }

    /** Factor in (0, 1] that brings both wheels within the wheel speed limit. */
    public double wheelLimitScale(double vMps, double wRadps) {
        double peak = Math.max(Math.abs(leftRadps(vMps, wRadps)), Math.abs(rightRadps(vMps, wRadps)));
        return peak > maxWheelRadps ? maxWheelRadps / peak : 1.0;
    }

    /** Forward kinematics: body speed from wheel speeds [m/s]. */
    public double bodyVMps(double leftRadps, double rightRadps) {
        return wheelRadiusM * (leftRadps * leftRadiusMultiplier + rightRadps * rightRadiusMultiplier) / 2;
    }

    /** Forward kinematics: yaw rate from wheel speeds [rad/s]. */
    public double bodyWRadps(double leftRadps, double rightRadps) {
        return wheelRadiusM * (rightRadps * rightRadiusMultiplier - leftRadps * leftRadiusMultiplier) / wheelSeparationM;
    }

    public double wheelRadiusM() { return wheelRadiusM; }
    public double wheelSeparationM() { return wheelSeparationM; }
    public double maxWheelRadps() { return maxWheelRadps; }
}
