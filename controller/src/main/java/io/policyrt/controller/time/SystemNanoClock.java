package io.policyrt.controller.time;

import java.time.Instant;

/**
 * Monotonic clock whose readings are close to Unix epoch nanoseconds: {@link System#nanoTime()}
 * plus an offset fixed at construction. Monotonic for deadlines, epoch-based so that stamps can
 * be compared with other processes on the same machine (to the accuracy of the system clock at
 * start-up).
 */
public final class SystemNanoClock implements NanoClock {
    public static final SystemNanoClock INSTANCE = new SystemNanoClock();

    private final long offsetNanos;

    private SystemNanoClock() {
        Instant now = Instant.now();
        long mono = System.nanoTime();
        offsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + offsetNanos;
    }
}
