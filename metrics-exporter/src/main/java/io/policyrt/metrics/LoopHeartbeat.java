package io.policyrt.metrics;

import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;

/**
 * When the control loop last ticked, for liveness: a {@link TickTap} that keeps the tick's start
 * time and index. On the control thread it costs two volatile stores and allocates nothing.
 */
public final class LoopHeartbeat implements TickTap {
    /** 0 until the first tick. */
    private volatile long lastTickStartNanos;
    private volatile long lastTickIndex = -1;

    @Override
    public void onTick(TickRecord record) {
        lastTickIndex = record.tickIndex;
        lastTickStartNanos = record.monotonicStartNanos;
    }

    /** {@link System#nanoTime()} when the last tick started; 0 before the first [ns]. Any thread. */
    public long lastTickStartNanos() {
        return lastTickStartNanos;
    }

    /** Index of the last tick seen; -1 before the first. Any thread. */
    public long lastTickIndex() {
        return lastTickIndex;
    }
}
