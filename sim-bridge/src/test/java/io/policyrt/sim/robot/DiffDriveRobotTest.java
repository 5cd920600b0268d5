package io.policyrt.sim.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DiffDriveRobotTest {
    private static final long MS = 1_000_000L;

    /** Steps the robot for {@code seconds} in 1 ms steps starting at {@code startNanos}; returns the end time. */
    private static long drive(DiffDriveRobot robot, long startNanos, double seconds) {
        long t = startNanos;
        for (int i = 0; i < Math.round(seconds * 1000); i++) {
            t += MS;
            robot.step(t, 0.001);
        }
        return t;
    }

    @Test
    void equal_wheel_speeds_drive_straight_at_radius_times_speed() {
        DiffDriveRobot robot = new DiffDriveRobot(RobotParams.defaults(), 0);
        robot.reset(0, 0, 0);
        robot.command(0, 5, 5);
        drive(robot, 0, 0.4);
        // Set-point 5 rad/s on 8 cm wheels is 0.4 m/s; after 8 motor time constants the lag is gone.
        assertThat(robot.bodyVMps()).isCloseTo(0.4, within(1e-3));
        assertThat(robot.bodyWRadps()).isCloseTo(0, within(1e-12));
        assertThat(robot.yM()).isCloseTo(0, within(1e-12));
        assertThat(robot.xM()).isGreaterThan(0.1);
    }

    @Test
    void opposite_wheels_turn_on_the_spot() {
        DiffDriveRobot robot = new DiffDriveRobot(RobotParams.defaults(), 0);
        robot.reset(1, 2, 0);
        robot.command(0, -2, 2);
        drive(robot, 0, 0.4);
        // w = r (right - left) / separation = 0.08 * 4 / 0.4 = 0.8 rad/s; the centre does not move.
        assertThat(robot.bodyWRadps()).isCloseTo(0.8, within(1e-3));
        assertThat(robot.xM()).isCloseTo(1, within(1e-9));
        assertThat(robot.yM()).isCloseTo(2, within(1e-9));
        assertThat(robot.yawRad()).isGreaterThan(0.1);
    }

    @Test
    void motor_lag_and_acceleration_limit_shape_the_response() {
        DiffDriveRobot robot = new DiffDriveRobot(RobotParams.defaults(), 0);
        robot.reset(0, 0, 0);
        robot.command(0, 10, 10);
        drive(robot, 0, 0.05);
        // After one time constant (50 ms) a first-order lag reaches 63 %, but 30 rad/s^2 caps the
        // wheel at 1.5 rad/s after 50 ms: the acceleration limit binds.
        assertThat(robot.leftRadps()).isCloseTo(1.5, within(0.05));
    }

    @Test
    void motors_stop_when_commands_stop_arriving() {
        DiffDriveRobot robot = new DiffDriveRobot(RobotParams.defaults(), 0);
        robot.reset(0, 0, 0);
        robot.command(0, 5, 5);
        long t = drive(robot, 0, 0.4);
        assertThat(robot.bodyVMps()).isGreaterThan(0.35);
        drive(robot, t, 1.5);
        // The command is 1.9 s old, past the 0.5 s command timeout: wheels brake to rest.
        assertThat(robot.bodyVMps()).isCloseTo(0, within(1e-6));
    }

    @Test
    void command_latency_delays_the_effect() {
        DiffDriveRobot robot = new DiffDriveRobot(RobotParams.defaults(), 0.1);
        robot.reset(0, 0, 0);
        robot.command(0, 5, 5);
        long t = drive(robot, 0, 0.09);
        assertThat(robot.leftRadps()).isZero();
        drive(robot, t, 0.05);
        assertThat(robot.leftRadps()).isGreaterThan(0);
    }

    @Test
    void non_finite_commands_are_ignored() {
        DiffDriveRobot robot = new DiffDriveRobot(RobotParams.defaults(), 0);
        robot.reset(0, 0, 0);
        robot.command(0, 5, 5);
        robot.command(MS, Double.NaN, Double.POSITIVE_INFINITY);
        drive(robot, MS, 0.4);
        assertThat(robot.leftRadps()).isCloseTo(5, within(0.01));
        assertThat(robot.xM()).isFinite();
    }
}
