package io.policyrt.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The receive rules of one topic, on a manual clock, without a broker. */
class MqttInboundTest {
    static final long T0 = 1_700_000_000_000_000_000L;
    final ManualClock clock = new ManualClock(T0);
    final LatestValue<Odometry> slot = new LatestValue<>("odometry", Odometry::new);
    final BinaryCodec codec = BinaryCodec.INSTANCE;

    InboundChannel<byte[], Odometry> topic(long maxAgeNanos) {
        TopicSpec spec = new TopicSpec("r/odom", PayloadFormat.BINARY, 0, 100);
        return MqttInbound.channel(spec, slot, new Odometry(), PayloadCodec::decodeOdometry, clock,
                new StampAdmission(500_000_000L, maxAgeNanos), InputBounds.DEFAULTS);
    }

    byte[] odom(long seq, long stamp, double x) {
        return codec.encodeOdometry(seq, new Odometry().set(stamp, x, 0, 0, 0, 0));
    }

    /** The e-stop topic's channel as the MQTT source builds it, into a latch with a 100 ms hold on the manual clock. */
    InboundChannel<byte[], EStopSignal> estopTopic(EStopLatch latch, PayloadFormat format) {
        TopicSpec spec = new TopicSpec("r/estop", format, 1, 200);
        return MqttInbound.channel(spec, latch, new EStopSignal(), PayloadCodec::decodeEStop, clock,
                new StampAdmission(500_000_000L, 0), InputBounds.DEFAULTS);
    }

    @Test
    void a_tap_sees_every_message_once_with_its_verdict_the_payload_and_the_decoded_value() {
        InboundChannel<byte[], Odometry> t = topic(0);
        java.util.List<String> seen = new java.util.ArrayList<>();
        t.tap((channel, receivedNanos, verdict, source, message, decoded, wire) -> seen.add(channel.name() + " " + verdict + " "
                + receivedNanos + " " + source + " " + (message == null ? "-" : ((byte[]) message).length + "B") + " "
                + (decoded == null ? "-" : "x=" + ((Odometry) decoded).xM())));
        byte[] first = odom(1, T0, 1.5);
        t.receive(first);
        t.receive(first); // the same stamp and sequence again: a duplicate, decoded but refused
        t.receive("garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        t.reject(Reject.OVERSIZED, "refused by the transport before decoding");
        assertThat(seen).containsExactly(
                "r/odom NONE " + T0 + " r/odom " + first.length + "B x=1.5",
                "r/odom DUPLICATE " + T0 + " r/odom " + first.length + "B x=1.5",
                "r/odom MALFORMED " + T0 + " r/odom 7B -",
                "r/odom OVERSIZED " + T0 + " r/odom - -");
        assertThat(t.transport()).isEqualTo("mqtt");

        t.tap((channel, receivedNanos, verdict, source, message, decoded, wire) -> {
            throw new IllegalStateException("broken tap");
        });
        t.receive(odom(2, T0 + 1, 2.0));
        assertThat(t.accepted()).as("a throwing tap changes nothing of the channel's work").isEqualTo(2);
        assertThat(t.tapFailures()).isEqualTo(1);
        t.tap(null);
        t.receive(odom(3, T0 + 2, 2.0));
        assertThat(t.accepted()).isEqualTo(3);
    }

    @Test
    void oversized_and_malformed_estop_payloads_engage_by_the_topic() {
        for (PayloadFormat format : PayloadFormat.values()) {
            EStopLatch latch = new EStopLatch(new EStopRules(EStopRules.Release.SAME_SOURCE, 100_000_000L, 0), clock);
            InboundChannel<byte[], EStopSignal> t = estopTopic(latch, format);
            t.receive(new byte[201]); // longer than the topic's 200 bytes: refused before decoding
            assertThat(t.rejected(Reject.OVERSIZED)).isEqualTo(1);
            assertThat(latch.engages()).as("%s: an oversized e-stop message engages", format).isEqualTo(1);
            assertThat(latch.holders()).isEqualTo("r/estop");
            t.receive("garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(t.rejected(Reject.MALFORMED) + t.rejected(Reject.UNSUPPORTED_VERSION)).isEqualTo(1);
            assertThat(latch.engages()).as("%s: a malformed e-stop message engages", format).isEqualTo(2);
            assertThat(t.accepted()).isZero();
        }
    }

    @Test
    void estop_with_a_source_that_cannot_be_read_engages_by_the_topic_not_by_the_name_it_claims() {
        EStopLatch latch = new EStopLatch(new EStopRules(EStopRules.Release.SAME_SOURCE, 100_000_000L, 0), clock);
        InboundChannel<byte[], EStopSignal> t = estopTopic(latch, PayloadFormat.JSON);
        byte[] tooLong = ("{\"stamp_ns\":5,\"engaged\":false,\"source\":\"" + "a".repeat(65) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        t.receive(tooLong);
        assertThat(t.rejected(Reject.MALFORMED)).isEqualTo(1);
        assertThat(latch.holders()).as("a release with an overlong source is an engage by the topic").isEqualTo("r/estop");
        // A readable source: the engage is held by that name, and only that name's false releases it.
        t.receive(JsonCodec.INSTANCE.encodeEStop(1, new EStopSignal().set(T0, true, "pendant")));
        assertThat(latch.holders()).isEqualTo("r/estop,pendant");
        clock.advance(100_000_000L); // the 100 ms hold time has passed
        t.receive(JsonCodec.INSTANCE.encodeEStop(2, new EStopSignal().set(T0, false, "pendant")));
        assertThat(latch.holders()).isEqualTo("r/estop");
        t.receive(JsonCodec.INSTANCE.encodeEStop(3, new EStopSignal().set(T0, false)));
        assertThat(latch.latched()).as("the topic's own false (no source) releases the topic's engage").isFalse();
    }

    @Test
    void later_stamps_are_accepted_and_reach_the_slot_with_their_latency() {
        InboundChannel<byte[], Odometry> t = topic(0);
        clock.set(T0 + 2_000_000); // decoded 2 ms after the stamp
        t.receive(odom(1, T0, 1.0));
        assertThat(slot.refresh()).isTrue();
        assertThat(slot.latest().xM()).isEqualTo(1.0);
        assertThat(t.accepted()).isEqualTo(1);
        assertThat(t.latency().snapshot().getValueAtPercentile(50)).isBetween(1_990_000L, 2_010_000L);
    }

    @Test
    void duplicates_and_older_stamps_are_dropped_and_counted() {
        InboundChannel<byte[], Odometry> t = topic(0);
        t.receive(odom(5, T0, 1.0));
        t.receive(odom(5, T0, 9.0));             // QoS 1 redelivery: same stamp and sequence
        t.receive(odom(6, T0 - 1, 9.0));         // older stamp, even with a higher sequence
        t.receive(odom(4, T0, 9.0));             // same stamp, lower sequence
        assertThat(t.rejected(Reject.DUPLICATE)).isEqualTo(1);
        assertThat(t.rejected(Reject.OUT_OF_ORDER)).isEqualTo(2);
        slot.refresh();
        assertThat(slot.latest().xM()).isEqualTo(1.0);
        assertThat(slot.publishCount()).isEqualTo(1);
    }

    @Test
    void same_stamp_with_a_higher_sequence_and_a_restarted_sender_are_accepted() {
        InboundChannel<byte[], Odometry> t = topic(0);
        t.receive(odom(5, T0, 1.0));
        t.receive(odom(6, T0, 2.0));             // two samples in one clock tick
        t.receive(odom(0, T0 + 1_000, 3.0));     // the sender restarted its sequence; its stamps still rise
        assertThat(t.accepted()).isEqualTo(3);
        assertThat(t.rejectedTotal()).isZero();
    }

    @Test
    void stamps_beyond_the_future_tolerance_are_refused_and_do_not_lock_the_topic() {
        InboundChannel<byte[], Odometry> t = topic(0);
        t.receive(odom(1, T0 + 501_000_000L, 1.0)); // 501 ms ahead, tolerance 500 ms
        t.receive(odom(2, T0 + 400_000_000L, 2.0)); // 400 ms ahead: a clock a little off is tolerated
        t.receive(odom(3, T0 + 400_000_001L, 3.0));
        assertThat(t.rejected(Reject.FUTURE_STAMP)).isEqualTo(1);
        assertThat(t.accepted()).isEqualTo(2);
    }

    @Test
    void messages_older_than_the_maximum_age_are_stale() {
        InboundChannel<byte[], Odometry> t = topic(250_000_000L);
        clock.set(T0 + 300_000_000L);
        t.receive(odom(1, T0, 1.0));                 // 300 ms old
        t.receive(odom(2, T0 + 100_000_000L, 2.0));  // 200 ms old
        assertThat(t.rejected(Reject.STALE)).isEqualTo(1);
        assertThat(t.accepted()).isEqualTo(1);
    }

    @Test
    void odometry_outside_its_physical_bounds_is_implausible_and_values_at_the_bounds_pass() {
        InboundChannel<byte[], Odometry> t = topic(0);
        t.receive(codec.encodeOdometry(1, new Odometry().set(T0, 1e5, 0, 0, 0, 0)));          // 100 km away, bound 10 km
        t.receive(codec.encodeOdometry(2, new Odometry().set(T0 + 1, 0, 0, 0, 50, 0)));       // 50 m/s, bound 20 m/s
        t.receive(codec.encodeOdometry(3, new Odometry().set(T0 + 2, 0, 0, 0, 0, -21)));      // 21 rad/s, bound 20 rad/s
        t.receive(codec.encodeOdometry(4, new Odometry().set(T0 + 3, -10_000, 10_000, 0, -20, 20))); // every bound, inclusive
        assertThat(t.rejected(Reject.IMPLAUSIBLE)).isEqualTo(3);
        assertThat(t.accepted()).isEqualTo(1);
        assertThat(slot.refresh()).isTrue();
        assertThat(slot.latest().xM()).isEqualTo(-10_000);
        assertThat(t.countsJson()).isEqualTo("{\"accepted\":1,\"IMPLAUSIBLE\":3}");
    }

    @Test
    void an_obstacle_wider_than_its_bound_is_implausible() {
        LatestValue<ObstacleTrack> obstacles = new LatestValue<>("obstacle", ObstacleTrack::new);
        TopicSpec spec = new TopicSpec("r/obstacle", PayloadFormat.BINARY, 0, 100);
        InboundChannel<byte[], ObstacleTrack> t = MqttInbound.channel(spec, obstacles, new ObstacleTrack(), PayloadCodec::decodeObstacle,
                clock, new StampAdmission(500_000_000L, 0), InputBounds.DEFAULTS);
        ObstacleTrack o = new ObstacleTrack();
        t.receive(codec.encodeObstacle(1, o.set(T0, ObstacleTrack.Frame.ROBOT, 1, 0, 0, 0, 20)));      // 20 m radius, bound 10 m
        t.receive(codec.encodeObstacle(2, o.set(T0 + 1, ObstacleTrack.Frame.ROBOT, 1, 0, 25, 0, 0.5))); // 25 m/s, bound 20 m/s
        t.receive(codec.encodeObstacle(3, o.set(T0 + 2, ObstacleTrack.Frame.WORLD, 10_000, -10_000, 20, -20, 10)));
        assertThat(t.rejected(Reject.IMPLAUSIBLE)).isEqualTo(2);
        assertThat(t.accepted()).isEqualTo(1);
        assertThat(obstacles.refresh()).isTrue();
        assertThat(obstacles.latest().radiusM()).isEqualTo(10);
    }

    @Test
    void oversized_and_undecodable_payloads_are_counted_by_reason() {
        InboundChannel<byte[], Odometry> t = topic(0);
        t.receive(new byte[101]);
        t.receive(new byte[3]);
        assertThat(t.rejected(Reject.OVERSIZED)).isEqualTo(1);
        assertThat(t.rejected(Reject.MALFORMED)).isEqualTo(1);
        assertThat(t.countsJson()).isEqualTo("{\"accepted\":0,\"OVERSIZED\":1,\"MALFORMED\":1}");
    }

    @Test
    void receiving_allocates_nothing_on_the_transport_thread() {
        InboundChannel<byte[], Odometry> t = topic(0);
        byte[][] payloads = new byte[1000][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = odom(i, T0 + i, i);
        }
        for (int round = 0; round < 20; round++) { // warm-up: let the JIT settle (stamps rise, so every message is accepted)
            clock.set(T0 + round * 1000L);
            for (int i = 0; i < payloads.length; i++) {
                payloads[i] = odom(i, T0 + round * 1000L + i, i);
            }
            for (byte[] p : payloads) {
                t.receive(p);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = odom(i, T0 + 100_000L + i, i);
        }
        long before = mx.getThreadAllocatedBytes(id);
        for (byte[] p : payloads) {
            t.receive(p);
        }
        long allocated = mx.getThreadAllocatedBytes(id) - before;
        assertThat(t.accepted()).isEqualTo(21_000);
        // 1,000 messages allocating one small object each would be 16 kB.
        assertThat(allocated).isLessThan(1_000);
    }

    @Test
    void the_command_sink_allocates_nothing_on_the_control_thread() throws Exception {
        MqttTopics topics = MqttTopics.standard("p", "r", PayloadFormat.BINARY);
        // Never connected: the publisher thread's publishes fail fast, which is not what is measured here.
        MqttConnection c = new MqttConnection(MqttSettings.of("tcp://127.0.0.1:1", "alloc"), "controller", topics.status(),
                SystemNanoClock.INSTANCE);
        try (MqttCommandSink sink = new MqttCommandSink(c, topics)) {
            WheelCommand w = new WheelCommand();
            VelocityCommand v = new VelocityCommand();
            for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT settle
                sink.send(w.set(T0 + i, 1, 2), v.set(T0 + i, 0.1, 0.2));
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10_000; i++) {
                sink.send(w.set(T0 + i, 1, 2), v.set(T0 + i, 0.1, 0.2));
            }
            long allocated = mx.getThreadAllocatedBytes(id) - before;
            // The bean's own bookkeeping may show a few bytes; 10,000 sends allocating one object each would be 160 kB.
            assertThat(allocated).isLessThan(1_000);
        } finally {
            c.close();
        }
    }
}
