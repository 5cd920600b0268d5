package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.testing.SentCommand;
import io.policyrt.controller.time.SystemNanoClock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop on its own thread with the system clock. These tests observe a real thread, so they
 * wait by bounded polling for what must happen and never assert how long anything took.
 */
class ControlLoopTest {
    /** Odometry stays usable for 10 s here, so only the loop's own trigger logic stops the robot. */
    private static final SafetyLimits RELAXED = new SafetyLimits(ms(10_000), ms(10_000), 0, false, ms(1_000), 0.15);

    private final ControlTickFixture f = ControlTickFixture.builder().clock(SystemNanoClock.INSTANCE).limits(RELAXED).build();
    private ControlLoop loop;

    ControlLoopTest() {
        f.policy.returning(0.5f, 0f);
    }

    @AfterEach
    void stopTheLoop() {
        if (loop != null) {
            loop.stop();
        }
    }

    private ControlLoop loop(LoopConfig config) {
        loop = new ControlLoop(f.tick, config, SystemNanoClock.INSTANCE, f.slots);
        return loop;
    }

    private static LoopConfig onMessage(long periodNanos, long triggerTimeoutNanos) {
        return new LoopConfig(periodNanos, 0, TriggerMode.ON_MESSAGE, "odometry", triggerTimeoutNanos);
    }

    private void assertFinalCommandIsAZeroShutdown() {
        List<SentCommand> sent = f.sink.all();
        SentCommand last = sent.get(sent.size() - 1);
        assertThat(last.reason()).isEqualTo(StopReason.SHUTDOWN);
        assertThat(last.isZero()).isTrue();
        assertThat(sent).filteredOn(c -> c.reason() == StopReason.SHUTDOWN).hasSize(1);
        assertThat(f.tick.tickCount()).isEqualTo(sent.size());
    }

    @Test
    void timer_mode_ticks_and_stop_sends_a_final_zero_shutdown_command() {
        f.publishRobotOnStraightPath();
        ControlLoop l = loop(LoopConfig.timer(ms(5)));

        l.start();
        Eventually.until("20 running ticks", () -> f.sink.countWithReason(StopReason.NONE) >= 20);
        assertThat(l.isRunning()).isTrue();
        l.stop();

        assertThat(l.isRunning()).isFalse();
        assertFinalCommandIsAZeroShutdown();
        // Every command before the final one came from an ordinary tick, and the robot moved.
        List<SentCommand> sent = f.sink.all();
        assertThat(sent.subList(0, sent.size() - 1)).allMatch(c -> c.reason() == StopReason.NONE);
        assertThat(sent).anyMatch(c -> c.vMps() > 0);
        assertThat(f.governor.currentReason()).isEqualTo(StopReason.SHUTDOWN);
    }

    @Test
    void timer_mode_keeps_commanding_stops_while_there_is_no_odometry() {
        ControlLoop l = loop(LoopConfig.timer(ms(5)));

        l.start();
        Eventually.until("5 ticks", () -> f.sink.count() >= 5);
        l.stop();

        List<SentCommand> sent = f.sink.all();
        assertThat(sent.subList(0, sent.size() - 1)).allMatch(c -> c.reason() == StopReason.NO_ODOMETRY && c.isZero());
        assertFinalCommandIsAZeroShutdown();
        assertThat(f.policy.calls()).isZero();
    }

    @Test
    void on_message_mode_ticks_once_per_published_odometry() {
        f.publishStraightPath(0, 20, 0.5);
        // 20 ms period, trigger timeout far beyond the test: once odometry flows, only it ticks.
        ControlLoop l = loop(onMessage(ms(20), ms(60_000)));
        l.start();
        // Until the first odometry the loop commands stops at the period; one such tick shows it
        // is waiting for the trigger (a value published before that would count as already seen).
        Eventually.until("a stop tick before any odometry", () -> f.sink.countWithReason(StopReason.NO_ODOMETRY) >= 1);

        int n = 5;
        for (int k = 1; k <= n; k++) {
            f.publishOdometry(1, 0, 0, 0, 0);
            long expected = k;
            Eventually.until("the tick for odometry message " + k, () -> f.policy.calls() >= expected);
        }
        l.stop();

        assertThat(f.policy.calls()).isEqualTo(n);
        List<SentCommand> sent = f.sink.all();
        List<SentCommand> running = sent.stream().filter(c -> c.reason() == StopReason.NONE).toList();
        assertThat(running).hasSize(n);
        // From the first message-triggered tick on, nothing but those ticks and the shutdown.
        int first = sent.indexOf(running.get(0));
        assertThat(sent.subList(first, sent.size() - 1)).allMatch(c -> c.reason() == StopReason.NONE);
        assertThat(l.missedTriggers()).isZero();
        assertFinalCommandIsAZeroShutdown();
    }

    @Test
    void on_message_mode_runs_the_policy_at_most_once_per_period_however_fast_the_trigger() {
        f.publishStraightPath(0, 20, 0.5);
        // A 30 s policy period: within this test, only the first message may run the policy.
        ControlLoop l = loop(onMessage(ms(30_000), ms(60_000)));
        l.start();
        Eventually.until("a policy tick on odometry", () -> {
            f.publishOdometry(1, 0, 0, 0, 0);
            return f.policy.calls() >= 1;
        });
        long before = l.heldTriggers() + l.missedTriggers();

        int n = 20;
        for (int k = 0; k < n; k++) {
            f.publishOdometry(1, 0, 0, 0, 0);
        }
        // The loop has looked at (held) or coalesced (missed) all but the newest, which it holds.
        Eventually.until("the loop saw every message", () -> l.heldTriggers() + l.missedTriggers() >= before + n - 1);
        l.stop();

        assertThat(f.policy.calls()).isEqualTo(1);
        assertThat(f.sink.countWithReason(StopReason.NONE)).isEqualTo(1);
        assertFinalCommandIsAZeroShutdown();
    }

    @Test
    void on_message_mode_commands_trigger_timeout_stops_when_odometry_stops_and_resumes_when_it_returns() {
        f.publishStraightPath(0, 20, 0.5);
        // 10 ms period, trigger overdue after 50 ms.
        ControlLoop l = loop(onMessage(ms(10), ms(50)));
        l.start();
        Eventually.until("a stop tick before any odometry", () -> f.sink.countWithReason(StopReason.NO_ODOMETRY) >= 1);

        f.publishOdometry(1, 0, 0, 0, 0);
        Eventually.until("the tick for the odometry message", () -> f.policy.calls() >= 1);
        // No more odometry: after the trigger timeout the loop ticks at the period with stops.
        Eventually.until("3 trigger-timeout stops", () -> f.sink.countWithReason(StopReason.TRIGGER_TIMEOUT) >= 3);
        assertThat(f.sink.all()).filteredOn(c -> c.reason() == StopReason.TRIGGER_TIMEOUT).allMatch(SentCommand::isZero);
        assertThat(f.governor.stopEvents(StopReason.TRIGGER_TIMEOUT)).isGreaterThanOrEqualTo(1);

        // Odometry again: the next tick runs the policy.
        f.publishOdometry(1, 0, 0, 0, 0);
        Eventually.until("the tick for the second odometry message", () -> f.policy.calls() >= 2);
        l.stop();

        assertFinalCommandIsAZeroShutdown();
    }

    @Test
    void on_message_mode_stops_on_stale_odometry_within_its_timeout_not_after_a_long_trigger_timeout() {
        // Odometry stale after 100 ms; the trigger timeout is a minute.
        ControlTickFixture g = ControlTickFixture.builder().clock(SystemNanoClock.INSTANCE)
                .limits(new SafetyLimits(ms(100), ms(10_000), 0, false, ms(50), 0.15)).build();
        g.policy.returning(0.5f, 0f);
        g.publishStraightPath(0, 20, 0.5);
        loop = new ControlLoop(g.tick, onMessage(ms(10), ms(60_000)), SystemNanoClock.INSTANCE, g.slots);
        loop.start();
        Eventually.until("a stop tick before any odometry", () -> g.sink.countWithReason(StopReason.NO_ODOMETRY) >= 1);
        g.publishOdometry(1, 0, 0, 0, 0);
        long published = System.nanoTime();
        Eventually.until("the tick for the odometry message", () -> g.policy.calls() >= 1);
        // The trigger (odometry) stops: after 100 ms of silence the loop ticks at the 10 ms
        // period and the governor stops on stale odometry, long before the 60 s trigger timeout.
        Eventually.until("a stale-odometry stop", () -> g.sink.countWithReason(StopReason.STALE_ODOMETRY) >= 1);
        long stoppedAfterMs = (System.nanoTime() - published) / 1_000_000;
        assertThat(stoppedAfterMs).as("stop after %d ms", stoppedAfterMs).isLessThan(5_000);
        assertThat(g.sink.all()).filteredOn(c -> c.reason() == StopReason.STALE_ODOMETRY).allMatch(SentCommand::isZero);
        assertThat(g.sink.countWithReason(StopReason.TRIGGER_TIMEOUT)).isZero();
    }

    @Test
    void on_message_silent_ticks_start_at_the_shorter_of_the_trigger_and_odometry_timeouts() {
        assertThat(ControlLoop.silentTickAfterNanos(onMessage(ms(10), ms(60_000)), ms(100))).isEqualTo(ms(100));
        assertThat(ControlLoop.silentTickAfterNanos(onMessage(ms(10), ms(50)), ms(100))).isEqualTo(ms(50));
    }

    @Test
    void on_message_mode_stops_cleanly_while_waiting_for_a_trigger() {
        ControlLoop l = loop(onMessage(ms(20), ms(60_000)));
        l.start();
        Eventually.until("a first tick", () -> f.sink.count() >= 1);

        l.stop();

        assertThat(l.isRunning()).isFalse();
        assertFinalCommandIsAZeroShutdown();
    }

    @Test
    void a_loop_starts_once_and_stops_any_number_of_times() {
        ControlLoop l = loop(LoopConfig.timer(ms(5)));
        l.stop(); // never started: nothing to do
        assertThat(f.sink.count()).isZero();

        l.start();
        assertThatThrownBy(l::start).isInstanceOf(IllegalStateException.class);
        l.stop();
        int sent = f.sink.count();
        l.close();

        assertThat(f.sink.count()).isEqualTo(sent);
        assertFinalCommandIsAZeroShutdown();
    }

    @Test
    void an_unknown_trigger_slot_is_refused() {
        LoopConfig config = new LoopConfig(ms(20), 0, TriggerMode.ON_MESSAGE, "lidar", ms(100));
        assertThatThrownBy(() -> loop(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lidar").hasMessageContaining("odometry");
    }
}
