package io.policyrt.controller.safety;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each tick whether the policy's command may leave the process or a stop must replace it,
 * and keeps the reason visible: the current one, how many ticks each reason stopped, how many
 * times each began. Recovery is automatic when the cause is gone, except for an e-stop, which
 * stays latched until an explicit release (a release message stamped after the engage, or
 * {@link #releaseEStop()}).
 *
 * <p>Check methods run on the control thread; the counters and requests are thread-safe.
 */
public final class SafetyGovernor {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyGovernor.class);
    private static final StopReason[] REASONS = StopReason.values();
    /** Shortest time between two log lines about changes of the stop reason [ns]. */
    public static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final SafetyLimits limits;
    private final double maxVMps;
    private final double maxWRadps;
    private final double maxWheelRadps;

    private final AtomicLongArray stopTicks = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray stopEvents = new AtomicLongArray(REASONS.length);
    private volatile StopReason current = StopReason.NONE;
    private volatile boolean releaseRequested;
    private boolean estopLatched;
    private StopReason lastStop = StopReason.NONE;
    private long unloggedChanges;
    private long lastLogNanos = Long.MIN_VALUE / 2;
    private long estopLatchStampNanos = Long.MIN_VALUE;

    /**
     * @param maxVMps       largest |v| a command may carry [m/s]
     * @param maxWRadps     largest |w| a command may carry [rad/s]
     * @param maxWheelRadps largest |wheel speed| a command may carry [rad/s]
     */
    public SafetyGovernor(SafetyLimits limits, double maxVMps, double maxWRadps, double maxWheelRadps) {
        this.limits = limits;
        this.maxVMps = maxVMps;
        this.maxWRadps = maxWRadps;
        this.maxWheelRadps = maxWheelRadps;
    }

    /** Checks the inputs before inference: e-stop, presence, staleness, stamps. */
    public StopReason checkInputs(SensorSnapshot s, TrackingGeometry g, long nowNanos, boolean shutdown, boolean triggerTimedOut) {
        updateEStop(s);
        if (shutdown) {
            return StopReason.SHUTDOWN;
        }
        if (estopLatched) {
            return StopReason.ESTOP;
        }
        if (!s.hasOdometry()) {
            return StopReason.NO_ODOMETRY;
        }
        if (!s.hasPath() || !g.tracker().valid()) {
            return StopReason.NO_PATH;
        }
        if (limits.obstacleRequired() && !s.hasObstacle()) {
            return StopReason.NO_OBSTACLE;
        }
        long odomAge = nowNanos - s.odometry().stampNanos();
        if (odomAge > limits.odometryTimeoutNanos()) {
            return StopReason.STALE_ODOMETRY;
        }
        if (s.hasObstacle() && limits.obstacleTimeoutNanos() > 0
                && nowNanos - s.obstacle().stampNanos() > limits.obstacleTimeoutNanos()) {
            return StopReason.STALE_OBSTACLE;
        }
        if (limits.pathTimeoutNanos() > 0 && nowNanos - s.path().stampNanos() > limits.pathTimeoutNanos()) {
            return StopReason.STALE_PATH;
        }
        long tolerance = limits.futureToleranceNanos();
        if (-odomAge > tolerance || (s.hasObstacle() && s.obstacle().stampNanos() - nowNanos > tolerance)) {
            return StopReason.FUTURE_STAMP;
        }
        if (triggerTimedOut) {
            return StopReason.TRIGGER_TIMEOUT;
        }
        if (g.tracker().remainingM() <= limits.goalToleranceM()) {
            return StopReason.PATH_COMPLETE;
        }
        return StopReason.NONE;
    }

    private void updateEStop(SensorSnapshot s) {
        if (s.newEStop()) {
            if (s.estop().engaged()) {
                estopLatched = true;
                estopLatchStampNanos = Math.max(estopLatchStampNanos, s.estop().stampNanos());
            } else if (estopLatched && s.estop().stampNanos() > estopLatchStampNanos) {
                estopLatched = false;
            }
        }
        if (releaseRequested) {
            releaseRequested = false;
            estopLatched = false;
            estopLatchStampNanos = Long.MIN_VALUE;
        }
    }

    /** Checks a shaped command: finite and within every limit. */
    public StopReason checkCommand(VelocityCommand v, WheelCommand w) {
        double eps = 1e-9;
        boolean ok = Double.isFinite(v.vMps()) && Double.isFinite(v.wRadps())
                && Double.isFinite(w.leftRadps()) && Double.isFinite(w.rightRadps())
                && Math.abs(v.vMps()) <= maxVMps + eps && Math.abs(v.wRadps()) <= maxWRadps + eps
                && Math.abs(w.leftRadps()) <= maxWheelRadps + eps && Math.abs(w.rightRadps()) <= maxWheelRadps + eps;
        return ok ? StopReason.NONE : StopReason.COMMAND_OUT_OF_LIMITS;
    }

    /**
     * Records the tick's outcome: counts it and logs when the reason changes, at most one line per
     * {@link #LOG_INTERVAL_NANOS}; changes in between are summed into the next line, which a
     * later tick writes once the interval has passed. Control thread.
     */
    public void record(StopReason reason) {
        StopReason previous = current;
        if (reason != StopReason.NONE) {
            stopTicks.incrementAndGet(reason.ordinal());
            lastStop = reason;
        }
        if (reason != previous) {
            current = reason;
            if (reason != StopReason.NONE) {
                stopEvents.incrementAndGet(reason.ordinal());
            }
            unloggedChanges++;
        }
        if (unloggedChanges > 0) {
            long now = System.nanoTime();
            if (now - lastLogNanos >= LOG_INTERVAL_NANOS) {
                lastLogNanos = now;
                logChange(reason, unloggedChanges);
                unloggedChanges = 0;
            }
        }
    }

    private void logChange(StopReason reason, long changes) {
        if (changes > 1) {
            if (reason == StopReason.NONE) {
                LOG.warn("resuming; the stop reason changed {} times since the previous line, last {}", changes, lastStop);
            } else {
                LOG.warn("stopping: {} ({}); the stop reason changed {} times since the previous line",
                        reason, reason.description(), changes);
            }
        } else if (reason == StopReason.NONE) {
            LOG.info("resuming after {}", lastStop);
        } else if (reason.isFault()) {
            LOG.warn("stopping: {} ({})", reason, reason.description());
        } else {
            LOG.info("stopping: {} ({})", reason, reason.description());
        }
    }

    /** Asks the control thread to release a latched e-stop at its next tick. Any thread. */
    public void releaseEStop() {
        releaseRequested = true;
    }

    public StopReason currentReason() { return current; }
    public long stopTicks(StopReason r) { return stopTicks.get(r.ordinal()); }
    public long stopEvents(StopReason r) { return stopEvents.get(r.ordinal()); }
    public SafetyLimits limits() { return limits; }
}
