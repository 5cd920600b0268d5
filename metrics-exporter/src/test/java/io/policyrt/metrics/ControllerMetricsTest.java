package io.policyrt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.Eventually;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The controller's metrics as the text format writes them, without the HTTP server. */
class ControllerMetricsTest {
    private static String text(RunningController c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, c.registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_running_loop_shows_its_ticks_phases_and_stop_reasons_in_prometheus_names() throws IOException {
        try (RunningController c = new RunningController()) {
            Eventually.until("the loop ticks", () -> c.fixture.tick.tickCount() > 20);
            String text = text(c);
            assertThat(text).contains("# TYPE policyrt_ticks_total counter", "# TYPE policyrt_loop_phase_seconds histogram",
                    "policyrt_loop_phase_seconds_bucket{phase=\"infer\",le=\"+Inf\"}", "policyrt_loop_wake_lateness_seconds_count",
                    "policyrt_input_age_seconds_sum", "policyrt_stop_ticks_total{reason=\"stale_odometry\"}",
                    "policyrt_stop_reason{reason=\"none\"} 1", "policyrt_command_link_up 1", "policyrt_estop_engaged 0",
                    "policyrt_last_tick_age_seconds");
            assertThat(text).doesNotContain("policyrt_recorder");
            assertThat(c.fixture.tick.governor().currentReason()).isEqualTo(StopReason.NONE);
        }
    }
}
