package io.policyrt.controller.loop;

import io.policyrt.controller.action.ActionPipeline;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * One control cycle, in order: snapshot the inputs, check them, build the observation, run the
 * policy, shape the action, guard the command, send it, and time each phase. The loop (or a
 * lock-step driver) calls {@link #run} once per tick on one thread; nothing here allocates in
 * steady state.
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
    private final RateLimitedLog policyLog = new RateLimitedLog(LoggerFactory.getLogger(ControlTick.class), TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedLog sinkLog = new RateLimitedLog(LoggerFactory.getLogger(ControlTick.class), TimeUnit.SECONDS.toNanos(1));

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

    /** Runs one ordinary tick. */
    public void run() {
        run(false, false);
    }

    /**
     * Runs one tick.
     *
     * @param triggerTimedOut the on-message trigger is overdue: command a stop
     * @param shutdown        the loop is stopping: command a stop
     */
    public void run(boolean triggerTimedOut, boolean shutdown) {
        long t0 = System.nanoTime();
        long nowNanos = clock.nanoTime();
        snapshot.capture();
        geometry.update(snapshot);
        long t1 = System.nanoTime();

        StopReason reason = governor.checkInputs(snapshot, geometry, nowNanos, shutdown, triggerTimedOut);
        if (reason == StopReason.NONE) {
            reason = infer();
        }
        long t2 = System.nanoTime();

        long stampNanos = clock.nanoTime();
        if (reason == StopReason.NONE) {
            double dtS = lastCommandNanos == Long.MIN_VALUE ? 0 : (stampNanos - lastCommandNanos) * 1e-9;
            pipeline.shape(action, Math.min(dtS, MAX_LIMITER_DT_S), stampNanos, velocity, wheels);
            reason = governor.checkCommand(velocity, wheels);
        }
        if (reason != StopReason.NONE) {
            velocity.set(stampNanos, 0, 0);
            wheels.set(stampNanos, 0, 0);
            pipeline.commandedStop();
        }
        // Echo the odometry stamp so that its sender can measure sensor-to-command latency.
        long odometryStampNanos = snapshot.hasOdometry() ? snapshot.odometry().stampNanos() : 0;
        velocity.setOdometryStampNanos(odometryStampNanos);
        wheels.setOdometryStampNanos(odometryStampNanos);
        governor.record(reason);
        lastReason = reason;
        lastCommandNanos = stampNanos;
        long t3 = System.nanoTime();

        try {
            sink.send(wheels, velocity);
        } catch (RuntimeException e) {
            sinkFailures = sinkFailures + 1;
            sinkLog.warn("command sink failed:", e.toString());
        }
        long t4 = System.nanoTime();

        timing.record(LoopMetric.READ, t1 - t0);
        timing.record(LoopMetric.INFER, t2 - t1);
        timing.record(LoopMetric.ACT, t3 - t2);
        timing.record(LoopMetric.WRITE, t4 - t3);
        timing.record(LoopMetric.TICK, t4 - t0);
        if (snapshot.hasOdometry()) {
            timing.record(LoopMetric.INPUT_AGE, stampNanos - snapshot.newestInputStampNanos());
        }
        tickCount = tickCount + 1;
    }

    private StopReason infer() {
        if (!observationBuilder.build(snapshot, geometry, observation)) {
            return StopReason.NON_FINITE_OBSERVATION;
        }
        try {
            policy.act(observation, action);
        } catch (RuntimeException e) {
            policyLog.warn("policy failed:", e.toString());
            return StopReason.POLICY_FAILURE;
        }
        for (int j = 0; j < action.length; j++) {
            if (!Float.isFinite(action[j])) {
                return StopReason.NON_FINITE_ACTION;
            }
        }
        return StopReason.NONE;
    }

    public SensorSnapshot snapshot() { return snapshot; }
    public TrackingGeometry geometry() { return geometry; }
    public SafetyGovernor governor() { return governor; }
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
}
