package io.policyrt.controller.testing;

import io.policyrt.controller.safety.StopReason;

/** A copy of one command that left through the sink, with the reason the governor recorded for it. */
public record SentCommand(long stampNanos, double leftRadps, double rightRadps, double vMps, double wRadps,
                          StopReason reason) {
    public boolean isZero() {
        return leftRadps == 0 && rightRadps == 0 && vMps == 0 && wRadps == 0;
    }

    public boolean isFinite() {
        return Double.isFinite(leftRadps) && Double.isFinite(rightRadps) && Double.isFinite(vMps) && Double.isFinite(wRadps);
    }
}
