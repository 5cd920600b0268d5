package io.policyrt.drivers.inbound;

import java.util.concurrent.TimeUnit;

/**
 * The rules every inbound channel of a transport applies, set once from the configuration: how
 * far ahead of the receiver's clock a stamp may lie, and the physical bounds of the values.
 *
 * @param futureToleranceNanos how far in the future a stamp may lie [ns] ({@code safety.future_tolerance_ms})
 * @param bounds               the plausibility bounds ({@code safety.input_bounds})
 */
public record InboundRules(long futureToleranceNanos, InputBounds bounds) {
    /** 50 ms future tolerance, default bounds: what a configuration without those keys gets. */
    public static final InboundRules DEFAULTS = new InboundRules(TimeUnit.MILLISECONDS.toNanos(50), InputBounds.DEFAULTS);

    public InboundRules {
        if (futureToleranceNanos < 0 || bounds == null) {
            throw new IllegalArgumentException("inbound rules need a future tolerance >= 0 and bounds");
        }
    }

    /** These rules with another future tolerance and the default bounds. */
    public static InboundRules withFutureTolerance(long futureToleranceNanos) {
        return new InboundRules(futureToleranceNanos, InputBounds.DEFAULTS);
    }

    /** A fresh stamp admission for one sensor topic (no maximum age: the governor judges age). */
    public StampAdmission admission() {
        return new StampAdmission(futureToleranceNanos, 0);
    }

    /** A fresh stamp admission for one command topic, refusing commands older than {@code maxAgeNanos}. */
    public StampAdmission admission(long maxAgeNanos) {
        return new StampAdmission(futureToleranceNanos, maxAgeNanos);
    }
}
