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
    void a_negative_spin_margin_is_refused() {
        assertThatThrownBy(() -> new ParkThenSpinWaiter(clock, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
