package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** An emergency-stop message: engaged, or an explicit release. */
public final class EStopSignal implements Copyable<EStopSignal> {
    private long stampNanos;
    private boolean engaged;

    public EStopSignal set(long stampNanos, boolean engaged) {
        this.stampNanos = stampNanos;
        this.engaged = engaged;
        return this;
    }

    @Override
    public void copyFrom(EStopSignal o) {
        set(o.stampNanos, o.engaged);
    }

    public long stampNanos() { return stampNanos; }
    public boolean engaged() { return engaged; }
}
