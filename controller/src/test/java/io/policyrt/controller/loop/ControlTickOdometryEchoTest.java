package io.policyrt.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/** Every command carries the stamp of the odometry it was computed from, so its sender can time the round trip. */
class ControlTickOdometryEchoTest {
    private final ControlTickFixture f = ControlTickFixture.create();

    ControlTickOdometryEchoTest() {
        f.policy.returning(TestSpecs.normalized(0.5, TestSpecs.V_LOW_MPS, TestSpecs.V_HIGH_MPS), 0f);
    }

    @Test
    void a_driving_command_echoes_the_newest_odometry_stamp() {
        f.publishRobotOnStraightPath();
        f.tick();
        f.advanceMillis(20);
        long odomStamp = f.now() - ControlTickFixture.ms(3); // measured 3 ms before the tick
        f.publishOdometryStamped(odomStamp, 1, 0, 0, 0, 0);
        assertThat(f.tick().reason()).isEqualTo(StopReason.NONE);
        assertThat(f.tick.lastVelocity().odometryStampNanos()).isEqualTo(odomStamp);
        assertThat(f.tick.lastWheels().odometryStampNanos()).isEqualTo(odomStamp);
        // The command's own stamp is the tick's time, not the odometry's.
        assertThat(f.tick.lastVelocity().stampNanos()).isEqualTo(f.now());
    }

    @Test
    void a_stop_for_stale_odometry_still_echoes_the_stale_stamp() {
        f.publishRobotOnStraightPath();
        long odomStamp = f.now();
        f.tick();
        assertThat(f.tickAfterMillis(500).reason()).isEqualTo(StopReason.STALE_ODOMETRY);
        assertThat(f.tick.lastVelocity().odometryStampNanos()).isEqualTo(odomStamp);
    }

    @Test
    void a_stop_before_any_odometry_echoes_none() {
        f.publishStraightPath(0, 20, 0.5);
        assertThat(f.tick().reason()).isNotEqualTo(StopReason.NONE);
        assertThat(f.tick.lastVelocity().odometryStampNanos()).isZero();
        assertThat(f.tick.lastWheels().odometryStampNanos()).isZero();
    }
}
