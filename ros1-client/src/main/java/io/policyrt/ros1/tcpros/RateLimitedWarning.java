package io.policyrt.ros1.tcpros;

import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per interval and says how many were suppressed, so a
 * peer that sends garbage with every message cannot flood the log. The same rule as the
 * controller's {@code RateLimitedLog}, kept here so that this library needs nothing of PolicyRT
 * beyond slf4j. Used by the TCPROS receive path and the node's slave API.
 */
public final class RateLimitedWarning {
    private final Logger log;
    private final long intervalNanos;
    private long lastNanos = Long.MIN_VALUE / 2;
    private long suppressed;

    /** @param intervalNanos the least time between two warnings [ns] */
    public RateLimitedWarning(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    /** Warns unless a warning went out less than one interval ago. Single thread per instance. */
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
}
