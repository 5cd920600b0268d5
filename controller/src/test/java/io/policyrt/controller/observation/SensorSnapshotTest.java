package io.policyrt.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.port.SensorSlots;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SensorSnapshotTest {
    private static final Offset<Double> EPS = within(1e-9);

    private final SensorSlots slots = new SensorSlots(16);
    // Robot radius 0.3 m.
    private final SensorSnapshot snapshot = new SensorSnapshot(slots, 1.0, 0.3);

    @Test
    void with_no_obstacle_reported_it_is_placed_far_ahead() {
        slots.odometry().write(new Odometry().set(0, 1, 2, 0.5, 0.4, 0));
        snapshot.capture();

        assertThat(snapshot.hasObstacle()).isFalse();
        assertThat(snapshot.obstacleRelXM()).isEqualTo(SensorSnapshot.NO_OBSTACLE_DISTANCE_M);
        assertThat(snapshot.obstacleRelYM()).isZero();
        assertThat(snapshot.obstacleDistanceM()).isEqualTo(10.0);
        // 10 m minus the robot's 0.3 m radius.
        assertThat(snapshot.obstacleClearanceM()).isCloseTo(9.7, EPS);
    }

    @Test
    void a_report_of_no_obstacle_is_also_far_ahead() {
        slots.odometry().write(new Odometry().set(0, 0, 0, 0, 0, 0));
        slots.obstacle().write(new ObstacleTrack().setNone(0));
        snapshot.capture();

        assertThat(snapshot.hasObstacle()).isTrue();
        assertThat(snapshot.obstacleDistanceM()).isEqualTo(10.0);
    }

    @Test
    void a_world_frame_obstacle_is_turned_into_the_robot_frame() {
        // Robot at (1, 0) facing north (yaw pi/2) at 0.4 m/s; obstacle at (3, 1), radius 0.2 m,
        // moving north at 1 m/s.
        slots.odometry().write(new Odometry().set(0, 1, 0, Math.PI / 2, 0.4, 0));
        slots.obstacle().write(new ObstacleTrack().set(0, ObstacleTrack.Frame.WORLD, 3, 1, 0, 1, 0.2));
        snapshot.capture();

        // World offset (2, 1): 1 m ahead (north) and 2 m to the right (east).
        assertThat(snapshot.obstacleRelXM()).isCloseTo(1.0, EPS);
        assertThat(snapshot.obstacleRelYM()).isCloseTo(-2.0, EPS);
        // Its 1 m/s north is 1 m/s forward, minus the robot's own 0.4 m/s: 0.6 m/s; nothing sideways.
        assertThat(snapshot.obstacleRelVxMps()).isCloseTo(0.6, EPS);
        assertThat(snapshot.obstacleRelVyMps()).isCloseTo(0.0, EPS);
        // Centres sqrt(1 + 4) = 2.236 m apart; outlines 2.236 - 0.3 - 0.2 = 1.736 m apart.
        assertThat(snapshot.obstacleDistanceM()).isCloseTo(Math.sqrt(5), EPS);
        assertThat(snapshot.obstacleClearanceM()).isCloseTo(Math.sqrt(5) - 0.5, EPS);
    }

    @Test
    void a_robot_frame_obstacle_is_used_as_given() {
        slots.odometry().write(new Odometry().set(0, 5, 5, 1.0, 0.4, 0));
        slots.obstacle().write(new ObstacleTrack().set(0, ObstacleTrack.Frame.ROBOT, 0.3, 0.4, -0.2, 0.1, 0.1));
        snapshot.capture();

        assertThat(snapshot.obstacleRelXM()).isEqualTo(0.3);
        assertThat(snapshot.obstacleRelYM()).isEqualTo(0.4);
        assertThat(snapshot.obstacleRelVxMps()).isEqualTo(-0.2);
        assertThat(snapshot.obstacleRelVyMps()).isEqualTo(0.1);
        // 0.5 m apart, radii 0.3 + 0.1: clearance 0.1 m.
        assertThat(snapshot.obstacleClearanceM()).isCloseTo(0.1, EPS);
    }

    @Test
    void capture_says_which_inputs_are_new_and_the_newest_stamp() {
        snapshot.capture();
        assertThat(snapshot.hasOdometry()).isFalse();
        assertThat(snapshot.newOdometry()).isFalse();

        slots.odometry().write(new Odometry().set(100, 0, 0, 0, 0, 0));
        slots.obstacle().write(new ObstacleTrack().setNone(250));
        slots.estop().write(new EStopSignal().set(50, false));
        snapshot.capture();
        assertThat(snapshot.newOdometry()).isTrue();
        assertThat(snapshot.newEStop()).isTrue();
        assertThat(snapshot.newestInputStampNanos()).isEqualTo(250);

        snapshot.capture();
        assertThat(snapshot.newOdometry()).isFalse();
        assertThat(snapshot.newEStop()).isFalse();
        assertThat(snapshot.hasOdometry()).isTrue();
    }
}
