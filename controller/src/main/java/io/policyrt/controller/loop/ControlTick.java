package io.policyrt.controller.loop;

import io.policyrt.controller.action.ActionPipeline;
import io.policyrt.controller.action.DiffDriveKinematics;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.action.SpeedLimiter;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * One control cycle, in order: snapshot the inputs, pass the governor's input gate, derive the
 * tracking geometry, build the observation, run the policy, shape the action, pass the governor's
 * output gate, send the command, and time each phase. The loop (or a lock-step driver) calls
 * {@link #run} once per tick on one thread; nothing here allocates in steady state.
 */
public final class ControlTick {
    /** Largest time step the rate limiters integrate over [s]; longer gaps restart from the last command. */
    private static final double MAX_LIMITER_DT_S = 0.1;

    private final NanoClock clock;
    private final SensorSnapshot snapshot;
    private final TrackingGeometry geometry;
    private final ObservationBuilder observationBuilder;
    private final Policy policy;
    private final ActionPipeline pipeline;
    private final SafetyGovernor governor;
    private final CommandSink sink;
    private final LoopTiming timing;
    private final float[] observation;
    private final float[] action;
    private final WheelCommand wheels = new WheelCommand();
    private final VelocityCommand velocity = new VelocityCommand();
    private final WheelCommand zeroWheels = new WheelCommand();
    private final VelocityCommand zeroVelocity = new VelocityCommand();
    private final RateLimitedLog policyLog = new RateLimitedLog(LoggerFactory.getLogger(ControlTick.class), TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedLog sinkLog = new RateLimitedLog(LoggerFactory.getLogger(ControlTick.class), TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedLog tapLog = new RateLimitedLog(LoggerFactory.getLogger(ControlTick.class), TimeUnit.SECONDS.toNanos(1));

    /** Who sees every tick, or null; set before the loop starts. */
    private TickTap tap;
    private TickRecord record;
    /** The path id the tap was last told of; -1: none yet. */
    private long tappedPathId = -1;
    private boolean observedThisTick;
    private volatile long tapFailures;

    private long lastCommandNanos = Long.MIN_VALUE;
    private volatile long tickCount;
    private volatile long sinkFailures;
    private StopReason lastReason = StopReason.NONE;

    public ControlTick(NanoClock clock, SensorSnapshot snapshot, TrackingGeometry geometry, ObservationBuilder observationBuilder, Policy policy,
                       ActionPipeline pipeline, SafetyGovernor governor, CommandSink sink, LoopTiming timing) {
        if (observationBuilder.size() != policy.spec().observationSize()) {
            throw new IllegalArgumentException("observation builder has " + observationBuilder.size()
                    + " features, the policy expects " + policy.spec().observationSize());
        }
        this.clock = clock;
        this.snapshot = snapshot;
        this.geometry = geometry;
        this.observationBuilder = observationBuilder;
        this.policy = policy;
        this.pipeline = pipeline;
        this.governor = governor;
        this.sink = sink;
        this.timing = timing;
        this.observation = new float[policy.spec().observationSize()];
        this.action = new float[policy.spec().actionSize()];
    }

    /**
     * Wires a tick for {@code policy} at configure time: snapshot and geometry over {@code slots},
     * observation builder, action pipeline with the drive's limits, safety governor, timing.
     * Everything is allocated here, nothing per tick.
     */
    public static ControlTick assemble(Policy policy, FeatureRegistry features, DriveConfig drive, SafetyLimits safety,
                                       NanoClock clock, SensorSlots slots, CommandSink sink) {
        PolicySpec spec = policy.spec();
        ActionPipeline.check(spec);
        double vMax = Math.max(Math.abs(spec.actionLow(0)), Math.abs(spec.actionHigh(0)));
        double wMax = Math.max(Math.abs(spec.actionLow(1)), Math.abs(spec.actionHigh(1)));
        SpeedLimiter linear = new SpeedLimiter(spec.actionLow(0), spec.actionHigh(0), drive.linearAccelMps2(),
                drive.linearDecelMps2(), drive.linearJerkMps3());
        SpeedLimiter angular = new SpeedLimiter(spec.actionLow(1), spec.actionHigh(1), drive.angularAccelRadps2(),
                drive.angularDecelRadps2(), drive.angularJerkRadps3());
        DiffDriveKinematics kinematics = drive.kinematics();
        ActionPipeline pipeline = new ActionPipeline(spec, linear, angular, kinematics);
        SafetyGovernor governor = new SafetyGovernor(safety, vMax, wMax, drive.maxWheelRadps());
        SensorSnapshot snapshot = new SensorSnapshot(slots);
        TrackingGeometry geometry = new TrackingGeometry(spec.lookaheadM(), spec.robotRadiusM());
        ObservationBuilder builder = new ObservationBuilder(spec, features);
        return new ControlTick(clock, snapshot, geometry, builder, policy, pipeline, governor, sink, new LoopTiming());
    }

    /** Runs one ordinary tick. */
    public void run() {
        run(false, false);
    }

    /**
     * Runs one tick: capture, input gate, tracking geometry, observe, act, shape, output gate,
     * send.
     *
     * @param triggerTimedOut the on-message trigger is overdue: command a stop
     * @param shutdown        the loop is stopping: command a stop
     */
    public void run(boolean triggerTimedOut, boolean shutdown) {
        long t0 = System.nanoTime();
        long nowNanos = clock.nanoTime();
        snapshot.capture();
        StopReason inputReason = governor.checkInputs(snapshot, nowNanos, shutdown, triggerTimedOut, sink.deliverable());
        // Always updated, so that the geometry of a stopped tick can still be looked at.
        geometry.update(snapshot);
        if (inputReason == StopReason.NONE) {
            inputReason = governor.checkPathProgress(geometry);
        }
        long t1 = System.nanoTime();

        observedThisTick = inputReason == StopReason.NONE;
        boolean observationFinite = observedThisTick && observe();
        boolean policyAnswered = observationFinite && act();
        long t2 = System.nanoTime();

        long stampNanos = clock.nanoTime();
        boolean actionFinite = policyAnswered && allFinite(action);
        if (actionFinite) {
            shape(stampNanos);
        }
        // The inputs' age again, on a clock read now: the command leaves right after this gate.
        StopReason reason = governor.checkOutputs(inputReason, snapshot, clock.nanoTime(), observationFinite, policyAnswered,
                actionFinite, velocity, wheels);
        if (reason != StopReason.NONE) {
            commandStop(stampNanos);
        }
        echoOdometryStamp();
        lastReason = reason;
        lastCommandNanos = stampNanos;
        long t3 = System.nanoTime();

        send();
        long t4 = System.nanoTime();

        recordTimes(t0, t1, t2, t3, t4, stampNanos);
        if (tap != null) {
            tapTick(t0, nowNanos, t1, t2, t3, t4, policyAnswered, reason);
        }
        tickCount = tickCount + 1;
    }

    /**
     * Attaches the tap that sees every tick from now on (null: none). Call at configure time,
     * before the loop's thread starts (its start publishes the tap to the control thread).
     * Allocates the tick's record here, once.
     */
    public void tap(TickTap tap) {
        this.record = tap == null ? null : new TickRecord(policy.spec().featureNames(), policy.spec().actionNames());
        this.tappedPathId = -1;
        this.tap = tap;
    }

    /**
     * Attaches {@code more} beside the tap already attached, if any: both see every tick, the
     * earlier one first. Same rules as {@link #tap(TickTap)}.
     */
    public void addTap(TickTap more) {
        tap(TickTap.both(tap, more));
    }

    /** Fills the tick's record and hands it to the tap; a failing tap is counted, never fatal. */
    private void tapTick(long t0, long nowNanos, long t1, long t2, long t3, long t4, boolean acted, StopReason reason) {
        TickRecord r = record;
        r.tickIndex = tickCount;
        r.monotonicStartNanos = t0;
        r.controllerNanos = nowNanos;
        SensorSnapshot s = snapshot;
        r.hasOdometry = s.hasOdometry();
        r.newOdometry = s.newOdometry();
        if (r.hasOdometry) {
            Odometry o = s.odometry();
            r.odometryStampNanos = o.stampNanos();
            r.odometryXM = o.xM();
            r.odometryYM = o.yM();
            r.odometryYawRad = o.yawRad();
            r.odometryVMps = o.vMps();
            r.odometryWRadps = o.wRadps();
        }
        r.hasObstacle = s.hasObstacle();
        if (r.hasObstacle) {
            ObstacleTrack o = s.obstacle();
            r.obstaclePresent = o.present();
            r.obstacleRobotFrame = o.frame() == ObstacleTrack.Frame.ROBOT;
            r.obstacleStampNanos = o.stampNanos();
            r.obstacleXM = o.xM();
            r.obstacleYM = o.yM();
            r.obstacleVxMps = o.vxMps();
            r.obstacleVyMps = o.vyMps();
            r.obstacleRadiusM = o.radiusM();
        }
        r.hasPath = s.hasPath();
        if (r.hasPath) {
            PathReference p = s.path();
            r.pathId = p.id();
            r.pathPoints = p.count();
            r.pathLengthM = p.lengthM();
            r.pathTargetSpeedMps = p.targetSpeedMps();
            r.pathStampNanos = p.stampNanos();
        }
        r.estopEngages = s.estopEngages();
        if (r.hasPath && r.pathId != tappedPathId) {
            try {
                tap.onPathChange(s.path(), r.tickIndex, nowNanos, t0);
            } catch (RuntimeException e) {
                tapFailures = tapFailures + 1;
                tapLog.warn("tick tap failed on the path:", e.toString());
            }
            tappedPathId = r.pathId;
        }
        r.estopLatched = s.estopLatched();
        r.estopSilent = s.estopSilent();
        r.observed = observedThisTick;
        if (observedThisTick) {
            for (int i = 0; i < observation.length; i++) {
                r.featureRaw[i] = observationBuilder.raw(i);
                r.observation[i] = observation[i];
            }
        }
        r.acted = acted;
        if (acted) {
            System.arraycopy(action, 0, r.action, 0, action.length);
        }
        r.commandStampNanos = velocity.stampNanos();
        r.commandVMps = velocity.vMps();
        r.commandWRadps = velocity.wRadps();
        r.commandLeftRadps = wheels.leftRadps();
        r.commandRightRadps = wheels.rightRadps();
        r.stopReason = reason;
        r.readNanos = t1 - t0;
        r.inferNanos = t2 - t1;
        r.actNanos = t3 - t2;
        r.writeNanos = t4 - t3;
        r.tickNanos = t4 - t0;
        try {
            tap.onTick(r);
        } catch (RuntimeException e) {
            tapFailures = tapFailures + 1;
            tapLog.warn("tick tap failed:", e.toString());
        }
    }

    /** Builds the observation; false when a raw feature is NaN or Inf (the policy must not see it). */
    private boolean observe() {
        return observationBuilder.build(snapshot, geometry, observation);
    }

    /** Runs the policy; false when it threw. */
    private boolean act() {
        try {
            policy.act(observation, action);
            return true;
        } catch (RuntimeException e) {
            policyLog.warn("policy failed:", e.toString());
            return false;
        }
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private void shape(long stampNanos) {
        double dtS = lastCommandNanos == Long.MIN_VALUE ? 0 : (stampNanos - lastCommandNanos) * 1e-9;
        pipeline.shape(action, Math.min(dtS, MAX_LIMITER_DT_S), stampNanos, velocity, wheels);
    }

    /** Replaces the command with a stop; the limiters ramp up from rest afterwards. */
    private void commandStop(long stampNanos) {
        velocity.set(stampNanos, 0, 0);
        wheels.set(stampNanos, 0, 0);
        pipeline.commandedStop();
    }

    /** Echoes the odometry stamp so that its sender can measure sensor-to-command latency. */
    private void echoOdometryStamp() {
        long odometryStampNanos = snapshot.hasOdometry() ? snapshot.odometry().stampNanos() : 0;
        velocity.setOdometryStampNanos(odometryStampNanos);
        wheels.setOdometryStampNanos(odometryStampNanos);
    }

    private void send() {
        try {
            sink.send(wheels, velocity);
        } catch (RuntimeException e) {
            sinkFailures = sinkFailures + 1;
            sinkLog.warn("command sink failed:", e.toString());
        }
    }

    /**
     * Warms the policy before a tick ({@link Policy#warmUp}); a failure is left to the tick's own
     * policy call, which turns it into a safe stop.
     */
    public void warmPolicy() {
        try {
            policy.warmUp();
        } catch (RuntimeException e) {
            // the tick's act reports it
        }
    }

    /**
     * Hands the sink a zero command without running a tick: the last resort of a control thread
     * that is dying of an exception the tick could not contain. Never throws.
     */
    public void sendZero() {
        try {
            long now = clock.nanoTime();
            sink.send(zeroWheels.set(now, 0, 0), zeroVelocity.set(now, 0, 0));
        } catch (Throwable t) {
            sinkFailures = sinkFailures + 1;
        }
    }

    private void recordTimes(long t0, long t1, long t2, long t3, long t4, long stampNanos) {
        timing.record(LoopMetric.READ, t1 - t0);
        timing.record(LoopMetric.INFER, t2 - t1);
        timing.record(LoopMetric.ACT, t3 - t2);
        timing.record(LoopMetric.WRITE, t4 - t3);
        timing.record(LoopMetric.TICK, t4 - t0);
        if (snapshot.hasOdometry()) {
            timing.record(LoopMetric.INPUT_AGE, stampNanos - snapshot.newestInputStampNanos());
        }
    }

    public SensorSnapshot snapshot() { return snapshot; }
    public TrackingGeometry geometry() { return geometry; }
    public SafetyGovernor governor() { return governor; }
    /** Where the tick sends its commands. */
    public CommandSink sink() { return sink; }
    public LoopTiming timing() { return timing; }
    public Policy policy() { return policy; }
    public ObservationBuilder observationBuilder() { return observationBuilder; }
    /** The command sent by the last tick (control thread, or after the loop stopped). */
    public WheelCommand lastWheels() { return wheels; }
    public VelocityCommand lastVelocity() { return velocity; }
    /** The reason of the last tick (control thread); other threads use the governor's. */
    public StopReason lastReason() { return lastReason; }
    /** The normalized observation of the last tick that ran inference (control thread). */
    public float[] lastObservation() { return observation; }
    public float[] lastAction() { return action; }
    public long tickCount() { return tickCount; }
    public long sinkFailures() { return sinkFailures; }
    /** Exceptions the tick tap threw (each contained). Any thread. */
    public long tapFailures() { return tapFailures; }
}
