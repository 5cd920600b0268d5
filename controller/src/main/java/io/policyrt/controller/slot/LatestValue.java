package io.policyrt.controller.slot;

import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Lock-free latest-value box (a triple buffer) that hands sensor values from a transport thread
 * to the control thread.
 *
 * <p>Writers fill a preallocated buffer and publish it; the control thread calls {@link #refresh()}
 * once per tick and then reads {@link #latest()}, which stays consistent and unchanged until its
 * next {@code refresh()}. Neither side blocks or allocates after construction. Older values that
 * were never read are overwritten (coalesced), which is what a controller wants of sensor data.
 *
 * <p>Writers: {@link #write(Copyable)} copies a value in and may be called from any thread
 * (writers serialise on a monitor the reader never touches; uncontended, it does not allocate).
 * Reader methods belong to one thread, the control thread.
 *
 * <p>Each value carries its arrival time on the slot's arrival clock (monotonic by default), so
 * that the reader can judge its age without trusting the sender's stamp.
 */
public final class LatestValue<T extends Copyable<T>> implements InputSlot<T> {
    private static final int INDEX_MASK = 3;
    private static final int DIRTY = 4;
    /** The default arrival clock. */
    public static final NanoClock MONOTONIC = System::nanoTime;

    private final String name;
    private final Object[] buffers = new Object[3];
    /** Arrival time of the value in each buffer [ns, arrival clock]; travels with its buffer. */
    private final long[] arrivalNanos = new long[3];
    private final NanoClock arrivalClock;
    /** Index of the buffer between writer and reader, plus DIRTY when it holds an unread value. */
    private final AtomicInteger middle = new AtomicInteger(1);
    private int writeIndex = 0;
    private int readIndex = 2;

    private volatile long publishCount;
    private volatile long lastPublishNanos;
    private volatile Thread wakeOnPublish;

    private boolean hasValue;

    /** A slot whose arrival times are {@link System#nanoTime()}. */
    public LatestValue(String name, Supplier<T> factory) {
        this(name, factory, MONOTONIC);
    }

    /** @param arrivalClock the clock each write's arrival time is read from (the controller's, in lock-step tests) */
    public LatestValue(String name, Supplier<T> factory, NanoClock arrivalClock) {
        this.name = name;
        this.arrivalClock = arrivalClock;
        for (int i = 0; i < 3; i++) {
            buffers[i] = factory.get();
        }
    }

    public String name() {
        return name;
    }

    // ---- writer side -------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private T claim() {
        return (T) buffers[writeIndex];
    }

    /** Makes the claimed buffer the latest value and wakes the thread waiting on this slot, if any. */
    private void publish() {
        arrivalNanos[writeIndex] = arrivalClock.nanoTime(); // published by the getAndSet below
        writeIndex = middle.getAndSet(writeIndex | DIRTY) & INDEX_MASK;
        lastPublishNanos = System.nanoTime();
        publishCount = publishCount + 1; // single writer at a time, see class comment
        Thread waiter = wakeOnPublish;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /** Copies {@code value} into the slot, makes it the latest and wakes the waiting thread, if any; safe from any thread. */
    public void write(T value) {
        synchronized (this) {
            claim().copyFrom(value);
            publish();
        }
    }

    /** {@link #write(Copyable)}: a latest-value slot holds values, whoever sent them. */
    @Override
    public void write(T value, String source) {
        write(value);
    }

    // ---- reader side (control thread) --------------------------------------------------------

    /**
     * Takes the newest published value, if there is one the reader has not seen.
     *
     * @return true when {@link #latest()} changed
     */
    public boolean refresh() {
        if ((middle.get() & DIRTY) == 0) {
            return false;
        }
        readIndex = middle.getAndSet(readIndex) & INDEX_MASK;
        hasValue = true;
        return true;
    }

    /** The value taken by the last {@link #refresh()}; stable until the next one. */
    @SuppressWarnings("unchecked")
    public T latest() {
        return (T) buffers[readIndex];
    }

    /** Arrival time of {@link #latest()} [ns, on {@link #arrivalClock()}]; 0 before the first value. */
    public long latestArrivalNanos() {
        return arrivalNanos[readIndex];
    }

    /** The clock arrival times are read from. */
    public NanoClock arrivalClock() {
        return arrivalClock;
    }

    /** Whether any value has been taken yet. Before that, {@link #latest()} holds defaults. */
    public boolean hasValue() {
        return hasValue;
    }

    /** Total number of values published. Any thread. */
    public long publishCount() {
        return publishCount;
    }

    /** {@link System#nanoTime()} of the last publish; 0 before the first. Any thread. */
    public long lastPublishNanos() {
        return lastPublishNanos;
    }

    /** Registers the thread to unpark on every publish (the on-message trigger); null to stop. */
    public void wakeOnPublish(Thread thread) {
        this.wakeOnPublish = thread;
    }

    @Override
    public String toString() {
        return "LatestValue[" + name + "]";
    }
}
