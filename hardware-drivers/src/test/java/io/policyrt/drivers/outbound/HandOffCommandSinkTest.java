package io.policyrt.drivers.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command hand-off with a fake transport on an injected clock. The publisher thread is real:
 * tests poll for what it published ({@link Eventually}); the deadman's time is the manual clock,
 * which only the test moves.
 */
class HandOffCommandSinkTest {
    private static final long PERIOD = 20_000_000L; // 20 ms
    private static final int N = CommandSink.DEADMAN_PERIODS;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final FakePublisher sink = new FakePublisher(clock);
    private final WheelCommand wheels = new WheelCommand();
    private final VelocityCommand velocity = new VelocityCommand();

    /** A transport that records the velocity of every command it publishes, and fails, throws or stalls on demand. */
    private static final class FakePublisher extends HandOffCommandSink {
        private final List<Double> published = new ArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();
        volatile RuntimeException throwOnce;
        volatile Error dieOnce;
        /** When set, the next round blocks after taking the newest command, until the latch opens (a slow write). */
        volatile CountDownLatch slowWrite;
        volatile CountDownLatch inSlowWrite;

        FakePublisher(ManualClock clock) {
            super("test-commands", clock);
            start();
        }

        @Override
        protected boolean publishPending(LatestValue<WheelCommand> wheels, LatestValue<VelocityCommand> velocity) {
            wheels.refresh();
            if (!velocity.refresh()) {
                return false;
            }
            Error die = dieOnce;
            if (die != null) {
                dieOnce = null;
                throw die;
            }
            RuntimeException thrown = throwOnce;
            if (thrown != null) {
                throwOnce = null;
                throw thrown;
            }
            if (refuse.get()) {
                publishFailed();
                return true;
            }
            CountDownLatch slow = slowWrite;
            if (slow != null) {
                slowWrite = null;
                inSlowWrite.countDown();
                await(slow);
            }
            synchronized (published) {
                published.add(velocity.latest().vMps());
            }
            return true;
        }

        List<Double> published() {
            synchronized (published) {
                return List.copyOf(published);
            }
        }

        Double last() {
            List<Double> p = published();
            return p.isEmpty() ? null : p.get(p.size() - 1);
        }
    }

    @AfterEach
    void closeSink() {
        sink.close();
    }

    private void send(double vMps) {
        sink.send(wheels.set(clock.nanoTime(), vMps, vMps), velocity.set(clock.nanoTime(), vMps, 0));
    }

    private void awaitPublished(double vMps) {
        Eventually.until("v = " + vMps + " published", () -> Double.valueOf(vMps).equals(sink.last()));
    }

    /** Gives the publisher thread time to act (it wakes at least every 100 ms): only to show that it did not. */
    private static void letThePublisherRun() throws InterruptedException {
        Thread.sleep(300);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void the_deadman_publishes_a_zero_after_n_silent_periods_and_never_before() throws Exception {
        sink.armDeadman(PERIOD, N);
        send(0.5);
        awaitPublished(0.5);
        // 3 periods of 20 ms: 60 ms without a command. At 59 ms nothing is due.
        clock.advance(N * PERIOD - 1_000_000L);
        letThePublisherRun();
        assertThat(sink.published()).containsExactly(0.5);
        assertThat(sink.deadmanZeros()).isZero();

        clock.advance(1_000_000L);
        awaitPublished(0.0);
        assertThat(sink.deadmanZeros()).isEqualTo(1);
        assertThat(sink.published()).containsExactly(0.5, 0.0);

        // The loop comes back: its commands go out again by themselves.
        send(0.25);
        awaitPublished(0.25);
        assertThat(sink.deliverable()).isTrue();
    }

    @Test
    void the_deadman_repeats_its_zero_while_the_loop_stays_silent() {
        sink.armDeadman(PERIOD, N);
        send(0.5);
        awaitPublished(0.5);
        clock.advance(N * PERIOD);
        Eventually.until("the first deadman zero", () -> sink.deadmanZeros() == 1);
        clock.advance(N * PERIOD);
        Eventually.until("the second deadman zero", () -> sink.deadmanZeros() == 2);
        // The zero is counted when it is handed over, before the publisher thread records it.
        Eventually.until("both zeros published", () -> sink.published().size() == 3);
        assertThat(sink.published()).containsExactly(0.5, 0.0, 0.0);
    }

    @Test
    void no_deadman_before_the_first_command_or_when_not_armed() throws Exception {
        sink.armDeadman(PERIOD, N);
        clock.advance(100 * PERIOD);
        letThePublisherRun();
        assertThat(sink.published()).as("the loop has not started: nothing to stop").isEmpty();

        try (FakePublisher unarmed = new FakePublisher(clock)) {
            unarmed.send(wheels.set(0, 1, 1), velocity.set(0, 0.5, 0));
            Eventually.until("the command", () -> unarmed.last() != null);
            clock.advance(100 * PERIOD);
            letThePublisherRun();
            assertThat(unarmed.published()).containsExactly(0.5);
        }
    }

    @Test
    void after_the_deadman_zero_no_older_command_is_published() throws Exception {
        sink.armDeadman(PERIOD, N);
        // The transport is slow: it is still writing A when the loop hands over B and then C, and
        // then the loop stalls for longer than the deadman's window.
        CountDownLatch release = new CountDownLatch(1);
        sink.inSlowWrite = new CountDownLatch(1);
        sink.slowWrite = release;
        send(0.5); // A
        await(sink.inSlowWrite);
        send(0.7); // B, overwritten by C before the publisher is back
        send(0.9); // C
        clock.advance(N * PERIOD);
        release.countDown();
        // When the publisher is back, C has waited a whole window: the zero overwrites it in the
        // slot, so C, older than the zero, can never be published after it.
        Eventually.until("the deadman zero", () -> sink.deadmanZeros() == 1 && Double.valueOf(0.0).equals(sink.last()));
        letThePublisherRun();
        assertThat(sink.published()).containsExactly(0.5, 0.0);

        // A command handed over after the zero goes out.
        send(0.4);
        awaitPublished(0.4);
        assertThat(sink.published()).containsExactly(0.5, 0.0, 0.4);
    }

    @Test
    void close_publishes_a_zero_even_when_nothing_is_pending_and_waits_for_it() {
        send(0.5);
        awaitPublished(0.5);
        sink.close();
        // close returned: the zero is already published, no waiting here.
        assertThat(sink.published()).containsExactly(0.5, 0.0);
        assertThat(sink.finalZeroSent()).isTrue();
        assertThat(sink.deliverable()).isFalse();
    }

    @Test
    void close_publishes_the_pending_command_then_the_zero() {
        CountDownLatch release = new CountDownLatch(1);
        sink.inSlowWrite = new CountDownLatch(1);
        sink.slowWrite = release;
        send(0.5);
        await(sink.inSlowWrite);
        send(0.3); // pending while the transport is busy
        Thread closer = new Thread(sink::close);
        closer.start();
        release.countDown();
        try {
            closer.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(sink.published()).containsExactly(0.5, 0.3, 0.0);
    }

    @Test
    void a_publisher_that_throws_an_error_is_reported_and_send_refuses() {
        send(0.5);
        awaitPublished(0.5);
        Error broken = new LinkageError("transport library broke");
        sink.dieOnce = broken;
        send(0.6);
        Eventually.until("the publisher's death reported", () -> sink.failure() != null);
        assertThat(sink.failure()).isSameAs(broken);
        assertThat(sink.deliverable()).isFalse();
        // Its handler tried a last zero.
        Eventually.until("the last zero", () -> Double.valueOf(0.0).equals(sink.last()));
        assertThatThrownBy(() -> send(0.7)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("died").hasMessageContaining("transport library broke");
        sink.close();
        assertThat(sink.published()).doesNotContain(0.6, 0.7);
        assertThat(sink.last()).isEqualTo(0.0);
    }

    @Test
    void a_runtime_exception_is_counted_and_the_publisher_goes_on() {
        sink.throwOnce = new IllegalStateException("publisher closed");
        send(0.5);
        Eventually.until("the failure counted", () -> sink.publishFailures() == 1);
        send(0.6);
        awaitPublished(0.6);
        assertThat(sink.failure()).isNull();
        assertThat(sink.deliverable()).isTrue();
    }

    @Test
    void commands_are_not_deliverable_while_the_link_is_down_or_publishing_keeps_failing() {
        sink.armDeadman(PERIOD, N);
        AtomicBoolean up = new AtomicBoolean(false);
        sink.watchLink(up::get);
        Eventually.until("the link seen down", () -> !sink.deliverable());
        up.set(true);
        Eventually.until("the link seen up", sink::deliverable);

        // N rounds in a row with a failed publish: blocked. One success: deliverable again.
        sink.refuse.set(true);
        for (int k = 1; k <= N; k++) {
            long failures = k;
            send(0.1 * k);
            Eventually.until("failure " + k, () -> sink.publishFailures() == failures);
        }
        Eventually.until("blocked after " + N + " failed rounds", () -> !sink.deliverable());
        sink.refuse.set(false);
        send(0.0);
        awaitPublished(0.0);
        Eventually.until("deliverable again", sink::deliverable);
    }

    @Test
    void a_single_failed_publish_does_not_block() {
        sink.refuse.set(true);
        send(0.5);
        Eventually.until("the failure counted", () -> sink.publishFailures() == 1);
        assertThat(sink.deliverable()).isTrue();
    }
}
