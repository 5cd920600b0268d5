package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTap;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.outbound.SendTap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where each command's time goes, hop by hop: the moments a command passes on its way from the
 * odometry stamp to its arrival back at the driver, taken from the runtime's own taps (the
 * odometry channel's {@link InboundTap}, the tick's {@link TickTap} and {@link TickRecord}
 * phase stamps, the command hand-off's {@link SendTap}) and from the {@link CommandProbe} at
 * arrival, and the time between consecutive moments recorded per hop.
 *
 * <p>The moments of one command are found by the odometry stamp it echoes, in a preallocated
 * direct-mapped table (a newer command whose stamp maps to the same entry replaces an older one
 * still in flight; that older one is then not counted). Each moment is written by one thread;
 * the entry is read on the probe's thread when the command arrives, which happens after every
 * moment of it. Nothing here allocates after construction: the taps run on the tick and on the
 * transport threads.
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
    private static final int ENTRIES = 1 << 14;
    private static final int WIDTH = MOMENTS.length + 1; // the key, then one slot per moment
    private static final long HIGHEST_NANOS = 10_000_000_000L;

    /** Harness clock minus System.nanoTime() [ns]. */
    private final long clockOffsetNanos;
    private final AtomicLongArray table = new AtomicLongArray(ENTRIES * WIDTH);
    private final Recorder[] hops = new Recorder[MOMENTS.length];
    private final Histogram[] recycled = new Histogram[MOMENTS.length];
    private final Histogram[] accumulated = new Histogram[MOMENTS.length];

    CommandHops(NanoClock clock) {
        this.clockOffsetNanos = clock.nanoTime() - System.nanoTime();
        for (int i = 1; i < MOMENTS.length; i++) {
            hops[i] = new Recorder(HIGHEST_NANOS, 3);
            accumulated[i] = new Histogram(HIGHEST_NANOS, 3);
        }
    }

    private static int base(long odometryStampNanos) {
        long h = odometryStampNanos * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - 14)) * WIDTH;
    }

    /** The first moment of a command: its entry is claimed and cleared. Any thread, once per stamp. */
    void received(long odometryStampNanos, long receivedMonotonicNanos) {
        int b = base(odometryStampNanos);
        table.set(b, 0);
        for (int m = 1; m < WIDTH; m++) {
            table.set(b + m, 0);
        }
        table.set(b + 1 + Moment.STAMPED.ordinal(), odometryStampNanos - clockOffsetNanos);
        table.set(b + 1 + Moment.RECEIVED.ordinal(), receivedMonotonicNanos);
        table.set(b, odometryStampNanos);
    }

    /** A later moment of the command computed from {@code odometryStampNanos}; ignored when its entry holds another. */
    void at(long odometryStampNanos, Moment moment, long monotonicNanos) {
        int b = base(odometryStampNanos);
        if (odometryStampNanos != 0 && table.get(b) == odometryStampNanos) {
            table.set(b + 1 + moment.ordinal(), monotonicNanos);
        }
    }

    /** The command arrived at the driver: its hops are recorded. The probe's thread. */
    void arrived(long odometryStampNanos, long arrivedMonotonicNanos) {
        int b = base(odometryStampNanos);
        if (odometryStampNanos == 0 || table.get(b) != odometryStampNanos) {
            return;
        }
        table.set(b + 1 + Moment.ARRIVED.ordinal(), arrivedMonotonicNanos);
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
        table.set(b, 0); // counted once, whatever arrives again with this stamp
    }

    @Override
    public void onMessage(InboundChannel<?, ?> channel, long receivedNanos, Reject verdict, String source, Object message, Object decoded) {
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
