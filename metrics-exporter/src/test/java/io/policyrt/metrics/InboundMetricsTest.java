package io.policyrt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-topic counts and receive latency, read from the channels' own counters. */
class InboundMetricsTest {
    private final ManualClock clock = new ManualClock(1_000_000_000_000L);
    private final SensorSlots slots = new SensorSlots(16, clock);

    /** A channel whose messages are the stamp they carry: 0 means none, so the decoder stamps the arrival. */
    private InboundChannel<Long, Odometry> channel(String topic) {
        return new InboundChannel<>("test", topic, slots.odometry(), new Odometry(), (stamp, into, header, receivedNanos) -> {
            long s = stamp == 0 ? receivedNanos : stamp;
            into.set(s, 0, 0, 0, 0, 0);
            header.set(-1, s);
            return stamp < 0 ? Reject.MALFORMED : Reject.NONE;
        }, clock, new StampAdmission(50_000_000L, 0), InputBounds.DEFAULTS);
    }

    @Test
    void accepted_rejected_and_latency_per_topic_and_no_latency_for_a_topic_without_stamps() throws IOException {
        InboundChannel<Long, Odometry> odom = channel("/odom");
        InboundChannel<Long, Odometry> bare = channel("/bare");
        for (int i = 0; i < 3; i++) {
            clock.advance(10_000_000L);
            odom.receive(clock.nanoTime() - 2_000_000L); // stamped 2 ms before it arrived
            bare.receive(0L); // no stamp: stamped on arrival
        }
        odom.receive(-1L);
        PrometheusRegistry registry = new PrometheusRegistry();
        InboundMetrics.register(registry, () -> List.of(odom, bare));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("policyrt_inbound_accepted_total{topic=\"/odom\",transport=\"test\"} 3.0",
                "policyrt_inbound_accepted_total{topic=\"/bare\",transport=\"test\"} 3.0",
                "policyrt_inbound_rejected_total{reason=\"malformed\",topic=\"/odom\",transport=\"test\"} 1.0",
                "policyrt_inbound_rejected_total{reason=\"future_stamp\",topic=\"/odom\",transport=\"test\"} 0.0",
                // 2 ms lies in the (1 ms, 2.5 ms] bucket: 0 at or below 1 ms, all 3 at or below 2.5 ms.
                "policyrt_inbound_receive_latency_seconds_bucket{topic=\"/odom\",transport=\"test\",le=\"0.001\"} 0",
                "policyrt_inbound_receive_latency_seconds_bucket{topic=\"/odom\",transport=\"test\",le=\"0.0025\"} 3",
                "policyrt_inbound_receive_latency_seconds_count{topic=\"/odom\",transport=\"test\"} 3");
        assertThat(text).doesNotContain("policyrt_inbound_receive_latency_seconds_count{topic=\"/bare\"");
    }
}
