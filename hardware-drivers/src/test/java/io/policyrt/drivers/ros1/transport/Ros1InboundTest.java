package io.policyrt.drivers.ros1.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.drivers.inbound.WireFrame;
import io.policyrt.drivers.ros1.testing.TwistMessage;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;


/** The receive rules every ROS 1 sensor and command topic applies, on a manual clock. */
class Ros1InboundTest {
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(1_000_000 * MS);
    private final List<Double> published = new ArrayList<>();

    private final LatestValue<Odometry> slot = new LatestValue<>("test", Odometry::new);

    /** A topic whose "stamp" is linear.y [ms] and whose value (the odometry's x) is linear.x; angular.x = 1 makes the converter refuse. */
    private InboundChannel<TwistMessage, Odometry> inbound(long maxAgeNanos) {
        return Ros1Inbound.channel("/test", slot, new Odometry(), (TwistMessage m, Odometry into, long receivedNanos) -> {
            if (m.angularX == 1) {
                throw new IllegalArgumentException("refused");
            }
            long stamp = (long) (m.linearY * MS);
            into.set(stamp, m.linearX, 0, 0, 0, 0);
            return stamp;
        }, clock, new StampAdmission(500 * MS, maxAgeNanos), InputBounds.DEFAULTS);
    }

    /** Delivers {@code m} and notes the value when it reached the slot. */
    private void deliver(InboundChannel<TwistMessage, Odometry> in, TwistMessage m) {
        in.receive(m);
        if (slot.refresh()) {
            published.add(slot.latest().xM());
        }
    }

    private static TwistMessage msg(double value, long stampMs) {
        TwistMessage m = new TwistMessage();
        m.linearX = value;
        m.linearY = stampMs;
        return m;
    }

    @Test
    void later_stamps_are_accepted_and_earlier_equal_future_and_unstamped_ones_dropped() {
        InboundChannel<TwistMessage, Odometry> in = inbound(0);
        long now = clock.nanoTime() / MS;
        deliver(in, msg(1, now - 10));
        deliver(in, msg(2, now - 20)); // older than the last accepted
        deliver(in, msg(3, now - 10)); // same stamp again
        deliver(in, msg(4, now + 600)); // beyond the 500 ms future tolerance
        deliver(in, msg(5, 0)); // never stamped
        deliver(in, msg(6, now - 5));
        assertThat(published).containsExactly(1.0, 6.0);
        assertThat(in.accepted()).isEqualTo(2);
        assertThat(in.rejected(Reject.OUT_OF_ORDER)).isEqualTo(1);
        assertThat(in.rejected(Reject.DUPLICATE)).isEqualTo(1);
        assertThat(in.rejected(Reject.FUTURE_STAMP)).isEqualTo(1);
        assertThat(in.rejected(Reject.INVALID)).isEqualTo(1);
        assertThat(in.rejectedTotal()).isEqualTo(4);
        // latency of the accepted ones: 10 ms and 5 ms on the manual clock
        assertThat(in.latency().snapshot().getMaxValue()).isBetween(9_990_000L, 10_010_000L);
    }

    @Test
    void a_maximum_age_drops_stale_messages_and_a_refusing_converter_counts_invalid() {
        InboundChannel<TwistMessage, Odometry> in = inbound(250 * MS);
        long now = clock.nanoTime() / MS;
        deliver(in, msg(1, now - 300));
        TwistMessage refused = msg(2, now);
        refused.angularX = 1;
        deliver(in, refused);
        assertThat(published).isEmpty();
        assertThat(in.rejected(Reject.STALE)).isEqualTo(1);
        assertThat(in.rejected(Reject.INVALID)).isEqualTo(1);
    }

    @Test
    void non_finite_values_are_refused_as_on_every_transport() {
        InboundChannel<TwistMessage, Odometry> in = inbound(0);
        deliver(in, msg(Double.NaN, clock.nanoTime() / MS));
        deliver(in, msg(Double.POSITIVE_INFINITY, clock.nanoTime() / MS + 1));
        assertThat(published).isEmpty();
        assertThat(in.rejected(Reject.NON_FINITE)).isEqualTo(2);
    }

    @Test
    void implausible_positions_are_refused_as_on_every_transport_and_the_bound_itself_passes() {
        InboundChannel<TwistMessage, Odometry> in = inbound(0);
        long now = clock.nanoTime() / MS;
        deliver(in, msg(1e5, now - 3));     // 100 km, bound 10 km
        deliver(in, msg(-10_001, now - 2)); // just past the bound
        deliver(in, msg(10_000, now - 1));  // at the bound: accepted
        assertThat(published).containsExactly(10_000.0);
        assertThat(in.rejected(Reject.IMPLAUSIBLE)).isEqualTo(2);
        assertThat(in.accepted()).isEqualTo(1);
    }
    /**
     * The tap sees each message with the frame it came as, refused or accepted, and a frame the
     * transport could not read with its bytes; a refusal before any bytes were read comes without.
     */
    @Test
    void the_tap_gets_each_messages_frame_with_its_verdict_including_refused_and_unreadable_ones() {
        InboundChannel<TwistMessage, Odometry> in = inbound(0);
        List<String> seen = new ArrayList<>();
        in.tap((channel, receivedNanos, verdict, source, message, decoded, wire) -> seen.add(verdict + " " + source + " "
                + (wire == null ? "no bytes" : wire.lengthBytes() + " bytes, first " + wire.bytes().get(0))));
        WireFrame frame = new WireFrame();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
        long now = clock.nanoTime() / MS;
        buffer.put(0, (byte) 9);
        in.receive(msg(1, now - 10), "/robot", frame.set(buffer, 48));
        buffer.put(0, (byte) 8);
        in.receive(msg(2, now - 20), "/robot", frame.set(buffer, 48)); // older than the last accepted
        buffer.put(0, (byte) 7);
        in.reject(Reject.MALFORMED, "truncated", "/robot", frame.set(buffer, 3));
        in.reject(Reject.OVERSIZED, "too long", "/robot", null);
        assertThat(seen).containsExactly("NONE /robot 48 bytes, first 9", "OUT_OF_ORDER /robot 48 bytes, first 8",
                "MALFORMED /robot 3 bytes, first 7", "OVERSIZED /robot no bytes");
    }
}
