package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTap;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.WireFrame;
import io.policyrt.drivers.outbound.SendTap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where each command's time goes, hop by hop: the moments a command passes on its way from the
 * odometry stamp to its arrival back at the driver, taken from the {@link SensorDriver} when it
 * stamps the odometry, from the runtime's own taps (the odometry channel's {@link InboundTap},
 * the tick's {@link TickTap} and {@link TickRecord} phase stamps, the command hand-off's
 * {@link SendTap}) and from the {@link CommandProbe} at arrival, and the time between
 * consecutive moments recorded per hop.
 *
 * <p>The moments of one command are found by the odometry stamp it echoes, in a preallocated
 * direct-mapped table (a later command whose stamp maps to the same entry replaces an earlier one
 * not yet counted; that one is then lost, which does not depend on its timing). Each moment is
 * written by one thread; the hops are computed when the harness reads them, after the leg, from
 * the commands that arrived. Nothing here allocates after construction: the taps run on the tick
 * and on the transport threads.
 *
 * <p>All moments are on {@link System#nanoTime()}; stamps on the harness clock (the odometry
 * stamp, the channel's receive time) are moved onto it by the clock's fixed offset.
 */
final class CommandHops implements InboundTap, TickTap, SendTap {
    /** The moments, in path order; a hop ends at each moment after the first and starts at the previous one present. */
    enum Moment {
        STAMPED("odometry stamped (driver)"),
        RECEIVED("received: callback entry"),
        SLOT_WRITTEN("slot written"),
        TICK_STARTED("tick started"),
        TICK_ENDED("tick ended"),
        SENDER_TOOK("sender took the command"),
        SEND_ENTERED("send call entered"),
        SEND_RETURNED("send call returned"),
        ARRIVED("arrived at the driver");

        final String label;

        Moment(String label) {
            this.label = label;
        }
    }

    private static final Moment[] MOMENTS = Moment.values();
    /** Entries of the table: far more than a leg's odometry messages (200 Hz for a minute is 12,000). */
    private static final int ENTRIES = 1 << 16;
    private static final int WIDTH = MOMENTS.length + 1; // the key, then one slot per moment
    private static final long HIGHEST_NANOS = 10_000_000_000L;

    /** Harness clock minus System.nanoTime() [ns]. */
    private final long clockOffsetNanos;
    private final AtomicLongArray table = new AtomicLongArray(ENTRIES * WIDTH);
    private final Recorder[] hops = new Recorder[MOMENTS.length];
    private final Histogram[] recycled = new Histogram[MOMENTS.length];
    private final Histogram[] accumulated = new Histogram[MOMENTS.length];

    CommandHops(NanoClock clock) {
        this(offsetNanos(clock));
    }

    /** @param clockOffsetNanos harness clock minus {@link System#nanoTime()} [ns] */
    CommandHops(long clockOffsetNanos) {
        this.clockOffsetNanos = clockOffsetNanos;
        for (int i = 1; i < MOMENTS.length; i++) {
            hops[i] = new Recorder(HIGHEST_NANOS, 3);
            accumulated[i] = new Histogram(HIGHEST_NANOS, 3);
        }
    }

    /**
     * Harness clock minus {@link System#nanoTime()}, from the tightest of a few bracketed reads: a
     * single pair of reads is off by however long the thread was descheduled between them.
     */
    static long offsetNanos(NanoClock clock) {
        long tightestNanos = Long.MAX_VALUE;
        long offsetNanos = 0;
        for (int i = 0; i < 16; i++) {
            long before = System.nanoTime();
            long harness = clock.nanoTime();
            long after = System.nanoTime();
            if (after - before < tightestNanos) {
                tightestNanos = after - before;
                offsetNanos = harness - (before + (after - before) / 2);
            }
        }
        return offsetNanos;
    }

    private static int base(long odometryStampNanos) {
        long h = odometryStampNanos * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - 16)) * WIDTH;
    }

    /**
     * The driver stamped an odometry message: the first moment of the command computed from it,
     * which claims and clears its entry before any other thread can see the message. The driver's
     * thread.
     */
    void stamped(long odometryStampNanos) {
        int b = base(odometryStampNanos);
        table.set(b, 0);
        for (int m = 1; m < WIDTH; m++) {
            table.set(b + m, 0);
        }
        table.set(b + 1 + Moment.STAMPED.ordinal(), odometryStampNanos - clockOffsetNanos);
        table.set(b, odometryStampNanos);
    }

    /** The node received the odometry message, at {@code receivedMonotonicNanos} ({@link System#nanoTime()}). */
    void received(long odometryStampNanos, long receivedMonotonicNanos) {
        at(odometryStampNanos, Moment.RECEIVED, receivedMonotonicNanos);
    }

    /**
     * A later moment of the first command computed from {@code odometryStampNanos}; ignored when its
     * entry holds another stamp, or already has this moment (a timer loop faster than the odometry
     * sends several commands from one message: the first one counts).
     */
    void at(long odometryStampNanos, Moment moment, long monotonicNanos) {
        int b = base(odometryStampNanos);
        int i = b + 1 + moment.ordinal();
        if (odometryStampNanos != 0 && table.get(b) == odometryStampNanos && table.get(i) == 0) {
            table.set(i, monotonicNanos);
        }
    }

    /** The command arrived at the driver (the first time only). The probe's thread. */
    void arrived(long odometryStampNanos, long arrivedMonotonicNanos) {
        at(odometryStampNanos, Moment.ARRIVED, arrivedMonotonicNanos);
    }

    /**
     * Records the hops of every command that has arrived, and forgets them. Hops are recorded
     * here, not at arrival: a command can reach the driver before the control thread's tap has
     * stamped the end of the tick that sent it.
     */
    private void recordArrived() {
        for (int b = 0; b < table.length(); b += WIDTH) {
            if (table.get(b) == 0 || table.get(b + 1 + Moment.ARRIVED.ordinal()) == 0) {
                continue;
            }
            long previous = table.get(b + 1);
            for (int m = 1; m < MOMENTS.length; m++) {
                long t = table.get(b + 1 + m);
                if (t == 0) {
                    continue;
                }
                // A sender already awake may take the command before the tick has finished its bookkeeping: 0, not negative.
                hops[m].recordValue(Math.min(HIGHEST_NANOS, Math.max(0, t - previous)));
                previous = t;
            }
            table.set(b, 0); // counted once
        }
    }

    @Override
    public void onMessage(InboundChannel<?, ?> channel, long receivedNanos, Reject verdict, String source, Object message, Object decoded,
                          WireFrame wire) {
        if (verdict != Reject.NONE || !(decoded instanceof Odometry o)) {
            return;
        }
        long stamp = o.stampNanos();
        received(stamp, receivedNanos - clockOffsetNanos);
        at(stamp, Moment.SLOT_WRITTEN, System.nanoTime()); // the channel calls its tap after the slot write
    }

    @Override
    public void onTick(TickRecord r) {
        if (r.hasOdometry && r.newOdometry) {
            at(r.odometryStampNanos, Moment.TICK_STARTED, r.monotonicStartNanos);
            at(r.odometryStampNanos, Moment.TICK_ENDED, r.monotonicStartNanos + r.tickNanos);
        }
    }

    @Override
    public void onSent(VelocityCommand command, long pickedUpNanos, long sendEnteredNanos, long sendReturnedNanos) {
        long stamp = command.odometryStampNanos();
        at(stamp, Moment.SENDER_TOOK, pickedUpNanos);
        at(stamp, Moment.SEND_ENTERED, sendEnteredNanos);
        at(stamp, Moment.SEND_RETURNED, sendReturnedNanos);
    }

    /** Forgets the hops recorded so far (after warm-up). */
    synchronized void reset() {
        recordArrived();
        for (int m = 1; m < MOMENTS.length; m++) {
            recycled[m] = hops[m].getIntervalHistogram(recycled[m]);
            accumulated[m].reset();
        }
    }

    /**
     * The hops recorded since the last reset, in path order, by the moment that ends each [ns];
     * hops no command passed (a floor has no tick) are left out. Keys are "previous moment -> moment" labels.
     */
    synchronized Map<String, Histogram> hops() {
        recordArrived();
        Map<String, Histogram> out = new LinkedHashMap<>();
        String previous = Moment.STAMPED.label;
        for (int m = 1; m < MOMENTS.length; m++) {
            recycled[m] = hops[m].getIntervalHistogram(recycled[m]);
            accumulated[m].add(recycled[m]);
            if (accumulated[m].getTotalCount() > 0) {
                out.put(previous + " -> " + MOMENTS[m].label, accumulated[m].copy());
                previous = MOMENTS[m].label;
            }
        }
        return out;
    }
}
