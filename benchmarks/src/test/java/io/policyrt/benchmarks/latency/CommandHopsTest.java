package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.benchmarks.latency.CommandHops.Moment;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The hop accounting on made-up moments, and the clock offset it moves harness stamps by. */
class CommandHopsTest {
    private static final long US = 1_000L;

    /** No offset: the odometry stamp is then a monotonic time too, and every hop is exact. */
    private final CommandHops hops = new CommandHops(0L);

    private static long p50(Map<String, Histogram> h, String hop) {
        return h.get(hop).getValueAtPercentile(50);
    }

    @Test
    void each_hop_is_the_time_from_the_previous_moment_of_the_same_command() {
        long stamp = 1_000_000 * US;
        hops.stamped(stamp);
        hops.received(stamp, stamp + 300 * US);
        hops.at(stamp, Moment.SLOT_WRITTEN, stamp + 320 * US);
        hops.at(stamp, Moment.TICK_STARTED, stamp + 330 * US);
        hops.at(stamp, Moment.TICK_ENDED, stamp + 430 * US);
        hops.at(stamp, Moment.SENDER_TOOK, stamp + 440 * US);
        hops.at(stamp, Moment.SEND_ENTERED, stamp + 460 * US);
        hops.at(stamp, Moment.SEND_RETURNED, stamp + 463 * US);
        hops.arrived(stamp, stamp + 600 * US);

        Map<String, Histogram> h = hops.hops();
        assertThat(List.copyOf(h.keySet())).containsExactly(
                "odometry stamped (driver) -> received: callback entry",
                "received: callback entry -> slot written",
                "slot written -> tick started",
                "tick started -> tick ended",
                "tick ended -> sender took the command",
                "sender took the command -> send call entered",
                "send call entered -> send call returned",
                "send call returned -> arrived at the driver");
        // 300 us in, 20 to the slot, 10 to the tick, 100 of tick, 10 to the sender, 20 to the call, 3 in it, 137 out.
        assertThat(p50(h, "odometry stamped (driver) -> received: callback entry")).isBetween(299 * US, 301 * US);
        assertThat(p50(h, "tick started -> tick ended")).isBetween(99 * US, 101 * US);
        assertThat(p50(h, "send call returned -> arrived at the driver")).isBetween(136 * US, 138 * US);
    }

    @Test
    void a_sender_that_takes_the_command_before_the_tick_has_stamped_its_end_counts_zero() {
        long stamp = 2_000_000 * US;
        hops.stamped(stamp);
        hops.received(stamp, stamp + 100 * US);
        hops.at(stamp, Moment.TICK_STARTED, stamp + 110 * US);
        hops.at(stamp, Moment.SENDER_TOOK, stamp + 150 * US);
        hops.at(stamp, Moment.TICK_ENDED, stamp + 160 * US); // stamped after the hand-off's bookkeeping
        hops.arrived(stamp, stamp + 300 * US);
        assertThat(p50(hops.hops(), "tick ended -> sender took the command")).isZero();
    }

    @Test
    void only_the_first_command_from_one_odometry_message_counts_and_the_floor_skips_the_tick() {
        long stamp = 3_000_000 * US;
        hops.stamped(stamp);
        hops.received(stamp, stamp + 100 * US);
        hops.at(stamp, Moment.SEND_ENTERED, stamp + 120 * US);
        hops.at(stamp, Moment.SEND_RETURNED, stamp + 130 * US);
        hops.at(stamp, Moment.SEND_RETURNED, stamp + 5_130 * US); // a later tick's command from the same odometry
        hops.arrived(stamp, stamp + 200 * US);
        hops.arrived(stamp, stamp + 5_200 * US);
        hops.arrived(7, 8); // never stamped: ignored

        Map<String, Histogram> h = hops.hops();
        assertThat(List.copyOf(h.keySet())).containsExactly(
                "odometry stamped (driver) -> received: callback entry",
                "received: callback entry -> send call entered",
                "send call entered -> send call returned",
                "send call returned -> arrived at the driver");
        assertThat(h.get("send call returned -> arrived at the driver").getTotalCount()).isEqualTo(1);
        assertThat(p50(h, "send call returned -> arrived at the driver")).isBetween(69 * US, 71 * US);
    }

    @Test
    void the_clock_offset_is_the_harness_clock_minus_the_monotonic_clock() {
        long offsetNanos = 5_000_000_000L;
        // Each of the bracketed reads would have to be descheduled for a millisecond to miss.
        assertThat(CommandHops.offsetNanos(() -> System.nanoTime() + offsetNanos))
                .isBetween(offsetNanos - 1_000_000, offsetNanos + 1_000_000);
    }

    @Test
    void reset_forgets_what_arrived_during_the_warm_up() {
        long stamp = 4_000_000 * US;
        hops.stamped(stamp);
        hops.received(stamp, stamp + 100 * US);
        hops.arrived(stamp, stamp + 200 * US);
        hops.reset();
        assertThat(hops.hops()).isEmpty();
    }
}
