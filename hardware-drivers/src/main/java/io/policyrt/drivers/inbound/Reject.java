package io.policyrt.drivers.inbound;

/** Why an inbound message, on any transport, was dropped instead of reaching its slot. Counted per topic. */
public enum Reject {
    /** Accepted. */
    NONE("accepted"),
    OVERSIZED("payload longer than the topic's limit"),
    UNREADABLE("announced by the middleware but could not be taken (larger than the receive buffer, or lost)"),
    MALFORMED("payload does not parse: bad syntax, truncated, wrong length, missing or mistyped field"),
    UNSUPPORTED_VERSION("binary layout version other than 1"),
    NON_FINITE("a number is NaN or infinite"),
    IMPLAUSIBLE("a value outside its physical bounds (position, speed, radius)"),
    INVALID("a value is out of its domain (stamp <= 0, negative radius or speed, path too short, too long or of zero length)"),
    FUTURE_STAMP("stamp further ahead of the receiver's clock than the future tolerance"),
    STALE("command older than the receiver's maximum command age"),
    DUPLICATE("same stamp and sequence number as the last accepted message"),
    OUT_OF_ORDER("stamp older than the last accepted message's, or equal with a lower sequence number");

    private final String description;

    Reject(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
