package io.policyrt.controller.testing;

import io.policyrt.controller.action.ActionPipeline;
import io.policyrt.controller.action.DiffDriveKinematics;
import io.policyrt.controller.action.SpeedLimiter;
import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ControlTick} wired the way the runtime wires it, around a {@link FakePolicy} and a
 * {@link RecordingCommandSink}, with methods to publish sensor values and step the clock.
 *
 * <p>The defaults describe a small differential-drive robot:
 * <ul>
 *   <li>spec: {@link TestSpecs#tracking()}, v in [-0.5, 1.0] m/s, w in [-1.5, 1.5] rad/s;</li>
 *   <li>linear limiter: [-0.5, 1.0] m/s, accelerate 1 m/s^2, brake 2 m/s^2, no jerk limit;</li>
 *   <li>angular limiter: [-1.5, 1.5] rad/s, 3 rad/s^2 up, 6 rad/s^2 down, no jerk limit;</li>
 *   <li>wheels: radius 0.05 m, separation 0.3 m, at most 20 rad/s (1 m/s at the rim);</li>
 *   <li>governor: |v| &lt;= 1 m/s, |w| &lt;= 1.5 rad/s, |wheel| &lt;= 20 rad/s;</li>
 *   <li>safety: odometry stale after 100 ms, obstacle after 500 ms, path never, obstacle not
 *       required, stamps up to 50 ms ahead tolerated, stop 0.15 m before the path end;</li>
 *   <li>clock: a {@link ManualClock} at 1000 s; control period 20 ms.</li>
 * </ul>
 */
public final class ControlTickFixture {
    public static final long START_NANOS = 1_000_000_000_000L;
    public static final long PERIOD_NANOS = 20_000_000L;
    public static final double MAX_V_MPS = 1.0;
    public static final double MAX_W_RADPS = 1.5;
    public static final double MAX_WHEEL_RADPS = 20.0;
    public static final double WHEEL_RADIUS_M = 0.05;
    public static final double WHEEL_SEPARATION_M = 0.3;
    public static final double LINEAR_ACCEL_MPS2 = 1.0;
    public static final double LINEAR_DECEL_MPS2 = 2.0;
    public static final double LOOKAHEAD_M = 1.0;
    public static final int PATH_CAPACITY = 4096;

    public static SafetyLimits defaultLimits() {
        return new SafetyLimits(ms(100), ms(500), 0, false, ms(50), 0.15);
    }

    public final NanoClock clock;
    public final SensorSlots slots;
    public final SensorSnapshot snapshot;
    public final TrackingGeometry geometry;
    public final ObservationBuilder observationBuilder;
    public final FakePolicy policy;
    public final ActionPipeline pipeline;
    public final SafetyGovernor governor;
    public final RecordingCommandSink sink;
    public final LoopTiming timing;
    public final ControlTick tick;

    private final Odometry odometry = new Odometry();
    private final ObstacleTrack obstacle = new ObstacleTrack();
    private final EStopSignal estop = new EStopSignal();
    private final PathReference path = new PathReference(PATH_CAPACITY);

    private ControlTickFixture(Builder b) {
        clock = b.clock;
        slots = new SensorSlots(PATH_CAPACITY, clock); // arrival times on the fixture's clock: stepping it ages them
        snapshot = new SensorSnapshot(slots);
        geometry = new TrackingGeometry(LOOKAHEAD_M, b.spec.robotRadiusM());
        observationBuilder = new ObservationBuilder(b.spec, FeatureRegistry.tracking());
        policy = new FakePolicy(b.spec);
        pipeline = new ActionPipeline(b.spec, b.linear, b.angular, b.kinematics);
        governor = new SafetyGovernor(b.limits, b.maxVMps, b.maxWRadps, b.maxWheelRadps);
        sink = new RecordingCommandSink();
        sink.reasonsFrom(governor::currentReason);
        timing = new LoopTiming();
        tick = new ControlTick(clock, snapshot, geometry, observationBuilder, policy, pipeline, governor, sink, timing);
    }

    public static ControlTickFixture create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    // ---- time --------------------------------------------------------------------------------

    public long now() {
        return clock.nanoTime();
    }

    /** Steps the manual clock; fails on a real clock. */
    public ControlTickFixture advanceMillis(long millis) {
        manualClock().advance(ms(millis));
        return this;
    }

    public ManualClock manualClock() {
        if (!(clock instanceof ManualClock)) {
            throw new IllegalStateException("this fixture runs on a real clock");
        }
        return (ManualClock) clock;
    }

    // ---- inputs ------------------------------------------------------------------------------

    /** Publishes odometry stamped now. */
    public ControlTickFixture publishOdometry(double xM, double yM, double yawRad, double vMps, double wRadps) {
        return publishOdometryStamped(now(), xM, yM, yawRad, vMps, wRadps);
    }

    public ControlTickFixture publishOdometryStamped(long stampNanos, double xM, double yM, double yawRad, double vMps,
                                                     double wRadps) {
        slots.odometry().write(odometry.set(stampNanos, xM, yM, yawRad, vMps, wRadps));
        return this;
    }

    /** Publishes a straight path along the x axis from x0 to x1 with points every 0.1 m, stamped now. */
    public ControlTickFixture publishStraightPath(double x0M, double x1M, double targetSpeedMps) {
        int n = (int) Math.round(Math.abs(x1M - x0M) / 0.1) + 1;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x0M + (x1M - x0M) * i / (n - 1);
        }
        return publishPath(xs, ys, n, targetSpeedMps);
    }

    public ControlTickFixture publishPath(double[] xs, double[] ys, int n, double targetSpeedMps) {
        slots.path().write(path.set(now(), xs, ys, n, targetSpeedMps));
        return this;
    }

    /** An e-stop message from the source {@code "button"}. */
    public ControlTickFixture publishEStop(long stampNanos, boolean engaged) {
        return publishEStop(stampNanos, engaged, "button");
    }

    public ControlTickFixture publishEStop(long stampNanos, boolean engaged, String source) {
        slots.estop().write(estop.set(stampNanos, engaged), source);
        return this;
    }

    /** An e-stop message from {@code source} that its channel refused (malformed). */
    public ControlTickFixture refuseEStop(String source) {
        slots.estop().refused(source);
        return this;
    }

    public ControlTickFixture publishObstacleStamped(long stampNanos, ObstacleTrack.Frame frame, double xM, double yM,
                                                     double vxMps, double vyMps, double radiusM) {
        slots.obstacle().write(obstacle.set(stampNanos, frame, xM, yM, vxMps, vyMps, radiusM));
        return this;
    }

    public ControlTickFixture publishNoObstacle() {
        slots.obstacle().write(obstacle.setNone(now()));
        return this;
    }

    /**
     * The usual running state: a 20 m path along x (target 0.5 m/s), the robot at (1, 0) facing
     * along it, at rest.
     */
    public ControlTickFixture publishRobotOnStraightPath() {
        publishStraightPath(0, 20, 0.5);
        return publishOdometry(1, 0, 0, 0, 0);
    }

    // ---- ticks -------------------------------------------------------------------------------

    /** Runs one ordinary tick and returns the command it sent. */
    public SentCommand tick() {
        tick.run();
        return sink.last();
    }

    /** Advances the manual clock by {@code millis}, then ticks. */
    public SentCommand tickAfterMillis(long millis) {
        advanceMillis(millis);
        return tick();
    }

    /** One period later, with fresh odometry at the same pose first: the steady state of a running robot. */
    public SentCommand tickWithFreshOdometry(double xM, double yM, double yawRad) {
        advanceMillis(PERIOD_NANOS / 1_000_000);
        publishOdometry(xM, yM, yawRad, 0, 0);
        return tick();
    }

    /** Fluent configuration; every setter replaces one default. */
    public static final class Builder {
        private NanoClock clock = new ManualClock(START_NANOS);
        private PolicySpec spec = TestSpecs.tracking();
        private SafetyLimits limits = defaultLimits();
        private SpeedLimiter linear = new SpeedLimiter(TestSpecs.V_LOW_MPS, TestSpecs.V_HIGH_MPS, LINEAR_ACCEL_MPS2,
                LINEAR_DECEL_MPS2, Double.POSITIVE_INFINITY);
        private SpeedLimiter angular = new SpeedLimiter(TestSpecs.W_LOW_RADPS, TestSpecs.W_HIGH_RADPS, 3.0, 6.0,
                Double.POSITIVE_INFINITY);
        private DiffDriveKinematics kinematics = new DiffDriveKinematics(WHEEL_RADIUS_M, WHEEL_SEPARATION_M, 1, 1,
                MAX_WHEEL_RADPS);
        private double maxVMps = MAX_V_MPS;
        private double maxWRadps = MAX_W_RADPS;
        private double maxWheelRadps = MAX_WHEEL_RADPS;

        public Builder clock(NanoClock clock) {
            this.clock = clock;
            return this;
        }

        public Builder spec(PolicySpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder limits(SafetyLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder linear(SpeedLimiter linear) {
            this.linear = linear;
            return this;
        }

        public Builder angular(SpeedLimiter angular) {
            this.angular = angular;
            return this;
        }

        public Builder kinematics(DiffDriveKinematics kinematics) {
            this.kinematics = kinematics;
            return this;
        }

        /** The limits the governor enforces on every command that leaves. */
        public Builder governorMaxima(double maxVMps, double maxWRadps, double maxWheelRadps) {
            this.maxVMps = maxVMps;
            this.maxWRadps = maxWRadps;
            this.maxWheelRadps = maxWheelRadps;
            return this;
        }

        public ControlTickFixture build() {
            return new ControlTickFixture(this);
        }
    }
}
