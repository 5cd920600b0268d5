package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** An emergency-stop message: engaged, or a release, with the sender it names (if any). */
public final class EStopSignal implements Copyable<EStopSignal> {
    private long stampNanos;
    private boolean engaged;
    private String source;

    /** Sets stamp and state, and clears the named source. */
    public EStopSignal set(long stampNanos, boolean engaged) {
        return set(stampNanos, engaged, null);
    }

    /** @param source the sender the message itself names (an MQTT payload's {@code source}), or null */
    public EStopSignal set(long stampNanos, boolean engaged, String source) {
        this.stampNanos = stampNanos;
        this.engaged = engaged;
        this.source = source;
        return this;
    }

    @Override
    public void copyFrom(EStopSignal o) {
        set(o.stampNanos, o.engaged, o.source);
    }

    public long stampNanos() { return stampNanos; }
    public boolean engaged() { return engaged; }
    /** The sender the message names, or null when the transport's own identity of the sender applies. */
    public String source() { return source; }
}
