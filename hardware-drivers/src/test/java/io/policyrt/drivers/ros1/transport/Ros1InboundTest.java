package io.policyrt.drivers.ros1.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros1.testing.TwistMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The receive rules every ROS 1 sensor and command topic applies, on a manual clock. */
class Ros1InboundTest {
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(1_000_000 * MS);
    private final List<Double> published = new ArrayList<>();

    /** A topic whose "stamp" is linear.y [ms] and whose value is linear.x; angular.x = 1 makes the converter refuse. */
    private Ros1Inbound<TwistMessage> inbound(long maxAgeNanos) {
        return new Ros1Inbound<>("/test", clock, 500 * MS, maxAgeNanos, new RateLimitedLog(LoggerFactory.getLogger("test"), 1)) {
            private double value;

            @Override
            protected long convert(TwistMessage m, long receivedNanos) {
                if (m.angularX == 1) {
                    throw new IllegalArgumentException("refused");
                }
                value = m.linearX;
                return (long) (m.linearY * MS);
            }

            @Override
            protected void publish() {
                published.add(value);
            }
        };
    }

    private static TwistMessage msg(double value, long stampMs) {
        TwistMessage m = new TwistMessage();
        m.linearX = value;
        m.linearY = stampMs;
        return m;
    }

    @Test
    void later_stamps_are_accepted_and_earlier_equal_future_and_unstamped_ones_dropped() {
        Ros1Inbound<TwistMessage> in = inbound(0);
        long now = clock.nanoTime() / MS;
        in.onMessage(msg(1, now - 10));
        in.onMessage(msg(2, now - 20)); // older than the last accepted
        in.onMessage(msg(3, now - 10)); // same stamp again
        in.onMessage(msg(4, now + 600)); // beyond the 500 ms future tolerance
        in.onMessage(msg(5, 0)); // never stamped
        in.onMessage(msg(6, now - 5));
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
        Ros1Inbound<TwistMessage> in = inbound(250 * MS);
        long now = clock.nanoTime() / MS;
        in.onMessage(msg(1, now - 300));
        TwistMessage refused = msg(2, now);
        refused.angularX = 1;
        in.onMessage(refused);
        assertThat(published).isEmpty();
        assertThat(in.rejected(Reject.STALE)).isEqualTo(1);
        assertThat(in.rejected(Reject.INVALID)).isEqualTo(1);
    }

    @Test
    void non_finite_values_pass_through_for_the_safety_governor() {
        Ros1Inbound<TwistMessage> in = inbound(0);
        in.onMessage(msg(Double.NaN, clock.nanoTime() / MS));
        assertThat(published).singleElement().satisfies(v -> assertThat(v).isNaN());
    }
}
