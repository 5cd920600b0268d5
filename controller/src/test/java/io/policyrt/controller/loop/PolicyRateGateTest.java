package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * On-message mode's policy rate on a simulated time line: trigger messages at written-down times,
 * and the loop's decision for each (tick now, hold, or tick the held one when it falls due).
 */
class PolicyRateGateTest {
    private static final long US = 1_000L;

    /** Runs the loop's on-message logic over the given publish times; returns the times the policy ran. */
    private static List<Long> policyTicks(PolicyRateGate gate, long[] published) {
        List<Long> ticks = new ArrayList<>();
        boolean pending = false;
        long pendingAt = 0;
        for (int i = 0; i < published.length; i++) {
            long now = published[i];
            // Before this message: a held one may fall due.
            if (pending && gate.runsPolicy(pendingAt, gate.pendingDueNanos()) && gate.pendingDueNanos() < now) {
                long due = gate.pendingDueNanos();
                gate.policyTicked(due);
                ticks.add(due);
                pending = false;
            }
            gate.triggerSeen(i + 1, now);
            pending = true;
            pendingAt = now;
            if (gate.runsPolicy(pendingAt, now)) {
                gate.policyTicked(now);
                ticks.add(now);
                pending = false;
            }
        }
        return ticks;
    }

    private static long[] every(long intervalNanos, long jitterNanos, int n, long seed) {
        Random r = new Random(seed);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = ms(1) + i * intervalNanos + (jitterNanos == 0 ? 0 : (long) (r.nextDouble() * jitterNanos));
        }
        return t;
    }

    private static List<Long> intervals(List<Long> ticks, int from) {
        List<Long> d = new ArrayList<>();
        for (int i = Math.max(1, from); i < ticks.size(); i++) {
            d.add(ticks.get(i) - ticks.get(i - 1));
        }
        return d;
    }

    @Test
    void a_10_hz_policy_on_50_hz_odometry_runs_on_every_fifth_message_at_its_own_period() {
        // 50 Hz odometry with up to 2 ms of transport jitter, for 10 s; the policy period is 100 ms.
        long[] odometry = every(ms(20), ms(2), 500, 1);
        List<Long> ticks = policyTicks(new PolicyRateGate("odometry", ms(100)), odometry);

        // 10 s at 10 Hz: about 100 policy ticks, not the 500 of the old on-message mode. (In the
        // first second, before the interval is measured, the quarter-period tolerance lets every
        // fourth message through: 80 ms apart, a few more ticks.)
        assertThat(ticks).hasSizeBetween(100, 104);
        // After the first second (the trigger interval is then measured, tolerance 10 ms), every
        // policy tick is on a message as it arrives, 100 ms after the previous one within the jitter.
        List<Long> afterFirstSecond = ticks.stream().filter(t -> t > ms(1_100)).toList();
        assertThat(afterFirstSecond).allSatisfy(t -> assertThat(odometry).contains(t));
        assertThat(intervals(afterFirstSecond, 1)).allSatisfy(d -> assertThat(d).isBetween(ms(98), ms(102)));
    }

    @Test
    void a_trigger_earlier_than_one_period_after_the_last_policy_tick_does_not_run_the_policy() {
        PolicyRateGate gate = new PolicyRateGate("odometry", ms(100));
        assertThat(gate.runsPolicy(ms(5), ms(5))).isTrue(); // the first message runs it
        gate.policyTicked(ms(5));

        // 20 ms and 74 ms later (tolerance 25 ms, a quarter period, before the rate is
        // measured): held.
        assertThat(gate.runsPolicy(ms(25), ms(25))).isFalse();
        assertThat(gate.runsPolicy(ms(79), ms(79))).isFalse();
        // One period less the tolerance after the last policy tick: runs.
        assertThat(gate.runsPolicy(ms(80), ms(80))).isTrue();
        // A held message runs once one period plus the tolerance has passed.
        assertThat(gate.runsPolicy(ms(79), ms(129))).isFalse();
        assertThat(gate.runsPolicy(ms(79), ms(130))).isTrue();
    }

    @Test
    void a_held_message_runs_the_policy_once_a_period_and_the_tolerance_have_passed() {
        // 30 ms messages for a 100 ms policy: no message is a whole period after another, so the
        // freshest held one runs at the latest one period plus the tolerance after the last tick.
        long[] messages = every(ms(30), 0, 400, 1); // 12 s
        PolicyRateGate gate = new PolicyRateGate("odometry", ms(100));
        List<Long> ticks = policyTicks(gate, messages);

        assertThat(gate.toleranceNanos()).isEqualTo(ms(15)); // half the 30 ms interval
        // Never more often than one period less the tolerance, never less often than one period
        // plus the tolerance: the deadman (3 x the longest command interval) cannot fire.
        assertThat(intervals(ticks, 1)).allSatisfy(d -> assertThat(d).isBetween(ms(85), ms(115)));
        // About 10 Hz: between 8.7 and 11.8 ticks per second.
        assertThat(ticks).hasSizeBetween(104, 142);
    }

    @Test
    void a_trigger_slower_than_the_policy_runs_it_on_every_message() {
        long[] messages = every(ms(200), ms(1), 50, 1); // 5 Hz odometry for a 10 Hz policy
        List<Long> ticks = policyTicks(new PolicyRateGate("odometry", ms(100)), messages);

        assertThat(ticks).hasSize(50);
    }

    @Test
    void a_trigger_at_the_policy_rate_runs_it_on_every_message_as_it_arrives_however_bunched() {
        // 200 Hz odometry for a 200 Hz policy, each message late by up to 4 ms: two messages can
        // arrive 1 ms apart. Once the first second has shown that the trigger is not faster than
        // the policy, the gate is off and every message runs the policy as it arrives. (Before
        // that, the quarter-period tolerance may hold a bunched one for a moment.)
        long[] messages = every(ms(5), ms(4), 1_000, 4);
        PolicyRateGate gate = new PolicyRateGate("odometry", ms(5));
        List<Long> ticks = policyTicks(gate, messages);

        assertThat(gate.gated()).isFalse();
        List<Long> fromSecondOne = ticks.stream().filter(t -> t > ms(1_010)).toList();
        List<Long> messagesFromSecondOne = java.util.Arrays.stream(messages).boxed().filter(t -> t > ms(1_010)).toList();
        assertThat(fromSecondOne).isEqualTo(messagesFromSecondOne);
    }

    @Test
    void the_trigger_interval_is_measured_over_the_first_second_and_sets_the_tolerance() {
        PolicyRateGate gate = new PolicyRateGate("odometry", ms(100));
        for (int i = 0; i <= 50; i++) {
            assertThat(gate.triggerIntervalNanos()).isNaN();
            gate.triggerSeen(i + 1, ms(3) + i * ms(20));
        }
        assertThat(gate.triggerIntervalNanos()).isEqualTo(ms(20));
        assertThat(gate.toleranceNanos()).isEqualTo(ms(10));

        // A 40 Hz policy on 10 Hz odometry: the tolerance is capped at a quarter period.
        PolicyRateGate slow = new PolicyRateGate("odometry", ms(25));
        for (int i = 0; i <= 10; i++) {
            slow.triggerSeen(i + 1, i * ms(100));
        }
        assertThat(slow.toleranceNanos()).isEqualTo(ms(25) / 4);
    }

    @Test
    void the_due_time_of_a_message_is_its_arrival_when_on_time_else_the_held_deadline() {
        // 100 ms period, tolerance 25 ms (not measured yet); the last tick started at 7.05 ms.
        PolicyRateGate gate = new PolicyRateGate("odometry", ms(100));
        assertThat(gate.dueNanos(ms(7))).isEqualTo(ms(7));
        gate.policyTicked(ms(7) + 50 * US);
        assertThat(gate.dueNanos(ms(83))).isEqualTo(ms(83));
        assertThat(gate.dueNanos(ms(50))).isEqualTo(ms(132) + 50 * US);
    }
}
