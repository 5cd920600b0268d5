package io.policyrt.launch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.launch.replay.TickReplay.ReplayedTick;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay of single hand-written ticks: normalization, the gates it decides and those it takes from the recording. */
class TickReplayTest {
    /** Two features, shift 1 and scale 2; the "policy" answers its observation as the action. */
    static final PolicySpec SPEC = PolicySpecCodec.decode(Map.of(
            "policyrt.spec_version", "1", "policyrt.task", "tracking-obstacle-v1",
            "policyrt.observation.features", "lateral_error_m,heading_error_rad",
            "policyrt.observation.shift", "1,0", "policyrt.observation.scale", "2,1",
            "policyrt.action.names", "v_mps,w_radps", "policyrt.action.low", "0,-1.5", "policyrt.action.high", "0.8,1.5",
            "policyrt.action.normalized", "true", "policyrt.control_period_s", "0.1"), "test spec");

    static final class Echo implements Policy {
        @Override public PolicySpec spec() { return SPEC; }
        @Override public void act(float[] observation, float[] action) {
            action[0] = observation[0];
            action[1] = observation[1];
        }
        @Override public void close() { }
    }

    static TickReplay replay() {
        return new TickReplay(new Echo(), SPEC.featureNames(), DriveConfig.defaults());
    }

    static byte[] tick(int i, String reason, String features, String observation, String action, double v) {
        return ("{\"tick\":" + i + ",\"controller_ns\":" + (i * 100_000_000L) + ",\"stop_reason\":\"" + reason + "\","
                + "\"features\":" + features + ",\"observation\":" + observation + ",\"action\":" + action + ","
                + "\"command\":{\"stamp_ns\":" + (i * 100_000_000L + 1000) + ",\"v_mps\":" + v
                + ",\"w_radps\":0,\"left_radps\":0,\"right_radps\":0}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void raw_features_are_normalized_with_the_replayed_policys_shift_and_scale() throws Exception {
        // lateral (1.25 - 1) * 2 = 0.5, heading 0.1 * 1 = 0.1: what the recorder wrote, so no difference.
        ReplayedTick t = replay().replay(tick(0, "NONE", "{\"lateral_error_m\":1.25,\"heading_error_rad\":0.1}",
                "{\"lateral_error_m\":0.5,\"heading_error_rad\":0.1}", "{\"v_mps\":0.5,\"w_radps\":0.1}", 0));
        assertThat(t.observation).containsExactly(0.5, (double) 0.1f);
        assertThat(t.observationMaxDiff()).isZero();
        assertThat(t.actionDiff).containsExactly(0.0, 0.0);
        assertThat(t.replayedReason).isEqualTo(StopReason.NONE);
    }

    @Test
    void an_input_gate_stop_is_taken_from_the_recording_and_commands_zero() throws Exception {
        ReplayedTick t = replay().replay(tick(0, "STALE_ODOMETRY", "null", "null", "null", 0));
        assertThat(t.replayedReason).isEqualTo(StopReason.STALE_ODOMETRY);
        assertThat(t.acted).isFalse();
        assertThat(t.command).containsExactly(0, 0, 0, 0);
        assertThat(t.stopDecisionDiffers()).isFalse();
    }

    @Test
    void a_missing_feature_value_stops_the_tick_as_a_non_finite_observation_where_the_recording_drove() throws Exception {
        // The recorder writes NaN as null; the controller would have stopped with NON_FINITE_OBSERVATION.
        ReplayedTick t = replay().replay(tick(0, "NONE", "{\"lateral_error_m\":null,\"heading_error_rad\":0.1}",
                "{\"lateral_error_m\":0.5,\"heading_error_rad\":0.1}", "{\"v_mps\":0.5,\"w_radps\":0.1}", 0.2));
        assertThat(t.replayedReason).isEqualTo(StopReason.NON_FINITE_OBSERVATION);
        assertThat(t.stopDecisionDiffers()).isTrue();
        // Recorded 0.2 m/s left, the replay stops: |0 - 0.2|.
        assertThat(t.commandDiff[0]).isEqualTo(0.2);
    }

    @Test
    void report_summarizes_max_mean_and_p99_of_each_difference() throws Exception {
        TickReplay r = replay();
        for (int i = 0; i < 4; i++) {
            // Recorded actions 0.5 + i/10 against the replayed 0.5: differences 0, 0.1, 0.2, 0.3 (as floats).
            r.replay(tick(i, "NONE", "{\"lateral_error_m\":1.25,\"heading_error_rad\":0}", "null",
                    "{\"v_mps\":" + (0.5 + i / 10.0) + ",\"w_radps\":0}", 0));
        }
        ReplayReport report = new ReplayReport(r.ticks(), SPEC.featureNames(), SPEC.actionNames());
        ReplayReport.Stats v = report.action(0);
        assertThat(v.count()).isEqualTo(4);
        assertThat(v.max()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(v.mean()).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(v.p99()).isEqualTo(v.max());
        assertThat(report.format()).contains("action.v_mps", "stop decision differs on 0 of 4 ticks");
        assertThat(List.of(report.observation().count())).containsExactly(0); // no recorded observation to compare
    }
}
