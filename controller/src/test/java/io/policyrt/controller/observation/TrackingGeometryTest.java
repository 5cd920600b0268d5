package io.policyrt.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TrackingGeometryTest {
    private static final Offset<Double> EPS = within(1e-9);

    private final SensorSlots slots = new SensorSlots(16);
    private final SensorSnapshot snapshot = new SensorSnapshot(slots);
    // Look-ahead 1 m, robot radius 0.3 m.
    private final TrackingGeometry geometry = new TrackingGeometry(1.0, 0.3);

    private void captureAndUpdate() {
        snapshot.capture();
        geometry.update(snapshot);
    }

    @Test
    void with_no_obstacle_reported_it_is_placed_far_ahead() {
        slots.odometry().write(new Odometry().set(0, 1, 2, 0.5, 0.4, 0));
        captureAndUpdate();

        assertThat(snapshot.hasObstacle()).isFalse();
        assertThat(geometry.obstacleRelXM()).isEqualTo(TrackingGeometry.NO_OBSTACLE_DISTANCE_M);
        assertThat(geometry.obstacleRelYM()).isZero();
        assertThat(geometry.obstacleDistanceM()).isEqualTo(10.0);
        // 10 m minus the robot's 0.3 m radius.
        assertThat(geometry.obstacleClearanceM()).isCloseTo(9.7, EPS);
    }

    @Test
    void a_report_of_no_obstacle_is_also_far_ahead() {
        slots.odometry().write(new Odometry().set(0, 0, 0, 0, 0, 0));
        slots.obstacle().write(new ObstacleTrack().setNone(0));
        captureAndUpdate();

        assertThat(snapshot.hasObstacle()).isTrue();
        assertThat(geometry.obstacleDistanceM()).isEqualTo(10.0);
    }

    @Test
    void a_world_frame_obstacle_is_turned_into_the_robot_frame() {
        // Robot at (1, 0) facing north (yaw pi/2) at 0.4 m/s; obstacle at (3, 1), radius 0.2 m,
        // moving north at 1 m/s.
        slots.odometry().write(new Odometry().set(0, 1, 0, Math.PI / 2, 0.4, 0));
        slots.obstacle().write(new ObstacleTrack().set(0, ObstacleTrack.Frame.WORLD, 3, 1, 0, 1, 0.2));
        captureAndUpdate();

        // World offset (2, 1): 1 m ahead (north) and 2 m to the right (east).
        assertThat(geometry.obstacleRelXM()).isCloseTo(1.0, EPS);
        assertThat(geometry.obstacleRelYM()).isCloseTo(-2.0, EPS);
        // Its 1 m/s north is 1 m/s forward, minus the robot's own 0.4 m/s: 0.6 m/s; nothing sideways.
        assertThat(geometry.obstacleRelVxMps()).isCloseTo(0.6, EPS);
        assertThat(geometry.obstacleRelVyMps()).isCloseTo(0.0, EPS);
        // Centres sqrt(1 + 4) = 2.236 m apart; outlines 2.236 - 0.3 - 0.2 = 1.736 m apart.
        assertThat(geometry.obstacleDistanceM()).isCloseTo(Math.sqrt(5), EPS);
        assertThat(geometry.obstacleClearanceM()).isCloseTo(Math.sqrt(5) - 0.5, EPS);
    }

    @Test
    void a_robot_frame_obstacle_is_used_as_given() {
        slots.odometry().write(new Odometry().set(0, 5, 5, 1.0, 0.4, 0));
        slots.obstacle().write(new ObstacleTrack().set(0, ObstacleTrack.Frame.ROBOT, 0.3, 0.4, -0.2, 0.1, 0.1));
        captureAndUpdate();

        assertThat(geometry.obstacleRelXM()).isEqualTo(0.3);
        assertThat(geometry.obstacleRelYM()).isEqualTo(0.4);
        assertThat(geometry.obstacleRelVxMps()).isEqualTo(-0.2);
        assertThat(geometry.obstacleRelVyMps()).isEqualTo(0.1);
        // 0.5 m apart, radii 0.3 + 0.1: clearance 0.1 m.
        assertThat(geometry.obstacleClearanceM()).isCloseTo(0.1, EPS);
    }

    @Test
    void the_robot_is_projected_onto_the_path_once_odometry_and_path_are_there() {
        slots.path().write(new PathReference(16).set(0, new double[] {0, 10}, new double[] {0, 0}, 2, 0.5));
        captureAndUpdate();
        assertThat(geometry.tracker().valid()).isFalse();

        // 0.25 m left of the path at 4 m along it: 6 m to go.
        slots.odometry().write(new Odometry().set(0, 4, 0.25, 0, 0, 0));
        captureAndUpdate();
        assertThat(geometry.tracker().valid()).isTrue();
        assertThat(geometry.tracker().lateralErrorM()).isCloseTo(0.25, EPS);
        assertThat(geometry.tracker().remainingM()).isCloseTo(6.0, EPS);
    }
}
