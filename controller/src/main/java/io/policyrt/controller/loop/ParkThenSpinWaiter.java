package io.policyrt.controller.loop;

import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for an absolute deadline by parking until {@code spinMarginNanos} before it, then
 * busy-spinning the rest: the park frees the core, the spin hides the scheduler's wake-up jitter.
 * A margin of 0 parks all the way. Work that prepares the tick (warming the policy) can run once
 * at the start of the spin window.
 */
public final class ParkThenSpinWaiter {
    private final NanoClock clock;
    private final long spinMarginNanos;

    public ParkThenSpinWaiter(NanoClock clock, long spinMarginNanos) {
        if (spinMarginNanos < 0) {
            throw new IllegalArgumentException("spin margin must be >= 0 ns, got " + spinMarginNanos);
        }
        this.clock = clock;
        this.spinMarginNanos = spinMarginNanos;
    }

    /** Returns at or after {@code deadlineNanos}, or early when {@code stop} says so. */
    public void awaitUntil(long deadlineNanos, java.util.function.BooleanSupplier stop) {
        awaitUntil(deadlineNanos, stop, null);
    }

    /**
     * As {@link #awaitUntil(long, java.util.function.BooleanSupplier)}, running {@code beforeSpin}
     * (when not null) once when the park ends, before spinning to the deadline; not with a margin
     * of 0, where it would delay the deadline itself.
     */
    public void awaitUntil(long deadlineNanos, java.util.function.BooleanSupplier stop, Runnable beforeSpin) {
        long now;
        while ((now = clock.nanoTime()) < deadlineNanos - spinMarginNanos) {
            if (stop.getAsBoolean()) {
                return;
            }
            LockSupport.parkNanos(deadlineNanos - spinMarginNanos - now);
        }
        if (beforeSpin != null && spinMarginNanos > 0) {
            beforeSpin.run();
        }
        while (clock.nanoTime() < deadlineNanos) {
            Thread.onSpinWait();
        }
    }

    public long spinMarginNanos() {
        return spinMarginNanos;
    }
}
