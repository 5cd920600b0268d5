package io.policyrt.controller.observation;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;

/**
 * One tick's consistent read of the input slots: the values only, unchanged until the next
 * {@link #capture()}. Control thread; allocation-free.
 */
public final class SensorSnapshot {
    private final SensorSlots slots;

    private Odometry odometry;
    private ObstacleTrack obstacle;
    private PathReference path;
    private boolean newOdometry;
    private long estopEngages;
    private boolean estopLatched;
    private boolean estopSilent;

    public SensorSnapshot(SensorSlots slots) {
        this.slots = slots;
        refreshRefs();
    }

    /** Takes the newest value of every slot. Control thread only. */
    public void capture() {
        newOdometry = slots.odometry().refresh();
        slots.obstacle().refresh();
        slots.path().refresh();
        estopEngages = slots.estop().engages();
        estopLatched = slots.estop().latched();
        estopSilent = slots.estop().silent();
        refreshRefs();
    }

    private void refreshRefs() {
        odometry = slots.odometry().latest();
        obstacle = slots.obstacle().latest();
        path = slots.path().latest();
    }

    public boolean hasOdometry() { return slots.odometry().hasValue(); }
    public boolean hasObstacle() { return slots.obstacle().hasValue(); }
    public boolean hasPath() { return slots.path().hasValue(); }
    /** Whether this capture took an odometry message the previous one had not. */
    public boolean newOdometry() { return newOdometry; }
    /** E-stop engages received up to this capture (a change means a new engage, even one already released). */
    public long estopEngages() { return estopEngages; }
    /** Whether a source held an e-stop engage at this capture. */
    public boolean estopLatched() { return estopLatched; }
    /** Whether the e-stop's required heartbeat was missing at this capture. */
    public boolean estopSilent() { return estopSilent; }

    public Odometry odometry() { return odometry; }
    public ObstacleTrack obstacle() { return obstacle; }
    public PathReference path() { return path; }

    /**
     * How long ago the odometry value of this capture arrived [ns], on the slot's arrival clock
     * read now: never negative, whatever the sender stamped. Call again for a later reading.
     */
    public long odometryArrivalAgeNanos() {
        return arrivalAgeNanos(slots.odometry());
    }

    /** {@link #odometryArrivalAgeNanos()} for the obstacle report. */
    public long obstacleArrivalAgeNanos() {
        return arrivalAgeNanos(slots.obstacle());
    }

    /** {@link #odometryArrivalAgeNanos()} for the path. */
    public long pathArrivalAgeNanos() {
        return arrivalAgeNanos(slots.path());
    }

    private static long arrivalAgeNanos(LatestValue<?> slot) {
        return Math.max(0, slot.arrivalClock().nanoTime() - slot.latestArrivalNanos());
    }

    /** Newest stamp among the inputs the tick used [ns]. */
    public long newestInputStampNanos() {
        long t = hasOdometry() ? odometry.stampNanos() : Long.MIN_VALUE;
        if (hasObstacle() && obstacle.stampNanos() > t) {
            t = obstacle.stampNanos();
        }
        return t;
    }
}
