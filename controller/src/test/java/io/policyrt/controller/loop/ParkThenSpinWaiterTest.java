package io.policyrt.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.time.ManualClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParkThenSpinWaiterTest {
    private final ManualClock clock = new ManualClock(1_000_000);

    @Test
    void a_deadline_already_passed_returns_at_once_without_asking_to_stop() {
        ParkThenSpinWaiter waiter = new ParkThenSpinWaiter(clock, 100);
        AtomicInteger asked = new AtomicInteger();

        waiter.awaitUntil(999_000, () -> asked.incrementAndGet() > 0);

        assertThat(asked).hasValue(0);
    }

    @Test
    void a_stop_request_ends_the_wait_before_the_deadline() {
        ParkThenSpinWaiter waiter = new ParkThenSpinWaiter(clock, 0);

        // The manual clock never reaches the deadline: only the stop request can end the wait.
        waiter.awaitUntil(clock.nanoTime() + 1_000_000_000L, () -> true);

        assertThat(clock.nanoTime()).isEqualTo(1_000_000);
    }

    @Test
    void the_wait_ends_once_the_clock_reaches_the_deadline() {
        ParkThenSpinWaiter waiter = new ParkThenSpinWaiter(clock, 0);
        long deadline = clock.nanoTime() + 500;

        // Each look at the stop flag moves the clock on by 100 ns: the park phase sees the
        // deadline arrive after a few rounds.
        waiter.awaitUntil(deadline, () -> {
            clock.advance(100);
            return false;
        });

        assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void the_work_before_the_spin_runs_once_when_the_park_ends() {
        ParkThenSpinWaiter waiter = new ParkThenSpinWaiter(clock, 300);
        long deadline = clock.nanoTime() + 1_000;
        AtomicInteger warmed = new AtomicInteger();
        AtomicInteger warmedAt = new AtomicInteger();

        // The park phase moves the clock on; the warm-up moves it past the deadline, ending the spin.
        waiter.awaitUntil(deadline, () -> {
            clock.advance(100);
            return false;
        }, () -> {
            warmed.incrementAndGet();
            warmedAt.set((int) (deadline - clock.nanoTime()));
            clock.advance(1_000);
        });

        assertThat(warmed).hasValue(1);
        assertThat(warmedAt.get()).as("ns before the deadline").isBetween(1, 300);
    }

    @Test
    void without_a_spin_window_nothing_runs_before_the_deadline() {
        ParkThenSpinWaiter waiter = new ParkThenSpinWaiter(clock, 0);
        AtomicInteger warmed = new AtomicInteger();

        waiter.awaitUntil(clock.nanoTime() + 500, () -> {
            clock.advance(100);
            return false;
        }, warmed::incrementAndGet);

        assertThat(warmed).hasValue(0);
    }

    @Test
    void a_negative_spin_margin_is_refused() {
        assertThatThrownBy(() -> new ParkThenSpinWaiter(clock, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
