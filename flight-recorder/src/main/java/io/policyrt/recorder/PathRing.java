package io.policyrt.recorder;

import io.policyrt.controller.domain.PathReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small bounded single-producer, single-consumer ring of path copies: the control thread copies
 * a path that took effect into the next free slot ({@link #offer}), the recorder's writer thread
 * writes them in order ({@link #peek}, {@link #release}). Paths change rarely; a full ring drops
 * the path and counts it, and the control thread never waits. Same ordering as {@link TickRing}.
 */
public final class PathRing {
    /** Points a slot holds before its first path; a longer path grows the slot once. */
    static final int INITIAL_POINTS = 1024;

    /** One path as it took effect. */
    public static final class Slot {
        PathReference path = new PathReference(INITIAL_POINTS);
        /** The first tick that followed it. */
        public long tickIndex;
        /** The controller's clock at that tick's start [ns]. */
        public long controllerNanos;
        /** {@link System#nanoTime()} at that tick's start [ns]. */
        public long monotonicNanos;

        public PathReference path() { return path; }
    }

    private final Slot[] slots;
    private final int mask;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private volatile long dropped;

    /** @param capacity slots, rounded up to a power of two (at least 2) */
    public PathRing(int capacity) {
        int n = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        slots = new Slot[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new Slot();
        }
        mask = n - 1;
    }

    /**
     * Copies the path into the next free slot, or drops and counts it when none is free. Control
     * thread; allocates only when the path is longer than any the slot held before.
     */
    public void offer(PathReference path, long tickIndex, long controllerNanos, long monotonicNanos) {
        long seq = published.get();
        if (seq - consumed.get() >= slots.length) {
            dropped = dropped + 1;
            return;
        }
        Slot s = slots[(int) (seq & mask)];
        if (s.path.capacity() < path.count()) {
            s.path = new PathReference(path.count());
        }
        s.path.copyFrom(path);
        s.tickIndex = tickIndex;
        s.controllerNanos = controllerNanos;
        s.monotonicNanos = monotonicNanos;
        published.lazySet(seq + 1);
    }

    /** The oldest path not yet released, or null. Writer thread. */
    public Slot peek() {
        long seq = consumed.get();
        return seq < published.get() ? slots[(int) (seq & mask)] : null;
    }

    /** Gives the slot {@link #peek} returned back. Writer thread. */
    public void release() {
        consumed.lazySet(consumed.get() + 1);
    }

    /** Paths dropped because the ring was full. Any thread. */
    public long dropped() { return dropped; }
}
