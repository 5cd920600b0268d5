package io.policyrt.controller.telemetry;

import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per interval and says how many were suppressed, so a
 * fault that repeats every tick cannot flood the log or allocate every tick.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private long lastNanos = Long.MIN_VALUE / 2;
    private long suppressed;

    public RateLimitedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Warns unless a warning went out less than one interval ago. Single thread per instance. */
    public void warn(String message, long value) {
        long now = System.nanoTime();
        if (now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        lastNanos = now;
        if (suppressed > 0) {
            log.warn("{} {} ({} similar suppressed)", message, value, suppressed);
        } else {
            log.warn("{} {}", message, value);
        }
        suppressed = 0;
    }

    /** As {@link #warn(String, long)} with a text detail. */
    public void warn(String message, String detail) {
        long now = System.nanoTime();
        if (now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        lastNanos = now;
        if (suppressed > 0) {
            log.warn("{} {} ({} similar suppressed)", message, detail, suppressed);
        } else {
            log.warn("{} {}", message, detail);
        }
        suppressed = 0;
    }

    public long suppressed() {
        return suppressed;
    }
}
