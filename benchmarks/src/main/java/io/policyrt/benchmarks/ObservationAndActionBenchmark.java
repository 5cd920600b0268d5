package io.policyrt.benchmarks;

import io.policyrt.controller.action.ActionPipeline;
import io.policyrt.controller.action.DiffDriveKinematics;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.action.SpeedLimiter;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.PolicySpec;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The parts of a tick around the policy, each alone, on the tracking task's 13 features:
 * {@code ObservationBuilder.build} (feature lookup, normalization, clipping) from a captured
 * snapshot, {@code ActionPipeline.shape} (bounds, rate/jerk limits, wheel kinematics), and
 * {@code SensorSnapshot.capture} plus {@code TrackingGeometry.update} after fresh sensor values
 * (slot refresh, path projection, obstacle geometry). The snapshot, geometry and builder are the
 * ones {@code ControlTick.assemble} wired for the tick; the pipeline is built the same way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationAndActionBenchmark {
    private static final int ACTIONS = 64;

    private TickRig rig;
    private SensorSnapshot snapshot;
    private TrackingGeometry geometry;
    private ObservationBuilder builder;
    private float[] observation;
    private ActionPipeline pipeline;
    private float[][] actions;
    private final VelocityCommand velocity = new VelocityCommand();
    private final WheelCommand wheels = new WheelCommand();
    private long stampNanos;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SteeringLawPolicy policy = new SteeringLawPolicy();
        PolicySpec spec = policy.spec();
        rig = new TickRig(policy);
        // The tick's own snapshot, geometry and builder; from here on only this benchmark reads the slots.
        snapshot = rig.tick().snapshot();
        geometry = rig.tick().geometry();
        builder = rig.tick().observationBuilder();
        rig.publishSensors();
        snapshot.capture();
        geometry.update(snapshot);
        observation = new float[spec.observationSize()];

        DriveConfig drive = DriveConfig.defaults();
        SpeedLimiter linear = new SpeedLimiter(spec.actionLow(0), spec.actionHigh(0), drive.linearAccelMps2(),
                drive.linearDecelMps2(), drive.linearJerkMps3());
        SpeedLimiter angular = new SpeedLimiter(spec.actionLow(1), spec.actionHigh(1), drive.angularAccelRadps2(),
                drive.angularDecelRadps2(), drive.angularJerkRadps3());
        DiffDriveKinematics kinematics = drive.kinematics();
        pipeline = new ActionPipeline(spec, linear, angular, kinematics);
        SplittableRandom random = new SplittableRandom(11);
        actions = new float[ACTIONS][2];
        for (float[] a : actions) {
            a[0] = (float) random.nextDouble(-1, 1);
            a[1] = (float) random.nextDouble(-1, 1);
        }
        stampNanos = TickRig.START_NANOS;
    }

    @Benchmark
    public void buildObservation(Blackhole bh) {
        bh.consume(builder.build(snapshot, geometry, observation));
        bh.consume(observation[0]);
    }

    @Benchmark
    public void shapeAction(Blackhole bh) {
        int i = next;
        next = (i + 1) & (ACTIONS - 1);
        stampNanos += rig.periodNanos();
        pipeline.shape(actions[i], rig.periodNanos() * 1e-9, stampNanos, velocity, wheels);
        bh.consume(wheels.leftRadps());
        bh.consume(wheels.rightRadps());
    }

    @Benchmark
    public void publishAndCapture(Blackhole bh) {
        rig.publishSensors();
        snapshot.capture();
        geometry.update(snapshot);
        bh.consume(geometry.tracker().lateralErrorM());
        bh.consume(geometry.obstacleClearanceM());
    }
}
