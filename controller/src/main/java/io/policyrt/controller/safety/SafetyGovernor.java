package io.policyrt.controller.safety;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.telemetry.RateLimitedLog;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.LoggerFactory;

/**
 * Decides each tick whether the policy's command may leave the process or a stop must replace it,
 * and keeps the reason visible: the current one, how many ticks each reason stopped, how many
 * times each began. Recovery is automatic when the cause is gone, except for an e-stop, which
 * stays latched in its {@link EStopLatch} until a deliberate release; an engage the loop has not
 * seen yet stops at least one tick even if it was released meanwhile.
 *
 * <p>A tick passes two gates. The input gate ({@link #checkInputs}, then {@link #checkPathProgress}
 * once the tracking geometry is known) runs before the observation is built; the output gate
 * ({@link #checkOutputs}) runs after the action is shaped, turns what the tick found into the
 * tick's one reason and records it.
 *
 * <p>Gate methods run on the control thread; the counters are thread-safe.
 */
public final class SafetyGovernor {
    private static final StopReason[] REASONS = StopReason.values();
    /** Shortest time between two log lines about changes of the stop reason [ns]. */
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    /** Slack on the command limits for rounding in the kinematics. */
    private static final double LIMIT_EPS = 1e-9;

    private final SafetyLimits limits;
    private final double maxVMps;
    private final double maxWRadps;
    private final double maxWheelRadps;
    private final RateLimitedLog changeLog = new RateLimitedLog(LoggerFactory.getLogger(SafetyGovernor.class),
            LOG_INTERVAL_NANOS);

    private final AtomicLongArray stopTicks = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray stopEvents = new AtomicLongArray(REASONS.length);
    private volatile StopReason current = StopReason.NONE;
    private long estopEngagesSeen;

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

    /** {@link #checkInputs(SensorSnapshot, long, boolean, boolean, boolean)} with commands that can leave. */
    public StopReason checkInputs(SensorSnapshot s, long nowNanos, boolean shutdown, boolean triggerTimedOut) {
        return checkInputs(s, nowNanos, shutdown, triggerTimedOut, true);
    }

    /**
     * Input gate, before the geometry: shutdown, e-stop (engaged, or its heartbeat missing),
     * missing, unusable, stale or future-stamped inputs, commands that cannot leave, trigger
     * timeout.
     *
     * @param commandsDeliverable the command sink can deliver ({@code CommandSink.deliverable()}):
     *                            when false the tick stops with {@link StopReason#COMMANDS_BLOCKED},
     *                            so that the policy does not drive blind and the stop is counted;
     *                            the stop commands still go to the sink, and the first one that
     *                            leaves makes the sink deliverable again
     */
    public StopReason checkInputs(SensorSnapshot s, long nowNanos, boolean shutdown, boolean triggerTimedOut,
                                  boolean commandsDeliverable) {
        boolean newEngage = s.estopEngages() != estopEngagesSeen;
        estopEngagesSeen = s.estopEngages();
        if (shutdown) {
            return StopReason.SHUTDOWN;
        }
        if (newEngage || s.estopLatched()) {
            return StopReason.ESTOP;
        }
        if (s.estopSilent()) {
            return StopReason.ESTOP_SILENT;
        }
        if (!s.hasOdometry()) {
            return StopReason.NO_ODOMETRY;
        }
        // A path needs two points to be tracked at all.
        if (!s.hasPath() || s.path().count() < 2) {
            return StopReason.NO_PATH;
        }
        if (limits.obstacleRequired() && !s.hasObstacle()) {
            return StopReason.NO_OBSTACLE;
        }
        long odomAge = nowNanos - s.odometry().stampNanos();
        if (odometryStale(s, nowNanos)) {
            return StopReason.STALE_ODOMETRY;
        }
        long obstacleTimeout = limits.obstacleTimeoutNanos();
        if (s.hasObstacle() && obstacleTimeout > 0
                && (nowNanos - s.obstacle().stampNanos() > obstacleTimeout || s.obstacleArrivalAgeNanos() > obstacleTimeout)) {
            return StopReason.STALE_OBSTACLE;
        }
        long pathTimeout = limits.pathTimeoutNanos();
        if (pathTimeout > 0 && (nowNanos - s.path().stampNanos() > pathTimeout || s.pathArrivalAgeNanos() > pathTimeout)) {
            return StopReason.STALE_PATH;
        }
        long tolerance = limits.futureToleranceNanos();
        if (-odomAge > tolerance || (s.hasObstacle() && s.obstacle().stampNanos() - nowNanos > tolerance)) {
            return StopReason.FUTURE_STAMP;
        }
        // After the inputs: when a link goes down, its sensors go stale too, and that reason (the
        // robot's state is unknown) is the one named; blocked commands with fresh inputs (a full
        // publish queue, a node whose publishers were closed) are named here.
        if (!commandsDeliverable) {
            return StopReason.COMMANDS_BLOCKED;
        }
        if (triggerTimedOut) {
            return StopReason.TRIGGER_TIMEOUT;
        }
        return StopReason.NONE;
    }

    /**
     * Odometry is stale on either clock: its stamp is older than the timeout on the controller's
     * clock, or it arrived longer ago than the timeout on the slot's monotonic arrival clock. A
     * stamp in the future gives a negative stamp age, which never stretches the timeout: the
     * arrival age (never negative) still applies.
     */
    private boolean odometryStale(SensorSnapshot s, long nowNanos) {
        long timeout = limits.odometryTimeoutNanos();
        return nowNanos - s.odometry().stampNanos() > timeout || s.odometryArrivalAgeNanos() > timeout;
    }

    /**
     * Input gate, last check, once the tracking geometry of this tick is known: the robot is
     * within the goal tolerance of the path's end.
     */
    public StopReason checkPathProgress(TrackingGeometry geometry) {
        return geometry.tracker().remainingM() <= limits.goalToleranceM() ? StopReason.PATH_COMPLETE : StopReason.NONE;
    }

    /**
     * Output gate: the tick's one reason from what it found, in order of precedence, counted and
     * logged (changes at most one line per second). Each finding only counts when every earlier
     * one passed; the command is only checked when the policy's action was shaped into it.
     *
     * @param inputReason       what the input gate returned
     * @param observationFinite every raw observation feature was finite
     * @param policyAnswered    the policy returned an action without throwing
     * @param actionFinite      every action value was finite
     * @param velocity          the shaped command
     * @param wheels            the shaped wheel speeds
     */
    public StopReason checkOutputs(StopReason inputReason, boolean observationFinite, boolean policyAnswered,
                                   boolean actionFinite, VelocityCommand velocity, WheelCommand wheels) {
        return checkOutputs(inputReason, null, 0, observationFinite, policyAnswered, actionFinite, velocity, wheels);
    }

    /**
     * Output gate with the odometry's age checked again right before the command leaves: a tick
     * whose inputs were fresh at its start but whose policy took long enough for the odometry to
     * pass its timeout (on either clock) stops with {@link StopReason#STALE_ODOMETRY}.
     *
     * @param s        the tick's snapshot, or null to skip the re-check
     * @param nowNanos the controller's clock read just before this call
     */
    public StopReason checkOutputs(StopReason inputReason, SensorSnapshot s, long nowNanos, boolean observationFinite,
                                   boolean policyAnswered, boolean actionFinite, VelocityCommand velocity, WheelCommand wheels) {
        StopReason reason;
        if (inputReason != StopReason.NONE) {
            reason = inputReason;
        } else if (s != null && s.hasOdometry() && odometryStale(s, nowNanos)) {
            reason = StopReason.STALE_ODOMETRY;
        } else if (!observationFinite) {
            reason = StopReason.NON_FINITE_OBSERVATION;
        } else if (!policyAnswered) {
            reason = StopReason.POLICY_FAILURE;
        } else if (!actionFinite) {
            reason = StopReason.NON_FINITE_ACTION;
        } else if (!withinLimits(velocity, wheels)) {
            reason = StopReason.COMMAND_OUT_OF_LIMITS;
        } else {
            reason = StopReason.NONE;
        }
        record(reason);
        return reason;
    }

    private boolean withinLimits(VelocityCommand v, WheelCommand w) {
        return Double.isFinite(v.vMps()) && Double.isFinite(v.wRadps())
                && Double.isFinite(w.leftRadps()) && Double.isFinite(w.rightRadps())
                && Math.abs(v.vMps()) <= maxVMps + LIMIT_EPS && Math.abs(v.wRadps()) <= maxWRadps + LIMIT_EPS
                && Math.abs(w.leftRadps()) <= maxWheelRadps + LIMIT_EPS
                && Math.abs(w.rightRadps()) <= maxWheelRadps + LIMIT_EPS;
    }

    /** Counts the tick's reason, and a new stop event when the reason changed; logs the change. */
    private void record(StopReason reason) {
        if (reason != StopReason.NONE) {
            stopTicks.incrementAndGet(reason.ordinal());
        }
        StopReason previous = current;
        if (reason == previous) {
            return;
        }
        current = reason;
        if (reason == StopReason.NONE) {
            changeLog.warn("resuming after", previous.name());
        } else {
            stopEvents.incrementAndGet(reason.ordinal());
            changeLog.warn("stopping:", reason.name());
        }
    }

    public StopReason currentReason() { return current; }
    public long stopTicks(StopReason r) { return stopTicks.get(r.ordinal()); }
    public long stopEvents(StopReason r) { return stopEvents.get(r.ordinal()); }
    public SafetyLimits limits() { return limits; }
}
