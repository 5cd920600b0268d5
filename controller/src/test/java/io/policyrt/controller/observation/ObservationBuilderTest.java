package io.policyrt.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.testing.TestSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationBuilderTest {
    /** Raw feature values the test sets directly. */
    private final double[] raw = new double[3];
    private final FeatureRegistry registry = new FeatureRegistry();
    private final SensorSlots slots = new SensorSlots(16);
    private final SensorSnapshot snapshot = new SensorSnapshot(slots);
    private final TrackingGeometry geometry = new TrackingGeometry(1.0, 0.3);
    private final float[] obs = new float[3];

    ObservationBuilderTest() {
        registry.register("a", (s, g) -> raw[0]);
        registry.register("b", (s, g) -> raw[1]);
        registry.register("c", (s, g) -> raw[2]);
    }

    private ObservationBuilder builder(String shift, String scale, String clip) {
        Map<String, String> md = TestSpecs.trackingMetadata();
        md.put(PolicySpecCodec.FEATURES, "a,b,c");
        putOrRemove(md, PolicySpecCodec.SHIFT, shift);
        putOrRemove(md, PolicySpecCodec.SCALE, scale);
        putOrRemove(md, PolicySpecCodec.CLIP, clip);
        return new ObservationBuilder(TestSpecs.decode(md), registry);
    }

    private static void putOrRemove(Map<String, String> md, String key, String value) {
        if (value == null) {
            md.remove(key);
        } else {
            md.put(key, value);
        }
    }

    @Test
    void each_feature_is_shifted_scaled_and_clipped() {
        ObservationBuilder b = builder("1,0,-2", "2,0.5,1", "5,5,0.5");
        raw[0] = 3;    // (3 - 1) * 2 = 4, inside +-5
        raw[1] = 4;    // (4 - 0) * 0.5 = 2, inside +-5
        raw[2] = -2.2; // (-2.2 + 2) * 1 = -0.2, inside +-0.5

        assertThat(b.build(snapshot, geometry, obs)).isTrue();

        assertThat(obs[0]).isCloseTo(4f, within(1e-6f));
        assertThat(obs[1]).isCloseTo(2f, within(1e-6f));
        assertThat(obs[2]).isCloseTo(-0.2f, within(1e-6f));
        assertThat(b.size()).isEqualTo(3);
    }

    @Test
    void values_beyond_the_clip_are_clipped_on_both_sides() {
        ObservationBuilder b = builder("1,0,-2", "2,0.5,1", "5,5,0.5");
        raw[0] = 10;   // (10 - 1) * 2 = 18 -> +5
        raw[1] = -40;  // -40 * 0.5 = -20 -> -5
        raw[2] = 1e30; // huge -> +0.5

        assertThat(b.build(snapshot, geometry, obs)).isTrue();

        assertThat(obs).containsExactly(5f, -5f, 0.5f);
        // The raw values are kept for telemetry, unnormalized.
        assertThat(b.raw(0)).isEqualTo(10.0);
        assertThat(b.raw(1)).isEqualTo(-40.0);
    }

    @Test
    void a_single_value_applies_to_every_feature_and_defaults_are_identity_without_clip() {
        ObservationBuilder single = builder("0.5", "4", "1");
        raw[0] = 0.5;  // (0.5 - 0.5) * 4 = 0
        raw[1] = 0.6;  // 0.1 * 4 = 0.4
        raw[2] = 0.0;  // -0.5 * 4 = -2 -> -1
        single.build(snapshot, geometry, obs);
        assertThat(obs[0]).isCloseTo(0f, within(1e-6f));
        assertThat(obs[1]).isCloseTo(0.4f, within(1e-6f));
        assertThat(obs[2]).isEqualTo(-1f);

        ObservationBuilder identity = builder(null, null, null);
        raw[0] = 123.5;
        raw[1] = -7;
        raw[2] = 1e6;
        identity.build(snapshot, geometry, obs);
        assertThat(obs).containsExactly(123.5f, -7f, 1e6f);
    }

    @Test
    void a_finite_double_that_overflows_the_float_or_the_scaling_is_reported_not_finite() {
        ObservationBuilder identity = builder(null, null, null); // no shift, scale 1, no clip
        raw[0] = 1e39; // finite as a double, +Inf as a float (the float's largest is 3.4e38)
        raw[1] = 0;
        raw[2] = 0;
        assertThat(identity.build(snapshot, geometry, obs)).isFalse();
        assertThat(obs[0]).isEqualTo(Float.POSITIVE_INFINITY);

        ObservationBuilder scaled = builder("0", "10", null);
        raw[0] = 1e38; // 1e38 * 10 = 1e39: +Inf only after scaling
        assertThat(scaled.build(snapshot, geometry, obs)).isFalse();
        assertThat(obs[0]).isEqualTo(Float.POSITIVE_INFINITY);

        raw[0] = -3e38; // still a float, however close to the limit
        assertThat(identity.build(snapshot, geometry, obs)).isTrue();
    }

    @Test
    void nan_passes_through_unclipped_and_build_reports_it() {
        ObservationBuilder b = builder("1,0,-2", "2,0.5,1", "5,5,0.5");
        raw[0] = 3;
        raw[1] = Double.NaN;
        raw[2] = -2.2;

        assertThat(b.build(snapshot, geometry, obs)).isFalse();

        // The NaN is not clipped into a plausible number; the other features are still built.
        assertThat(obs[1]).isNaN();
        assertThat(obs[0]).isCloseTo(4f, within(1e-6f));
        assertThat(obs[2]).isCloseTo(-0.2f, within(1e-6f));
    }

    @Test
    void infinity_passes_through_unclipped_and_build_reports_it() {
        ObservationBuilder b = builder("0", "1", "5");
        raw[2] = Double.NEGATIVE_INFINITY;

        assertThat(b.build(snapshot, geometry, obs)).isFalse();
        assertThat(obs[2]).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void a_finite_build_after_a_nan_one_reports_finite_again() {
        ObservationBuilder b = builder("0", "1", "5");
        raw[0] = Double.NaN;
        assertThat(b.build(snapshot, geometry, obs)).isFalse();
        raw[0] = 1;
        assertThat(b.build(snapshot, geometry, obs)).isTrue();
        assertThat(obs[0]).isEqualTo(1f);
    }

    @Test
    void an_unknown_feature_name_is_refused_naming_it_and_the_known_ones() {
        Map<String, String> md = TestSpecs.trackingMetadata();
        md.put(PolicySpecCodec.FEATURES, "a,wheel_slip");
        PolicySpec spec = TestSpecs.decode(md);

        assertThatThrownBy(() -> new ObservationBuilder(spec, registry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wheel_slip").hasMessageContaining("a, b, c");
    }

    @Test
    void tracking_features_are_computed_from_the_snapshot_and_its_geometry() {
        Map<String, String> md = TestSpecs.trackingMetadata();
        md.put(PolicySpecCodec.FEATURES, "lateral_error_m,speed_error_mps,body_w_radps,path_remaining_m");
        ObservationBuilder b = new ObservationBuilder(TestSpecs.decode(md), FeatureRegistry.tracking());
        slots.path().write(new PathReference(16).set(0, new double[] {0, 10}, new double[] {0, 0}, 2, 0.5));
        slots.odometry().write(new Odometry().set(0, 4, 0.25, 0, 0.3, -0.1));
        snapshot.capture();
        geometry.update(snapshot);
        float[] tracking = new float[4];

        assertThat(b.build(snapshot, geometry, tracking)).isTrue();

        // 0.25 m left of the path; 0.3 - 0.5 m/s below target; yaw rate as measured; 10 - 4 m to go.
        assertThat(tracking).containsExactly(new float[] {0.25f, -0.2f, -0.1f, 6f}, within(1e-6f));
    }
}
