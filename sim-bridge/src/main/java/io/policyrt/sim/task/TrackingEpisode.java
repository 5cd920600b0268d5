package io.policyrt.sim.task;

import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.sim.robot.DiffDriveRobot;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.LockStepEpisode;
import io.policyrt.sim.run.Simulation;
import io.policyrt.sim.scenario.ObstacleMotion;

/**
 * A lock-step episode scored as the training task: each {@link #step()} runs one control tick,
 * scores it with {@link TrackingReward} (the given variant) and advances physics by one period. The episode is done on
 * a termination (collision, leaving the corridor when that is enabled, completing the path) or on
 * the scenario's time limit (a truncation). The Python {@code TrackingEnv} is the same loop.
 */
public final class TrackingEpisode {
    /** What one tick did; reused between steps. */
    public static final class Step {
        public double xM;
        public double yM;
        public double yawRad;
        public double vMps;
        public double wRadps;
        public double reward;
        public boolean done;
        public boolean truncated;
        public TrackingReward.Termination termination = TrackingReward.Termination.NONE;
        public StopReason stopReason = StopReason.NONE;
    }

    private final LockStepEpisode episode;
    private final boolean corridorTermination;
    private final TrackingReward.Variant variant;
    private final double periodS;
    private final Step step = new Step();
    private double previousVMps;
    private boolean done;

    public TrackingEpisode(LockStepEpisode episode, boolean corridorTermination, TrackingReward.Variant variant) {
        this.episode = episode;
        this.corridorTermination = corridorTermination;
        this.variant = variant;
        this.periodS = episode.periodNanos() * 1e-9;
        this.previousVMps = episode.sim().robot().bodyVMps();
    }

    /** Runs one tick, scores it and advances physics; fails once the episode is done. */
    public Step step() {
        if (done) {
            throw new IllegalStateException("the episode is over");
        }
        episode.tick();
        Simulation sim = episode.sim();
        DiffDriveRobot robot = sim.robot();
        EpisodeMetrics metrics = sim.metrics();
        double v = robot.bodyVMps();
        double w = robot.bodyWRadps();
        double clearance = sim.clearanceM();
        boolean offCorridor = corridorTermination && TrackingReward.leftCorridor(metrics.lateralErrorM());
        step.xM = robot.xM();
        step.yM = robot.yM();
        step.yawRad = robot.yawRad();
        step.vMps = v;
        step.wRadps = w;
        step.stopReason = episode.controlTick().lastReason();
        double chargedAccelerationMps2 = variant.chargesSpeedChange() ? (v - previousVMps) / periodS : 0.0;
        previousVMps = v;
        step.reward = TrackingReward.reward(periodS, metrics.lateralErrorM(), metrics.headingErrorRad(),
                v - sim.path().targetSpeedMps(), v, w, clearance, clearance < 0, offCorridor, wayBlocked(sim, robot),
                chargedAccelerationMps2);
        step.termination = TrackingReward.termination(metrics.collided(), offCorridor, metrics.completed());
        episode.advance();
        step.truncated = step.termination == TrackingReward.Termination.NONE && episode.over();
        step.done = step.termination != TrackingReward.Termination.NONE || step.truncated;
        done = step.done;
        return step;
    }

    private boolean wayBlocked(Simulation sim, DiffDriveRobot robot) {
        ObstacleMotion o = sim.scenario().obstacle();
        if (!variant.yields() || o == null) {
            return false;
        }
        double t = sim.timeS();
        return TrackingReward.wayBlocked(robot.xM(), robot.yM(), robot.yawRad(), sim.robotParams().bodyRadiusM(),
                o.xAt(t), o.yAt(t), o.vxAt(t), o.vyAt(t), o.radiusM());
    }

    /**
     * Writes the normalized observation of the last tick into {@code out}, also on ticks where the
     * governor stopped before inference (the controller then did not build one).
     *
     * @return whether every raw feature was finite
     */
    public boolean observation(float[] out) {
        ControlTick tick = episode.controlTick();
        return tick.observationBuilder().build(tick.snapshot(), tick.geometry(), out);
    }

    public boolean done() { return done; }
    public LockStepEpisode lockStep() { return episode; }
}
