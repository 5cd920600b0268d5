package io.policyrt.benchmarks;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.loop.Controller;
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
 * <p>The robot pose moves along the path at the task's target speed, with a small weaving
 * lateral and heading error so the tracker and the policy see changing inputs. It runs forward
 * from 1 m after the path start to 1 m before its end and then backward, so the projection never
 * jumps (the tracker searches a window around its previous answer) and the goal check never stops
 * the robot. A nearby obstacle moves with it. All poses are computed at construction;
 * {@link #step()} only copies numbers into preallocated objects.
 */
public final class TickRig {
    /** Controller clock at construction [ns]. */
    public static final long START_NANOS = 1_000_000_000L;
    /** Arc length kept clear of both path ends [m]. */
    private static final double END_MARGIN_M = 1.0;
    private static final double WEAVE_LATERAL_M = 0.08;
    private static final double WEAVE_HEADING_RAD = 0.1;
    private static final double OBSTACLE_AHEAD_M = 1.5;
    private static final double OBSTACLE_LEFT_M = 0.6;
    private static final double OBSTACLE_RADIUS_M = 0.25;
    private static final double OBSTACLE_VX_MPS = 0.1;
    private static final double OBSTACLE_VY_MPS = -0.05;

    private final ManualClock clock = new ManualClock(START_NANOS);
    private final SensorSlots slots;
    private final InProcessCommandSink sink = new InProcessCommandSink();
    private final Controller controller;
    private final ControlTick tick;
    private final long periodNanos;

    private final Odometry odometry = new Odometry();
    private final ObstacleTrack obstacle = new ObstacleTrack();
    private final double[] xM;
    private final double[] yM;
    private final double[] yawRad;
    private final double[] vMps;
    private final double[] wRadps;
    private final double[] obstacleXM;
    private final double[] obstacleYM;
    private int index;

    /** Wires a controller for {@code policy} at the policy's own control period. */
    public TickRig(Policy policy) {
        periodNanos = policy.spec().controlPeriodNanos();
        ReferencePaths.Polyline line = ReferencePaths.of(ReferencePaths.Shape.FIGURE_EIGHT);
        slots = new SensorSlots(Math.max(SensorSlots.DEFAULT_PATH_CAPACITY, line.count()));
        PathReference path = new PathReference(line.count());
        path.set(START_NANOS, line.xM(), line.yM(), line.count(), Scenario.TARGET_SPEED_MPS);
        slots.path().write(path);
        controller = Controller.create(policy, FeatureRegistry.tracking(), DriveConfig.defaults(),
                SafetyLimits.defaultsFor(periodNanos), clock, slots, sink);
        tick = controller.tick();

        double stepM = Scenario.TARGET_SPEED_MPS * periodNanos * 1e-9;
        int oneWay = (int) ((path.lengthM() - 2 * END_MARGIN_M) / stepM);
        if (oneWay < 2) {
            throw new IllegalStateException("path too short for the rig: " + path.lengthM() + " m");
        }
        int n = 2 * oneWay;
        xM = new double[n];
        yM = new double[n];
        yawRad = new double[n];
        vMps = new double[n];
        wRadps = new double[n];
        obstacleXM = new double[n];
        obstacleYM = new double[n];
        for (int i = 0; i < n; i++) {
            boolean forward = i < oneWay;
            double s = END_MARGIN_M + stepM * (forward ? i : n - 1 - i);
            double heading = headingAt(path, s);
            double lateral = WEAVE_LATERAL_M * Math.sin(2 * Math.PI * s / 2.5);
            xM[i] = xAt(path, s) - Math.sin(heading) * lateral;
            yM[i] = yAt(path, s) + Math.cos(heading) * lateral;
            yawRad[i] = heading + WEAVE_HEADING_RAD * Math.sin(2 * Math.PI * s / 1.7);
            vMps[i] = forward ? Scenario.TARGET_SPEED_MPS : -Scenario.TARGET_SPEED_MPS;
            wRadps[i] = 0.3 * Math.sin(2 * Math.PI * s / 3.1);
            double so = Math.min(s + OBSTACLE_AHEAD_M, path.lengthM());
            double ho = headingAt(path, so);
            obstacleXM[i] = xAt(path, so) - Math.sin(ho) * OBSTACLE_LEFT_M;
            obstacleYM[i] = yAt(path, so) + Math.cos(ho) * OBSTACLE_LEFT_M;
        }
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
        slots.odometry().write(odometry.set(now, xM[i], yM[i], yawRad[i], vMps[i], wRadps[i]));
        slots.obstacle().write(obstacle.set(now, ObstacleTrack.Frame.WORLD, obstacleXM[i], obstacleYM[i],
                OBSTACLE_VX_MPS, OBSTACLE_VY_MPS, OBSTACLE_RADIUS_M));
        index = i + 1 == xM.length ? 0 : i + 1;
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
            sum += controller.governor().stopTicks(r);
        }
        return sum;
    }

    /** Number of distinct poses before the trajectory repeats. */
    public int trajectoryLength() { return xM.length; }
    public long periodNanos() { return periodNanos; }
    public ManualClock clock() { return clock; }
    public SensorSlots slots() { return slots; }
    public InProcessCommandSink sink() { return sink; }
    public Controller controller() { return controller; }
    public ControlTick tick() { return tick; }

    private static double xAt(PathReference path, double sM) {
        int i = path.segmentAt(sM);
        return path.xM(i) + fraction(path, i, sM) * (path.xM(i + 1) - path.xM(i));
    }

    private static double yAt(PathReference path, double sM) {
        int i = path.segmentAt(sM);
        return path.yM(i) + fraction(path, i, sM) * (path.yM(i + 1) - path.yM(i));
    }

    private static double headingAt(PathReference path, double sM) {
        return path.segmentHeadingRad(path.segmentAt(sM));
    }

    private static double fraction(PathReference path, int i, double sM) {
        double s0 = path.arcLengthM(i);
        double len = path.arcLengthM(i + 1) - s0;
        return len > 0 ? Math.max(0, Math.min(1, (sM - s0) / len)) : 0;
    }
}
