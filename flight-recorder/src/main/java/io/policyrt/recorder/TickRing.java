package io.policyrt.recorder;

import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer, single-consumer ring of preallocated {@link TickRecord} slots: the
 * control thread copies each tick into the next free slot ({@link #onTick}), the recorder's writer
 * thread reads them in order ({@link #peek}, {@link #release}). A full ring drops the tick and
 * counts it; the control thread never waits. Claim, fill, publish, as in a Disruptor ring.
 *
 * <p>Memory ordering: a slot is published by an ordered store of the producer's sequence after
 * its fields were written, and given back by an ordered store of the consumer's sequence after
 * they were read; each side reads the other's sequence with a volatile load.
 */
public final class TickRing implements TickTap {
    private final TickRecord[] slots;
    private final int mask;
    /** Next sequence the producer writes; written by the control thread only. */
    private final AtomicLong published = new AtomicLong();
    /** Next sequence the consumer reads; written by the writer thread only. */
    private final AtomicLong consumed = new AtomicLong();
    /** The producer's last view of {@link #consumed}. */
    private long consumedSeen;
    private volatile long dropped;
    private volatile long offered;

    /**
     * @param shape    a record of the tick's shape (feature and action counts)
     * @param capacity slots, rounded up to a power of two (at least 2)
     */
    public TickRing(TickRecord shape, int capacity) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("a tick ring holds 1 to 16777216 ticks, got " + capacity);
        }
        int n = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        slots = new TickRecord[n];
        for (int i = 0; i < n; i++) {
            slots[i] = shape.newOfSameShape();
        }
        mask = n - 1;
    }

    /** Copies the tick into the next free slot, or drops and counts it when none is free. Control thread; allocation-free. */
    @Override
    public void onTick(TickRecord record) {
        offered = offered + 1;
        long seq = published.get();
        if (seq - consumedSeen >= slots.length) {
            consumedSeen = consumed.get();
            if (seq - consumedSeen >= slots.length) {
                dropped = dropped + 1;
                return;
            }
        }
        slots[(int) (seq & mask)].copyFrom(record);
        published.lazySet(seq + 1);
    }

    /** The oldest tick not yet released, or null when the ring is empty. Writer thread. */
    public TickRecord peek() {
        long seq = consumed.get();
        return seq < published.get() ? slots[(int) (seq & mask)] : null;
    }

    /** Gives the slot {@link #peek} returned back to the producer. Writer thread. */
    public void release() {
        consumed.lazySet(consumed.get() + 1);
    }

    public int capacity() { return slots.length; }
    /** Ticks handed to the ring. Any thread. */
    public long offered() { return offered; }
    /** Ticks dropped because the ring was full. Any thread. */
    public long dropped() { return dropped; }
}
