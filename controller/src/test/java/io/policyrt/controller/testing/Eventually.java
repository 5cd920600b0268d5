package io.policyrt.controller.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling for tests that must observe a real thread. The bound is generous on purpose:
 * it only limits how long a broken build hangs and is never a timing claim.
 */
public final class Eventually {
    /** How long a condition may take before the test fails. */
    public static final Duration GENEROUS = Duration.ofSeconds(20);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} after {@link #GENEROUS}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, GENEROUS, condition);
    }

    public static void until(String what, Duration bound, BooleanSupplier condition) {
        until(what, bound, condition, () -> "");
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}; a failure also says what {@code state} reports then. */
    public static void until(String what, Duration bound, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String seen = state.get();
                throw new AssertionError("gave up after " + bound.toSeconds() + " s waiting for: " + what
                        + (seen.isEmpty() ? "" : " (" + seen + ")"));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
