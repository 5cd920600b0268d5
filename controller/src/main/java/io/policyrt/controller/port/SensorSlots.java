package io.policyrt.controller.port;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.NanoClock;

/** The controller's input slots that every transport writes into. */
public final class SensorSlots {
    /** Default path capacity: 20,000 points is a 1 km path at 5 cm spacing. */
    public static final int DEFAULT_PATH_CAPACITY = 20_000;

    private final LatestValue<Odometry> odometry;
    private final LatestValue<ObstacleTrack> obstacle;
    private final LatestValue<PathReference> path;
    private final EStopLatch estop;

    public SensorSlots() {
        this(DEFAULT_PATH_CAPACITY);
    }

    public SensorSlots(int pathCapacity) {
        this(pathCapacity, LatestValue.MONOTONIC);
    }

    /**
     * @param arrivalClock the clock the slots read each value's arrival time from: the monotonic
     *                     clock in a real process, the simulated clock in tests that step time
     */
    public SensorSlots(int pathCapacity, NanoClock arrivalClock) {
        this(pathCapacity, arrivalClock, EStopRules.DEFAULTS);
    }

    /** @param estopRules how the e-stop latch releases and whether its source must stay alive */
    public SensorSlots(int pathCapacity, NanoClock arrivalClock, EStopRules estopRules) {
        odometry = new LatestValue<>("odometry", Odometry::new, arrivalClock);
        obstacle = new LatestValue<>("obstacle", ObstacleTrack::new, arrivalClock);
        path = new LatestValue<>("path", () -> new PathReference(pathCapacity), arrivalClock);
        estop = new EStopLatch(estopRules, arrivalClock);
    }

    public LatestValue<Odometry> odometry() { return odometry; }
    public LatestValue<ObstacleTrack> obstacle() { return obstacle; }
    public LatestValue<PathReference> path() { return path; }
    /** The e-stop: a latch, not a latest value (every engage counts). */
    public EStopLatch estop() { return estop; }

    /** Looks a latest-value slot up by its name (odometry, obstacle, path): what can trigger a tick. */
    public LatestValue<?> byName(String name) {
        switch (name) {
            case "odometry": return odometry;
            case "obstacle": return obstacle;
            case "path": return path;
            default: throw new IllegalArgumentException("unknown sensor slot '" + name + "' (allowed: odometry, obstacle, path)");
        }
    }
}
