package io.policyrt.drivers.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.ObstacleTrack;
import org.junit.jupiter.api.Test;

class NearestObstacleExtractorTest {
    private static final int RAYS = 720;
    private static final double ANGLE_MIN = -Math.PI;
    private static final double INC = 2 * Math.PI / RAYS;

    private final NearestObstacleExtractor extractor = new NearestObstacleExtractor(ScanObstacleSettings.defaults());
    private final ObstacleTrack track = new ObstacleTrack();

    /** Ray-casts discs (x, y, radius in the scanner frame) into a 360-degree scan; misses read +Inf. */
    private static float[] scan(double[]... discs) {
        float[] ranges = new float[RAYS];
        for (int i = 0; i < RAYS; i++) {
            double a = ANGLE_MIN + i * INC;
            double ux = Math.cos(a);
            double uy = Math.sin(a);
            double best = Double.POSITIVE_INFINITY;
            for (double[] d : discs) {
                double b = ux * d[0] + uy * d[1];
                double c = d[0] * d[0] + d[1] * d[1] - d[2] * d[2];
                double disc = b * b - c;
                if (b > 0 && disc >= 0) {
                    best = Math.min(best, b - Math.sqrt(disc));
                }
            }
            ranges[i] = (float) best;
        }
        return ranges;
    }

    @Test
    void findsTheCentreAndRadiusOfADisc() {
        float[] ranges = scan(new double[] {2.0, 0.5, 0.3});
        extractor.extract(7, ANGLE_MIN, INC, 0.1, 30, ranges, RAYS, track);
        assertThat(track.present()).isTrue();
        assertThat(track.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
        assertThat(track.stampNanos()).isEqualTo(7);
        assertThat(track.radiusM()).isCloseTo(0.3, within(0.03));
        assertThat(track.xM()).isCloseTo(2.0, within(0.05));
        assertThat(track.yM()).isCloseTo(0.5, within(0.05));
        assertThat(track.vxMps()).isZero();
        assertThat(track.vyMps()).isZero();
    }

    @Test
    void picksTheNearestOfTwoObjects() {
        float[] ranges = scan(new double[] {3.0, 0.0, 0.3}, new double[] {-1.0, -1.0, 0.2});
        extractor.extract(0, ANGLE_MIN, INC, 0.1, 30, ranges, RAYS, track);
        assertThat(track.xM()).isCloseTo(-1.0, within(0.05));
        assertThat(track.yM()).isCloseTo(-1.0, within(0.05));
        assertThat(track.radiusM()).isCloseTo(0.2, within(0.03));
    }

    @Test
    void capsTheRadiusOfAWall() {
        float[] ranges = scan(new double[] {0.0, 21.0, 20.0});
        extractor.extract(0, ANGLE_MIN, INC, 0.1, 30, ranges, RAYS, track);
        assertThat(track.radiusM()).isEqualTo(0.5);
        assertThat(track.yM()).isCloseTo(1.5, within(0.05));
    }

    @Test
    void ignoresNonFiniteAndOutOfRangeReturns() {
        float[] ranges = scan(new double[] {2.0, 0.0, 0.3});
        ranges[10] = Float.NaN;
        ranges[11] = Float.NEGATIVE_INFINITY;
        ranges[12] = 0.01f; // below range_min: the robot's own body
        ranges[13] = 0.0f;
        extractor.extract(0, ANGLE_MIN, INC, 0.1, 30, ranges, RAYS, track);
        assertThat(track.isFinite()).isTrue();
        assertThat(track.xM()).isCloseTo(2.0, within(0.05));
    }

    @Test
    void reportsNoObstacleWhenNothingIsInRange() {
        float[] ranges = scan(new double[] {12.0, 0.0, 0.3});
        track.set(0, ObstacleTrack.Frame.ROBOT, 1, 1, 0, 0, 0.3);
        extractor.extract(99, ANGLE_MIN, INC, 0.1, 30, ranges, RAYS, track);
        assertThat(track.present()).isFalse();
        assertThat(track.stampNanos()).isEqualTo(99);
    }

    @Test
    void movesTheCentreByTheScannerMount() {
        NearestObstacleExtractor mounted = new NearestObstacleExtractor(
                new ScanObstacleSettings(0.15, 0.05, 0.5, 8, 0.2, 0.0, Math.PI / 2));
        // In the scanner frame the disc is straight ahead; the scanner looks left from 0.2 m forward.
        float[] ranges = scan(new double[] {1.5, 0.0, 0.25});
        mounted.extract(0, ANGLE_MIN, INC, 0.1, 30, ranges, RAYS, track);
        assertThat(track.xM()).isCloseTo(0.2, within(0.05));
        assertThat(track.yM()).isCloseTo(1.5, within(0.05));
    }

    @Test
    void refusesMalformedGeometry() {
        float[] ranges = new float[4];
        assertThatThrownBy(() -> extractor.extract(0, Double.NaN, INC, 0.1, 30, ranges, 4, track))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> extractor.extract(0, 0, 0, 0.1, 30, ranges, 4, track))
                .hasMessageContaining("angle_increment 0");
        assertThatThrownBy(() -> extractor.extract(0, 0, INC, 0.1, 30, ranges, 5, track))
                .hasMessageContaining("outside 0..4");
    }

    @Test
    void refusesBadSettings() {
        assertThatThrownBy(() -> new ScanObstacleSettings(0, 0.05, 0.5, 8, 0, 0, 0)).hasMessageContaining("cluster_gap_m");
        assertThatThrownBy(() -> new ScanObstacleSettings(0.1, 0.6, 0.5, 8, 0, 0, 0)).hasMessageContaining("max_radius_m");
    }
}
