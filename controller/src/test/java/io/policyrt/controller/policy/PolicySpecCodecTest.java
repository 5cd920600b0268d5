package io.policyrt.controller.policy;

import static io.policyrt.controller.policy.PolicySpecCodec.ACTIONS;
import static io.policyrt.controller.policy.PolicySpecCodec.ACTION_HIGH;
import static io.policyrt.controller.policy.PolicySpecCodec.ACTION_LOW;
import static io.policyrt.controller.policy.PolicySpecCodec.ACTION_NORMALIZED;
import static io.policyrt.controller.policy.PolicySpecCodec.CLIP;
import static io.policyrt.controller.policy.PolicySpecCodec.CONTROL_PERIOD;
import static io.policyrt.controller.policy.PolicySpecCodec.FEATURES;
import static io.policyrt.controller.policy.PolicySpecCodec.ROBOT_RADIUS;
import static io.policyrt.controller.policy.PolicySpecCodec.SCALE;
import static io.policyrt.controller.policy.PolicySpecCodec.SHIFT;
import static io.policyrt.controller.policy.PolicySpecCodec.SPEC_VERSION;
import static io.policyrt.controller.policy.PolicySpecCodec.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicySpecCodecTest {

    /** A small valid spec: three features, two actions. */
    private static Map<String, String> valid() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SPEC_VERSION, "1");
        m.put(TASK, "path_tracking_obstacle");
        m.put(FEATURES, "lateral_error_m, heading_error_rad,body_v_mps");
        m.put(SHIFT, "0,0,0.5");
        m.put(SCALE, "2");
        m.put(CLIP, "5,inf,5");
        m.put(ACTIONS, "v_mps,w_radps");
        m.put(ACTION_LOW, "-0.5,-1.5");
        m.put(ACTION_HIGH, "1.0,1.5");
        m.put(ACTION_NORMALIZED, "true");
        m.put(CONTROL_PERIOD, "0.05");
        m.put(ROBOT_RADIUS, "0.25");
        m.put("policyrt.provenance.algorithm", "DSAC-T");
        m.put("policyrt.provenance.training_steps", "200000");
        m.put("producer", "some exporter"); // foreign keys are left alone
        return m;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> decodingFails(Map<String, String> m) {
        return assertThatThrownBy(() -> PolicySpecCodec.decode(m, "robot.onnx (metadata)"))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageStartingWith("robot.onnx (metadata): ");
    }

    @Test
    void a_valid_spec_decodes_into_every_field() {
        PolicySpec s = PolicySpecCodec.decode(valid(), "robot.onnx (metadata)");

        assertThat(s.specVersion()).isEqualTo(1);
        assertThat(s.task()).isEqualTo("path_tracking_obstacle");
        assertThat(s.featureNames()).containsExactly("lateral_error_m", "heading_error_rad", "body_v_mps");
        assertThat(s.observationSize()).isEqualTo(3);
        assertThat(s.shift(2)).isEqualTo(0.5f);
        // One scale value applies to every feature.
        assertThat(s.scale(0)).isEqualTo(2f);
        assertThat(s.scale(2)).isEqualTo(2f);
        assertThat(s.clip(1)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(s.actionNames()).containsExactly("v_mps", "w_radps");
        assertThat(s.actionLow(0)).isEqualTo(-0.5);
        assertThat(s.actionHigh(1)).isEqualTo(1.5);
        assertThat(s.actionNormalized()).isTrue();
        // 0.05 s = 50,000,000 ns.
        assertThat(s.controlPeriodNanos()).isEqualTo(50_000_000L);
        assertThat(s.robotRadiusM()).isEqualTo(0.25);
        assertThat(s.provenance()).containsEntry("algorithm", "DSAC-T").containsEntry("training_steps", "200000")
                .hasSize(2);
        assertThat(s.source()).isEqualTo("robot.onnx (metadata)");
    }

    @Test
    void optional_keys_default_to_identity_normalization_and_a_30_cm_robot() {
        Map<String, String> m = valid();
        m.remove(SHIFT);
        m.remove(SCALE);
        m.remove(CLIP);
        m.remove(ROBOT_RADIUS);

        PolicySpec s = PolicySpecCodec.decode(m, "test");

        assertThat(s.shift(0)).isZero();
        assertThat(s.scale(1)).isEqualTo(1f);
        assertThat(s.clip(2)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(s.robotRadiusM()).isEqualTo(0.3);
    }

    @Test
    void encode_then_decode_gives_the_same_spec() {
        PolicySpec s = PolicySpecCodec.decode(valid(), "test");

        PolicySpec again = PolicySpecCodec.decode(PolicySpecCodec.encode(s), "test");

        assertThat(again).isEqualTo(s);
        assertThat(PolicySpecCodec.hasSpec(PolicySpecCodec.encode(s))).isTrue();
        assertThat(PolicySpecCodec.hasSpec(Map.of("producer", "x"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {SPEC_VERSION, TASK, FEATURES, ACTIONS, ACTION_LOW, ACTION_HIGH, ACTION_NORMALIZED, CONTROL_PERIOD})
    void a_missing_required_key_is_named(String key) {
        Map<String, String> m = valid();
        m.remove(key);
        decodingFails(m).hasMessageContaining("missing").hasMessageContaining(key);
    }

    @Test
    void a_blank_required_key_counts_as_missing() {
        Map<String, String> m = valid();
        m.put(TASK, "  ");
        decodingFails(m).hasMessageContaining("missing").hasMessageContaining(TASK);
    }

    @Test
    void an_unknown_policyrt_key_is_named() {
        Map<String, String> m = valid();
        m.put("policyrt.observation.sclae", "1");
        decodingFails(m).hasMessageContaining("unknown").hasMessageContaining("policyrt.observation.sclae");
    }

    @Test
    void a_list_with_the_wrong_number_of_values_is_named_with_the_count_expected() {
        Map<String, String> shift = valid();
        shift.put(SHIFT, "0,0");
        decodingFails(shift).hasMessageContaining(SHIFT).hasMessageContaining("2 values").hasMessageContaining("1 or 3");

        Map<String, String> low = valid();
        low.put(ACTION_LOW, "-0.5");
        decodingFails(low).hasMessageContaining(ACTION_LOW).hasMessageContaining("expected 2");

        Map<String, String> high = valid();
        high.put(ACTION_HIGH, "1,1,1");
        decodingFails(high).hasMessageContaining(ACTION_HIGH).hasMessageContaining("3 values");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0,1.5", "2.0,1.5"})
    void an_action_whose_low_is_not_below_its_high_names_the_keys_and_the_action(String low) {
        Map<String, String> m = valid();
        m.put(ACTION_LOW, low);
        decodingFails(m).hasMessageContaining(ACTION_LOW).hasMessageContaining(ACTION_HIGH).hasMessageContaining("v_mps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "TRUE", "1", "ture"})
    void a_normalized_flag_that_is_not_true_or_false_is_named(String value) {
        Map<String, String> m = valid();
        m.put(ACTION_NORMALIZED, value);
        decodingFails(m).hasMessageContaining(ACTION_NORMALIZED).hasMessageContaining("true or false")
                .hasMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.02", "11", "NaN", "20ms"})
    void a_control_period_that_is_not_a_positive_number_of_seconds_up_to_10_is_named(String value) {
        Map<String, String> m = valid();
        m.put(CONTROL_PERIOD, value);
        decodingFails(m).hasMessageContaining(CONTROL_PERIOD).hasMessageContaining(value);
    }

    @Test
    void a_wrong_spec_version_is_named() {
        Map<String, String> two = valid();
        two.put(SPEC_VERSION, "2");
        decodingFails(two).hasMessageContaining(SPEC_VERSION).hasMessageContaining("2");

        Map<String, String> text = valid();
        text.put(SPEC_VERSION, "one");
        decodingFails(text).hasMessageContaining(SPEC_VERSION).hasMessageContaining("integer");
    }

    @Test
    void a_clip_that_is_not_positive_is_named_with_its_feature() {
        Map<String, String> m = valid();
        m.put(CLIP, "5,0,5");
        decodingFails(m).hasMessageContaining(CLIP).hasMessageContaining("heading_error_rad");
    }

    @Test
    void a_value_that_is_not_a_number_is_named() {
        Map<String, String> shift = valid();
        shift.put(SHIFT, "0,zero,0");
        decodingFails(shift).hasMessageContaining(SHIFT).hasMessageContaining("zero");

        Map<String, String> high = valid();
        high.put(ACTION_HIGH, "1.0,fast");
        decodingFails(high).hasMessageContaining(ACTION_HIGH).hasMessageContaining("fast");

        Map<String, String> infinite = valid();
        infinite.put(ACTION_HIGH, "1.0,Infinity");
        decodingFails(infinite).hasMessageContaining(ACTION_HIGH).hasMessageContaining("not finite");
    }

    @Test
    void a_shift_or_scale_that_is_not_finite_names_its_key() {
        Map<String, String> shift = valid();
        shift.put(SHIFT, "0,NaN,0");
        decodingFails(shift).hasMessageContaining(SHIFT).hasMessageContaining("heading_error_rad");

        Map<String, String> scale = valid();
        scale.put(SCALE, "inf");
        decodingFails(scale).hasMessageContaining(SCALE).hasMessageContaining("lateral_error_m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "NaN", "Infinity", "wide"})
    void a_robot_radius_that_is_not_a_finite_non_negative_number_is_named(String value) {
        Map<String, String> m = valid();
        m.put(ROBOT_RADIUS, value);
        decodingFails(m).hasMessageContaining(ROBOT_RADIUS).hasMessageContaining(value);
    }

    @Test
    void empty_or_repeated_names_are_named() {
        Map<String, String> empty = valid();
        empty.put(FEATURES, "lateral_error_m,,body_v_mps");
        decodingFails(empty).hasMessageContaining(FEATURES).hasMessageContaining("empty name");

        Map<String, String> twice = valid();
        twice.put(ACTIONS, "v_mps,v_mps");
        decodingFails(twice).hasMessageContaining(ACTIONS).hasMessageContaining("'v_mps' twice");
    }
}
