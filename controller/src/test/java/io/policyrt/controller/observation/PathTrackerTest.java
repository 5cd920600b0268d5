package io.policyrt.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.PathReference;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PathTrackerTest {
    private static final Offset<Double> EPS = within(1e-9);

    private final PathTracker tracker = new PathTracker(1.0);

    /** Straight path from (x0, y0) to (x1, y1) with n points. */
    private static PathReference line(double x0, double y0, double x1, double y1, int n) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x0 + (x1 - x0) * i / (n - 1);
            ys[i] = y0 + (y1 - y0) * i / (n - 1);
        }
        return new PathReference(n).set(0, xs, ys, n, 0.5);
    }

    /** Circle of radius r around the origin starting at (r, 0), counter-clockwise when ccw. */
    private static PathReference circle(double r, boolean ccw, int n) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / (n - 1) * (ccw ? 1 : -1);
            xs[i] = r * Math.cos(t);
            ys[i] = r * Math.sin(t);
        }
        return new PathReference(n).set(0, xs, ys, n, 0.5);
    }

    @Test
    void on_a_path_along_x_a_robot_to_the_left_has_positive_lateral_error() {
        PathReference path = line(0, 0, 10, 0, 101);

        tracker.update(path, 3, 0.2, 0.1);

        assertThat(tracker.valid()).isTrue();
        assertThat(tracker.progressM()).isCloseTo(3.0, EPS);
        // y = +0.2 is left of a path heading +x.
        assertThat(tracker.lateralErrorM()).isCloseTo(0.2, EPS);
        // yaw 0.1 minus path heading 0.
        assertThat(tracker.headingErrorRad()).isCloseTo(0.1, EPS);
        assertThat(tracker.pathHeadingRad()).isCloseTo(0.0, EPS);
        assertThat(tracker.remainingM()).isCloseTo(7.0, EPS);
    }

    @Test
    void on_a_path_along_x_a_robot_to_the_right_has_negative_lateral_error() {
        tracker.update(line(0, 0, 10, 0, 101), 3, -0.4, -0.3);

        assertThat(tracker.lateralErrorM()).isCloseTo(-0.4, EPS);
        assertThat(tracker.headingErrorRad()).isCloseTo(-0.3, EPS);
    }

    @Test
    void on_a_path_heading_north_left_is_west() {
        // Heading +y (pi/2): the robot's left is -x.
        tracker.update(line(0, 0, 0, 10, 101), -0.2, 4, Math.PI / 2 + 0.05);

        assertThat(tracker.progressM()).isCloseTo(4.0, EPS);
        assertThat(tracker.lateralErrorM()).isCloseTo(0.2, EPS);
        assertThat(tracker.headingErrorRad()).isCloseTo(0.05, EPS);
        assertThat(tracker.pathHeadingRad()).isCloseTo(Math.PI / 2, EPS);
    }

    @Test
    void heading_error_is_wrapped_into_minus_pi_to_pi() {
        // Path heading pi (towards -x), robot yaw -3.0: -3.0 - pi = -6.14 rad, wrapped + 2 pi = 0.1416 rad.
        tracker.update(line(10, 0, 0, 0, 101), 5, 0, -3.0);

        assertThat(tracker.headingErrorRad()).isCloseTo(-3.0 - Math.PI + 2 * Math.PI, EPS);
        assertThat(tracker.headingErrorRad()).isBetween(-Math.PI, Math.PI);
    }

    @Test
    void the_look_ahead_point_is_given_in_the_robot_frame() {
        PathReference path = line(-5, 0, 5, 0, 101);

        // Robot at (0, 0.5) facing +x: the point 1 m ahead on the path is (1, 0) in the world,
        // 1 m forward and 0.5 m to the right in the robot frame.
        tracker.update(path, 0, 0.5, 0);
        assertThat(tracker.lookaheadXRobotM()).isCloseTo(1.0, EPS);
        assertThat(tracker.lookaheadYRobotM()).isCloseTo(-0.5, EPS);

        // Same place facing +y (north): world offset (1, -0.5) is 0.5 m behind and 1 m to the right.
        tracker.reset();
        tracker.update(path, 0, 0.5, Math.PI / 2);
        assertThat(tracker.lookaheadXRobotM()).isCloseTo(-0.5, EPS);
        assertThat(tracker.lookaheadYRobotM()).isCloseTo(-1.0, EPS);
    }

    @Test
    void past_the_end_the_look_ahead_point_extends_the_last_segment() {
        // Robot at x = 4.5 on a path ending at x = 5: 1 m ahead is x = 5.5, beyond the end.
        tracker.update(line(-5, 0, 5, 0, 101), 4.5, 0, 0);

        assertThat(tracker.lookaheadXRobotM()).isCloseTo(1.0, within(1e-6));
        assertThat(tracker.lookaheadYRobotM()).isCloseTo(0.0, within(1e-6));
        assertThat(tracker.remainingM()).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void curvature_is_one_over_the_radius_positive_turning_left() {
        // Radius 2 m, 1 cm segments: curvature 1 / 2 = 0.5 1/m. Measured as the heading change
        // over 0.3 m, it is off by at most one segment's turn (0.005 rad / 0.3 m = 0.017 1/m).
        tracker.update(circle(2.0, true, 1258), 2.0, 0.0, Math.PI / 2);
        assertThat(tracker.curvaturePerM()).isCloseTo(0.5, within(0.02));

        PathTracker cw = new PathTracker(1.0);
        cw.update(circle(2.0, false, 1258), 2.0, 0.0, -Math.PI / 2);
        assertThat(cw.curvaturePerM()).isCloseTo(-0.5, within(0.02));

        PathTracker straight = new PathTracker(1.0);
        straight.update(line(0, 0, 10, 0, 101), 3, 0, 0);
        assertThat(straight.curvaturePerM()).isCloseTo(0.0, EPS);
    }

    @Test
    void on_a_figure_eight_progress_keeps_increasing_through_the_crossing() {
        // Lemniscate of Bernoulli, a = 3 m: x = a cos t / (1 + sin^2 t), y = a sin t cos t / (1 + sin^2 t).
        // It crosses itself at the origin (t = pi/2 and 3 pi/2) at right angles; the total length
        // is about 5.244 a = 15.7 m, so the other branch lies about 7.9 m of arc away there.
        int segments = 2000;
        int n = segments + 1;
        double a = 3.0;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / segments;
            double d = 1 + Math.sin(t) * Math.sin(t);
            xs[i] = a * Math.cos(t) / d;
            ys[i] = a * Math.sin(t) * Math.cos(t) / d;
        }
        PathReference path = new PathReference(n).set(0, xs, ys, n, 0.5);
        assertThat(path.lengthM()).isCloseTo(5.244 * a, within(0.01));

        // The robot drives along the path 3 cm left of it, facing along it.
        int stride = 4;
        double previous = -1;
        for (int i = stride; i < n - 2 * stride; i += stride) {
            double tx = xs[i + 1] - xs[i - 1];
            double ty = ys[i + 1] - ys[i - 1];
            double len = Math.hypot(tx, ty);
            double x = xs[i] - 0.03 * ty / len;
            double y = ys[i] + 0.03 * tx / len;
            tracker.update(path, x, y, Math.atan2(ty, tx));

            // Progress is that of the vertex beside the robot, to within a few cm, and never decreases.
            assertThat(tracker.progressM()).as("progress at vertex %d", i)
                    .isCloseTo(path.arcLengthM(i), within(0.05))
                    .isGreaterThanOrEqualTo(previous);
            assertThat(tracker.lateralErrorM()).as("lateral error at vertex %d", i).isCloseTo(0.03, within(0.01));
            previous = tracker.progressM();
            if (i == 3 * segments / 4) {
                // At the second pass through the crossing, a search over the whole path takes the
                // first branch (the earliest of the near-closest): this is where the window matters.
                PathTracker fresh = new PathTracker(1.0);
                fresh.update(path, x, y, Math.atan2(ty, tx));
                assertThat(Math.abs(fresh.progressM() - path.arcLengthM(i))).isGreaterThan(5.0);
            }
        }
        assertThat(previous).isGreaterThan(path.lengthM() - 0.2);
    }

    @Test
    void on_a_closed_loop_a_new_path_starts_at_the_start_even_when_the_end_is_a_hair_closer() {
        // A circle that ends where it starts, as the figure-eight does; the robot stands at the
        // start, 2 cm towards the end (odometry noise), so the last segment is the closest one.
        int n = 401;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / (n - 1);
            xs[i] = 2 * Math.sin(t);
            ys[i] = 2 - 2 * Math.cos(t);
        }
        PathReference path = new PathReference(n).set(0, xs, ys, n, 0.5);
        tracker.update(path, -0.02, 0.0, 0.0);
        assertThat(tracker.progressM()).isLessThan(0.05);
        assertThat(tracker.remainingM()).isGreaterThan(path.lengthM() - 0.05);
    }

    @Test
    void on_a_figure_eight_the_right_lobe_curves_left_and_the_left_lobe_curves_right() {
        int n = 2001;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / (n - 1);
            double d = 1 + Math.sin(t) * Math.sin(t);
            xs[i] = 3 * Math.cos(t) / d;
            ys[i] = 3 * Math.sin(t) * Math.cos(t) / d;
        }
        PathReference path = new PathReference(n).set(0, xs, ys, n, 0.5);

        // At t = 0, the point (3, 0), the path goes up (+y) around the right lobe counter-clockwise.
        tracker.update(path, xs[0], ys[0] + 0.01, Math.PI / 2);
        assertThat(tracker.curvaturePerM()).isPositive();
        // At t = pi, the point (-3, 0), it goes up around the left lobe clockwise.
        PathTracker left = new PathTracker(1.0);
        left.update(path, xs[1000], ys[1000] + 0.01, Math.PI / 2);
        assertThat(left.curvaturePerM()).isNegative();
    }

    @Test
    void a_new_path_is_searched_from_scratch() {
        PathReference first = line(0, 0, 10, 0, 101);
        tracker.update(first, 8, 0, 0);
        assertThat(tracker.progressM()).isCloseTo(8.0, EPS);

        // A new path starting at x = 7: the robot at x = 8 is 1 m along it. A search around the
        // old progress (7.5 .. 10 m of the new path, x = 14.5 .. 17) would never find it.
        PathReference second = line(7, 0, 17, 0, 101);
        assertThat(second.id()).isNotEqualTo(first.id());
        tracker.update(second, 8, 0, 0);

        assertThat(tracker.progressM()).isCloseTo(1.0, EPS);
        assertThat(tracker.remainingM()).isCloseTo(9.0, EPS);
    }

    @Test
    void republishing_the_same_points_is_a_new_path_too() {
        double[] xs = {0, 10};
        double[] ys = {0, 0};
        PathReference path = new PathReference(2).set(0, xs, ys, 2, 0.5);
        tracker.update(path, 9, 0, 0);
        long oldId = path.id();

        path.set(1, xs, ys, 2, 0.5);
        tracker.update(path, 0.5, 0, 0); // far behind the old window, found by a full search

        assertThat(path.id()).isNotEqualTo(oldId);
        assertThat(tracker.progressM()).isCloseTo(0.5, EPS);
    }

    @Test
    void the_search_window_follows_the_previous_projection() {
        PathReference path = line(0, 0, 10, 0, 101);
        tracker.update(path, 2, 0, 0);

        // A pose 5 m further on lies beyond the window, which ends with the segment holding
        // 2 m + 2 m ahead, [4.0, 4.1]: it projects onto the window's far end, 4.1 m.
        tracker.update(path, 7, 0, 0);
        assertThat(tracker.progressM()).isCloseTo(4.1, within(1e-6));
        // reset() forgets the projection: the next update searches the whole path.
        tracker.reset();
        assertThat(tracker.valid()).isFalse();
        tracker.update(path, 7, 0, 0);
        assertThat(tracker.progressM()).isCloseTo(7.0, EPS);
    }

    @Test
    void a_pose_that_is_not_a_number_does_not_move_the_projection() {
        PathReference path = line(0, 0, 10, 0, 101);
        tracker.update(path, 5, 0, 0);

        // A burst of NaN odometry: the geometry is NaN (so the observation reports it), the
        // projection stays where it was.
        for (int k = 0; k < 20; k++) {
            tracker.update(path, Double.NaN, 0, 0);
            assertThat(tracker.lateralErrorM()).isNaN();
            assertThat(tracker.progressM()).isCloseTo(5.0, EPS);
        }
        tracker.update(path, 5, Double.POSITIVE_INFINITY, 0);
        assertThat(tracker.lateralErrorM()).isNaN();
        tracker.update(path, 5, 0, Double.NaN);
        assertThat(tracker.headingErrorRad()).isNaN();

        // Good odometry again, 0.1 m further on: found right there, not near the path start.
        tracker.update(path, 5.1, 0.05, 0);
        assertThat(tracker.progressM()).isCloseTo(5.1, EPS);
        assertThat(tracker.lateralErrorM()).isCloseTo(0.05, EPS);
    }

    @Test
    void an_empty_path_leaves_the_tracker_invalid() {
        tracker.update(new PathReference(10), 0, 0, 0);
        assertThat(tracker.valid()).isFalse();
    }

    @Test
    void the_look_ahead_distance_must_be_positive() {
        assertThatThrownBy(() -> new PathTracker(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PathTracker(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
