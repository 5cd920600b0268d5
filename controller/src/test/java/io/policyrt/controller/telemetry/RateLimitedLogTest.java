package io.policyrt.controller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void repeats_within_the_interval_are_suppressed_and_counted() {
        // One warning per hour: the first goes out, the next three within the hour are suppressed.
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), TimeUnit.HOURS.toNanos(1));

        log.warn("overrun, total:", 1);
        log.warn("overrun, total:", 2);
        log.warn("policy failed:", "boom");
        log.warn("overrun, total:", 3);

        assertThat(log.suppressed()).isEqualTo(3);
    }

    @Test
    void with_no_interval_nothing_is_suppressed() {
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), 0);

        log.warn("sink failed:", "a");
        log.warn("sink failed:", "b");

        assertThat(log.suppressed()).isZero();
    }
}
