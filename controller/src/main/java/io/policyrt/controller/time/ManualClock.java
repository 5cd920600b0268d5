package io.policyrt.controller.time;

/** A clock that moves only when told to: lock-step simulation and tests. */
public final class ManualClock implements NanoClock {
    private volatile long nowNanos;

    public ManualClock(long startNanos) {
        this.nowNanos = startNanos;
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + deltaNanos);
        }
        nowNanos += deltaNanos;
    }

    public void set(long nanos) {
        this.nowNanos = nanos;
    }
}
