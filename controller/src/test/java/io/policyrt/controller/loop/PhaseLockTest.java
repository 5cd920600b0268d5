package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The phase lock on one simulated time line: a timer loop whose deadlines follow what {@link
 * PhaseLock#afterTick} says, and a trigger sensor whose arrival times the test writes down. No
 * clock is read and nothing waits.
 */
class PhaseLockTest {
    private static final long US = 1_000L;
    private static final long MARGIN = 200 * US;

    /** The loop at {@code period} from time 0, and a sensor whose n-th arrival is {@code arrival(n)}. */
    private static final class Run {
        final long period;
        final PhaseLock lock;
        final LongUnaryOperator arrival;
        long deadline;
        long n;           // index of the next arrival not yet published
        long count;       // arrivals published so far
        long latest;      // arrival time of the newest published value (0: none)
        final List<Long> lags = new ArrayList<>();      // deadline minus the arrival of the value its tick used
        final List<Long> intervals = new ArrayList<>(); // between consecutive deadlines
        final List<Long> shifts = new ArrayList<>();

        Run(long period, LongUnaryOperator arrival) {
            this.period = period;
            this.lock = new PhaseLock("odometry", period, MARGIN);
            this.arrival = arrival;
            this.deadline = period;
        }

        /** Runs {@code ticks} periods: each tick takes every arrival up to its deadline. */
        Run ticks(int ticks) {
            for (int i = 0; i < ticks; i++) {
                while (arrival.applyAsLong(n) <= deadline) {
                    latest = arrival.applyAsLong(n);
                    n++;
                    count++;
                }
                lags.add(latest == 0 ? -1 : deadline - latest);
                long shift = lock.afterTick(deadline, latest, count);
                shifts.add(shift);
                intervals.add(period + shift);
                deadline += period + shift;
            }
            return this;
        }

        List<Long> lastLags(int k) {
            return lags.subList(lags.size() - k, lags.size());
        }

        void assertPeriodKept() {
            // The deadline moves by at most a tenth of the period per period: every interval
            // between two deadlines lies in [0.9, 1.1] periods, whatever the sensor does.
            assertThat(intervals).allSatisfy(i -> assertThat(i).isBetween(period - period / 10, period + period / 10));
        }
    }

    /** Arrivals every {@code spacing} from {@code phase}, each late by a uniform [0, jitter) from a fixed seed. */
    private static LongUnaryOperator steady(long phase, long spacing, long jitter, long seed) {
        Random r = new Random(seed);
        long[] late = new long[100_000];
        for (int i = 0; i < late.length; i++) {
            late[i] = jitter == 0 ? 0 : (long) (r.nextDouble() * jitter);
        }
        return k -> phase + k * spacing + late[(int) k];
    }

    @Test
    void locks_onto_a_steady_sensor_and_ticks_just_after_each_arrival() {
        // 50 Hz loop, 50 Hz odometry arriving 7.3 ms into each period: free-running, a tick at
        // 20 ms uses a value 12.7 ms old.
        Run run = new Run(ms(20), steady(7_300 * US, ms(20), 0, 1)).ticks(200);

        assertThat(run.lags.get(0)).isEqualTo(12_700 * US);
        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        // Locked, with no jitter, each deadline falls the margin (200 us) after its arrival.
        assertThat(run.lastLags(50)).allSatisfy(lag -> assertThat(lag).isBetween(MARGIN - 5 * US, MARGIN + 5 * US));
        run.assertPeriodKept();
        // The rate did not change: 200 deadlines span 200 periods plus the phase moved, the short
        // way round: 12.5 ms earlier or 7.5 ms later; later it is.
        assertThat(run.deadline - ms(20)).isBetween(200 * ms(20) + 7_500 * US - 2 * US, 200 * ms(20) + 7_500 * US + 2 * US);
    }

    @Test
    void a_sensor_arriving_just_after_the_deadline_moves_the_deadline_later_not_a_period_earlier() {
        // Arrivals 0.1 ms after each free-running deadline: the tick uses a value 19.9 ms old.
        // Moving later by 0.3 ms fixes that; moving earlier would take 19.7 ms.
        Run run = new Run(ms(20), steady(ms(20) + 100 * US, ms(20), 0, 1)).ticks(100);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        assertThat(run.lastLags(20)).allSatisfy(lag -> assertThat(lag).isBetween(MARGIN - 5 * US, MARGIN + 5 * US));
        assertThat(run.shifts).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(0));
        run.assertPeriodKept();
    }

    @Test
    void stays_locked_through_jitter_within_bounds_and_keeps_every_tick_on_its_own_arrival() {
        // 200 Hz loop (5 ms), arrivals late by up to 0.3 ms: mean absolute deviation about
        // 75 us, well under the 833 us limit (a sixth of the period).
        Run run = new Run(ms(5), steady(1_700 * US, ms(5), 300 * US, 7)).ticks(2_000);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        assertThat(run.lock.fallbacks()).isZero();
        assertThat(run.lock.jitterNanos()).isBetween(30 * US, 150 * US);
        // The target lag is the margin plus twice the jitter, so a late arrival still lands
        // before its deadline: every tick in the last second used the value of its own period
        // (lag under 1 ms, never the previous period's ~5 ms).
        assertThat(run.lastLags(200)).allSatisfy(lag -> assertThat(lag).isBetween(0L, ms(1)));
        run.assertPeriodKept();
    }

    @Test
    void locks_onto_a_sensor_five_times_faster_than_the_loop() {
        // A 10 Hz policy with 50 Hz odometry: free-running, the newest value is up to 20 ms old.
        Run run = new Run(ms(100), steady(ms(3), ms(20), 0, 1)).ticks(60);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        assertThat(run.lastLags(20)).allSatisfy(lag -> assertThat(lag).isBetween(MARGIN - 5 * US, MARGIN + 5 * US));
        run.assertPeriodKept();
    }

    @Test
    void locks_onto_a_sensor_slower_than_the_loop_on_the_ticks_that_get_a_new_value() {
        // 50 Hz loop, 10 Hz sensor: one tick in five gets a new value; that tick should get it fresh.
        Run run = new Run(ms(20), steady(ms(13), ms(100), 0, 1)).ticks(400);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        // Ticks alternate a fresh value (lag = margin) and four reuses (lag + k periods).
        List<Long> last = run.lastLags(50);
        assertThat(last).filteredOn(lag -> lag < ms(1)).hasSize(10)
                .allSatisfy(lag -> assertThat(lag).isBetween(MARGIN - 5 * US, MARGIN + 5 * US));
        run.assertPeriodKept();
    }

    @Test
    void falls_back_on_an_irregular_sensor_and_never_moves_the_deadline() {
        // Intervals uniform in [5, 35] ms: 50 Hz on average, but no phase to lock onto.
        Random r = new Random(3);
        long[] at = new long[20_000];
        for (int i = 1; i < at.length; i++) {
            at[i] = at[i - 1] + ms(5) + (long) (r.nextDouble() * ms(30));
        }
        Run run = new Run(ms(20), k -> at[(int) k] + 1).ticks(500);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.FREE_RUNNING);
        assertThat(run.lock.locks()).isZero();
        assertThat(run.shifts).allSatisfy(s -> assertThat(s).isZero());
    }

    @Test
    void falls_back_when_the_sensor_rate_does_not_fit_the_period() {
        // 45 Hz odometry against a 50 Hz loop: its phase slides 2.2 ms per period, more than the
        // 2 ms step, and 45 per 50 periods is not a whole ratio.
        Run run = new Run(ms(20), steady(ms(1), 22_222_222L, 0, 1)).ticks(300);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.FREE_RUNNING);
        assertThat(run.shifts).allSatisfy(s -> assertThat(s).isZero());
    }

    @Test
    void falls_back_when_many_arrivals_per_period_slide_in_phase() {
        // A 10 Hz loop and odometry at 195.6 Hz instead of 200: 19.56 arrivals per period, so the
        // newest arrival's phase slides by 2.2 ms (of a 5.1 ms spacing) each period. Counting
        // alone would call that "about 20 per period"; the slide says it cannot be followed.
        Run run = new Run(ms(100), steady(ms(1), 5_112_474L, 0, 1)).ticks(100);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.FREE_RUNNING);
        assertThat(run.shifts).allSatisfy(s -> assertThat(s).isZero());
    }

    @Test
    void follows_a_slow_slide_it_can_track() {
        // A 50 Hz loop on the same 195.6 Hz odometry: 3.91 per period, the phase slides 0.45 ms
        // per period, within a tenth of the spacing and half the 2 ms step.
        Run run = new Run(ms(20), steady(ms(1), 5_112_474L, 0, 1)).ticks(500);

        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        // A steady slide leaves a steady lag behind the target (the smoothing's), not a drift:
        // the ticks stay within 2.5 ms of their arrival, against 2.6 ms on average free-running.
        assertThat(run.lastLags(100)).allSatisfy(lag -> assertThat(lag).isBetween(0L, 2_500 * US));
        run.assertPeriodKept();
    }

    @Test
    void falls_back_when_a_locked_sensor_turns_irregular_or_silent_and_keeps_the_period() {
        // Steady for 2 s, irregular (uniform lateness up to 15 ms) for the next 2 s, then silent.
        LongUnaryOperator steady = steady(ms(4), ms(20), 0, 1);
        LongUnaryOperator noisy = steady(ms(4), ms(20), ms(15), 5);
        Run run = new Run(ms(20), k -> k < 100 ? steady.applyAsLong(k) : k < 200 ? noisy.applyAsLong(k) : Long.MAX_VALUE);

        run.ticks(100);
        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.LOCKED);
        run.ticks(100);
        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.FREE_RUNNING);
        assertThat(run.lock.fallbacks()).isEqualTo(1);
        int fellBackAt = run.shifts.size();
        run.ticks(100);
        assertThat(run.lock.state()).isEqualTo(PhaseLock.State.FREE_RUNNING);
        assertThat(run.shifts.subList(fellBackAt, run.shifts.size())).allSatisfy(s -> assertThat(s).isZero());
        run.assertPeriodKept();
    }

    @Test
    void never_shortens_or_lengthens_the_period_beyond_a_tenth_for_any_sensor() {
        // Many sensors, regular or not, at many phases and rates.
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            long period = ms(1 + r.nextInt(100));
            long spacing = Math.max(US, (long) (period * (0.2 + r.nextDouble() * 3)));
            long jitter = (long) (spacing * r.nextDouble() * (r.nextBoolean() ? 0.05 : 1.0));
            Run run = new Run(period, steady((long) (r.nextDouble() * period), spacing, jitter, trial)).ticks(300);
            run.assertPeriodKept();
        }
    }

    @Test
    void a_margin_of_half_a_period_or_more_is_refused() {
        assertThatThrownBy(() -> new PhaseLock("odometry", ms(10), ms(5))).hasMessageContaining("margin");
    }
}
