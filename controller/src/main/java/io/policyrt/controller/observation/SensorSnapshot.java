package io.policyrt.controller.observation;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;

/**
 * One tick's consistent read of the input slots: the values only, unchanged until the next
 * {@link #capture()}. Control thread; allocation-free.
 */
public final class SensorSnapshot {
    private final SensorSlots slots;

    private Odometry odometry;
    private ObstacleTrack obstacle;
    private PathReference path;
    private EStopSignal estop;
    private boolean newOdometry;
    private boolean newEStop;

    public SensorSnapshot(SensorSlots slots) {
        this.slots = slots;
        refreshRefs();
    }

    /** Takes the newest value of every slot. Control thread only. */
    public void capture() {
        newOdometry = slots.odometry().refresh();
        slots.obstacle().refresh();
        slots.path().refresh();
        newEStop = slots.estop().refresh();
        refreshRefs();
    }

    private void refreshRefs() {
        odometry = slots.odometry().latest();
        obstacle = slots.obstacle().latest();
        path = slots.path().latest();
        estop = slots.estop().latest();
    }

    public boolean hasOdometry() { return slots.odometry().hasValue(); }
    public boolean hasObstacle() { return slots.obstacle().hasValue(); }
    public boolean hasPath() { return slots.path().hasValue(); }
    /** Whether this capture took an odometry message the previous one had not. */
    public boolean newOdometry() { return newOdometry; }
    /** Whether this capture took an e-stop message the previous one had not. */
    public boolean newEStop() { return newEStop; }

    public Odometry odometry() { return odometry; }
    public ObstacleTrack obstacle() { return obstacle; }
    public PathReference path() { return path; }
    public EStopSignal estop() { return estop; }

    /**
     * How long ago the odometry value of this capture arrived [ns], on the slot's arrival clock
     * read now: never negative, whatever the sender stamped. Call again for a later reading.
     */
    public long odometryArrivalAgeNanos() {
        return Math.max(0, slots.odometry().arrivalClock().nanoTime() - slots.odometry().latestArrivalNanos());
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
