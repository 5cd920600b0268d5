package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.testing.Eventually;
import io.policyrt.metrics.testing.Scrape;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt demo --transport mqtt --metrics PORT}: the simulated robot and the controller
 * over the embedded broker, scraped twice during the run over a real socket; the counters move as
 * the run does, and the endpoint goes away with the run.
 */
class MetricsDemoIT {
    private static final Duration RUN_BOUND = Duration.ofSeconds(90);
    private static final String ODOM = "policyrt/robot1/odom";

    @Test
    void scrapes_during_a_demo_show_ticks_phases_and_topic_counts_growing(@TempDir Path dir) throws Exception {
        int port = DemoCommand.freeLoopbackPort();
        String url = "http://127.0.0.1:" + port;
        CompletableFuture<CommandLineRun> run = CompletableFuture.supplyAsync(() -> CommandLineRun.of("demo", "--transport", "mqtt",
                "--policy", "expert", "--path", "straight", "--encounter", "none", "--duration", "12", "--out",
                dir.resolve("plots").toString(), "--metrics", "127.0.0.1:" + port));

        // First scrape once the controller ticks on odometry that came over the broker.
        Scrape first = scrapeWhen(url, s -> s.value("policyrt_ticks_total") > 0
                && s.value("policyrt_inbound_accepted_total", "topic", ODOM) > 0);
        Eventually.until("readiness is 200 while the robot drives", RUN_BOUND, () -> status(url + "/readyz") == 200);
        assertThat(status(url + "/healthz")).isEqualTo(200);
        // Second scrape once the loop has run on: at 10 Hz, 10 more ticks is a second of driving.
        double ticksFirst = first.value("policyrt_ticks_total");
        Scrape second = scrapeWhen(url, s -> s.value("policyrt_ticks_total") >= ticksFirst + 10);

        assertThat(second.value("policyrt_loop_phase_seconds_count", "phase", "tick"))
                .isGreaterThan(first.value("policyrt_loop_phase_seconds_count", "phase", "tick"));
        assertThat(second.value("policyrt_loop_phase_seconds_bucket", "phase", "infer", "le", "+Inf"))
                .isGreaterThan(first.value("policyrt_loop_phase_seconds_bucket", "phase", "infer", "le", "+Inf"));
        assertThat(second.value("policyrt_loop_wake_lateness_seconds_count"))
                .isGreaterThan(first.value("policyrt_loop_wake_lateness_seconds_count"));
        assertThat(second.value("policyrt_inbound_accepted_total", "transport", "mqtt", "topic", ODOM))
                .isGreaterThan(first.value("policyrt_inbound_accepted_total", "transport", "mqtt", "topic", ODOM));
        assertThat(second.value("policyrt_inbound_receive_latency_seconds_count", "topic", ODOM))
                .isGreaterThan(first.value("policyrt_inbound_receive_latency_seconds_count", "topic", ODOM));
        assertThat(second.value("policyrt_inbound_rejected_total", "topic", ODOM, "reason", "malformed")).isZero();
        assertThat(second.value("policyrt_command_link_up")).isEqualTo(1);
        assertThat(second.value("policyrt_estop_engaged")).isZero();
        assertThat(second.value("policyrt_stop_reason", "reason", "none")).isEqualTo(1);
        assertThat(second.has("policyrt_input_age_seconds_bucket")).isTrue();

        CommandLineRun r = run.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(status(url + "/metrics")).as("the endpoint closes with the run").isEqualTo(-1);
    }

    private interface Condition {
        boolean holds(Scrape s);
    }

    private static Scrape scrapeWhen(String url, Condition condition) {
        Scrape[] last = new Scrape[1];
        Eventually.until("a scrape of " + url + "/metrics that shows the run going on", RUN_BOUND, () -> {
            try {
                Scrape s = Scrape.get(url + "/metrics", 5_000);
                last[0] = s;
                return s.status == 200 && condition.holds(s);
            } catch (IOException notYet) {
                return false;
            }
        }, () -> last[0] == null ? "no answer" : last[0].body);
        return last[0];
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    private static int status(String url) {
        try {
            return Scrape.get(url, 5_000).status;
        } catch (IOException e) {
            return -1;
        }
    }
}
