package io.policyrt.benchmarks;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;

/**
 * A controller wired as the runtime wires it (manual clock, in-process sink) on the figure-eight
 * path, fed with synthetic sensor values so that every tick runs the whole cycle: snapshot,
 * observation, policy, action pipeline, safety, sink.
 *
 * <p>The robot pose follows a {@link TrackingTrajectory}, one step per control period. All poses
 * are computed at construction; {@link #step()} only copies numbers into preallocated objects.
 */
public final class TickRig {
    /** Controller clock at construction [ns]. */
    public static final long START_NANOS = 1_000_000_000L;
    private final ManualClock clock = new ManualClock(START_NANOS);
    private final SensorSlots slots;
    private final InProcessCommandSink sink = new InProcessCommandSink();
    private final ControlTick tick;
    private final long periodNanos;

    private final Odometry odometry = new Odometry();
    private final ObstacleTrack obstacle = new ObstacleTrack();
    private final TrackingTrajectory trajectory;
    private int index;

    /** Wires a controller for {@code policy} at the policy's own control period. */
    public TickRig(Policy policy) {
        periodNanos = policy.spec().controlPeriodNanos();
        ReferencePaths.Polyline line = ReferencePaths.of(ReferencePaths.Shape.FIGURE_EIGHT);
        slots = new SensorSlots(Math.max(SensorSlots.DEFAULT_PATH_CAPACITY, line.count()), clock);
        PathReference path = new PathReference(line.count());
        path.set(START_NANOS, line.xM(), line.yM(), line.count(), Scenario.TARGET_SPEED_MPS);
        slots.path().write(path);
        tick = ControlTick.assemble(policy, FeatureRegistry.tracking(), DriveConfig.defaults(),
                SafetyLimits.defaultsFor(periodNanos), clock, slots, sink);

        trajectory = new TrackingTrajectory(path, periodNanos);
        // One tick so that every slot holds a value before anything is measured.
        step();
    }

    /**
     * One control period: advances the clock, publishes the next odometry and obstacle report
     * stamped now, and runs one tick. Allocation-free; one thread.
     */
    public void step() {
        publishSensors();
        tick.run();
    }

    /**
     * Advances the clock one period and publishes the next odometry and obstacle report stamped
     * now, without running a tick (for benchmarks of the parts). Allocation-free; one thread.
     */
    public void publishSensors() {
        clock.advance(periodNanos);
        long now = clock.nanoTime();
        int i = index;
        TrackingTrajectory t = trajectory;
        slots.odometry().write(odometry.set(now, t.xM(i), t.yM(i), t.yawRad(i), t.vMps(i), t.wRadps(i)));
        slots.obstacle().write(obstacle.set(now, ObstacleTrack.Frame.WORLD, t.obstacleXM(i), t.obstacleYM(i),
                TrackingTrajectory.OBSTACLE_VX_MPS, TrackingTrajectory.OBSTACLE_VY_MPS, TrackingTrajectory.OBSTACLE_RADIUS_M));
        index = i + 1 == t.length() ? 0 : i + 1;
    }

    /** The command the last tick sent, as the consumer of the in-process sink sees it. */
    public WheelCommand takeCommand() {
        sink.wheels().refresh();
        return sink.wheels().latest();
    }

    /** Ticks that commanded a stop instead of the policy's action, over all reasons (allocates). */
    public long stopTicks() {
        long sum = 0;
        for (StopReason r : StopReason.values()) {
            sum += tick.governor().stopTicks(r);
        }
        return sum;
    }

    /** Number of distinct poses before the trajectory repeats. */
    public int trajectoryLength() { return trajectory.length(); }
    public long periodNanos() { return periodNanos; }
    public ManualClock clock() { return clock; }
    public SensorSlots slots() { return slots; }
    public InProcessCommandSink sink() { return sink; }
    public ControlTick tick() { return tick; }
}
