package io.policyrt.controller.telemetry;

import io.policyrt.controller.safety.StopReason;
import java.util.List;

/**
 * What one tick saw and did, as primitives in preallocated storage: the snapshot's inputs, the
 * observation by feature (raw and normalized), the raw action, the shaped command, the stop
 * reason and the phase timings. {@link io.policyrt.controller.loop.ControlTick} fills one at the
 * end of every tick when a {@link TickTap} is attached; a tap copies it with {@link #copyFrom}.
 *
 * <p>A mutable event object in the sense of a Disruptor ring entry: its fields are public so that
 * filling and copying cost nothing but the stores. Nothing here allocates after construction.
 */
public final class TickRecord {
    /** Feature names in observation order (shared, immutable). */
    public final List<String> featureNames;
    /** Action names in action order (shared, immutable). */
    public final List<String> actionNames;

    /** Ticks run before this one (0 for the first). */
    public long tickIndex;
    /** {@link System#nanoTime()} when the tick started [ns, monotonic]. */
    public long monotonicStartNanos;
    /** The controller's clock when the tick started [ns]; the time base of the input stamps. */
    public long controllerNanos;

    // Snapshot: odometry.
    public boolean hasOdometry;
    /** Whether this tick's capture took an odometry message the previous one had not. */
    public boolean newOdometry;
    public long odometryStampNanos;
    public double odometryXM;
    public double odometryYM;
    public double odometryYawRad;
    public double odometryVMps;
    public double odometryWRadps;

    // Snapshot: obstacle report.
    public boolean hasObstacle;
    /** Whether the report holds an obstacle (false: the perception reports none). */
    public boolean obstaclePresent;
    /** Whether the obstacle's position and velocity are in the robot frame (false: world). */
    public boolean obstacleRobotFrame;
    public long obstacleStampNanos;
    public double obstacleXM;
    public double obstacleYM;
    public double obstacleVxMps;
    public double obstacleVyMps;
    public double obstacleRadiusM;

    // Snapshot: path.
    public boolean hasPath;
    /** Identity of the path's contents (changes when a new path arrives). */
    public long pathId;
    public int pathPoints;
    public double pathLengthM;
    public double pathTargetSpeedMps;
    public long pathStampNanos;

    // Snapshot: e-stop.
    public long estopEngages;
    public boolean estopLatched;
    public boolean estopSilent;

    /** Whether the observation below was built this tick (false: the input gate stopped first). */
    public boolean observed;
    /** Raw feature values, before shift, scale and clip; valid when {@link #observed}. */
    public final double[] featureRaw;
    /** The normalized observation the policy saw; valid when {@link #observed}. */
    public final float[] observation;
    /** Whether the policy ran and returned this tick. */
    public boolean acted;
    /** The policy's raw output; valid when {@link #acted}. */
    public final float[] action;

    /** The command that left: body velocity [m/s, rad/s] and wheel speeds [rad/s]; zero on a stop. */
    public long commandStampNanos;
    public double commandVMps;
    public double commandWRadps;
    public double commandLeftRadps;
    public double commandRightRadps;
    /** The governor's reason for this tick; {@link StopReason#NONE} when the policy's command left. */
    public StopReason stopReason = StopReason.NONE;

    // Phase timings [ns], as recorded in LoopTiming.
    public long readNanos;
    public long inferNanos;
    public long actNanos;
    public long writeNanos;
    public long tickNanos;

    public TickRecord(List<String> featureNames, List<String> actionNames) {
        this.featureNames = List.copyOf(featureNames);
        this.actionNames = List.copyOf(actionNames);
        this.featureRaw = new double[featureNames.size()];
        this.observation = new float[featureNames.size()];
        this.action = new float[actionNames.size()];
    }

    /** A record of the same shape, for a ring's slots. */
    public TickRecord newOfSameShape() {
        return new TickRecord(featureNames, actionNames);
    }

    /**
     * Copies every field of {@code o}, which must have the same feature and action counts.
     * Allocation-free.
     */
    public void copyFrom(TickRecord o) {
        tickIndex = o.tickIndex;
        monotonicStartNanos = o.monotonicStartNanos;
        controllerNanos = o.controllerNanos;
        hasOdometry = o.hasOdometry;
        newOdometry = o.newOdometry;
        odometryStampNanos = o.odometryStampNanos;
        odometryXM = o.odometryXM;
        odometryYM = o.odometryYM;
        odometryYawRad = o.odometryYawRad;
        odometryVMps = o.odometryVMps;
        odometryWRadps = o.odometryWRadps;
        hasObstacle = o.hasObstacle;
        obstaclePresent = o.obstaclePresent;
        obstacleRobotFrame = o.obstacleRobotFrame;
        obstacleStampNanos = o.obstacleStampNanos;
        obstacleXM = o.obstacleXM;
        obstacleYM = o.obstacleYM;
        obstacleVxMps = o.obstacleVxMps;
        obstacleVyMps = o.obstacleVyMps;
        obstacleRadiusM = o.obstacleRadiusM;
        hasPath = o.hasPath;
        pathId = o.pathId;
        pathPoints = o.pathPoints;
        pathLengthM = o.pathLengthM;
        pathTargetSpeedMps = o.pathTargetSpeedMps;
        pathStampNanos = o.pathStampNanos;
        estopEngages = o.estopEngages;
        estopLatched = o.estopLatched;
        estopSilent = o.estopSilent;
        observed = o.observed;
        System.arraycopy(o.featureRaw, 0, featureRaw, 0, featureRaw.length);
        System.arraycopy(o.observation, 0, observation, 0, observation.length);
        acted = o.acted;
        System.arraycopy(o.action, 0, action, 0, action.length);
        commandStampNanos = o.commandStampNanos;
        commandVMps = o.commandVMps;
        commandWRadps = o.commandWRadps;
        commandLeftRadps = o.commandLeftRadps;
        commandRightRadps = o.commandRightRadps;
        stopReason = o.stopReason;
        readNanos = o.readNanos;
        inferNanos = o.inferNanos;
        actNanos = o.actNanos;
        writeNanos = o.writeNanos;
        tickNanos = o.tickNanos;
    }
}
