package io.policyrt.benchmarks;

import io.policyrt.controller.policy.Policy;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code OnnxPolicy.act} alone: copy the observation into the input tensor, ONNX Runtime's
 * {@code run} into the pinned output, copy the action out. For the shipped policy and for
 * synthetic tanh MLPs of growing size (13 inputs, 2 outputs; written by {@code policy-export/python/make_mlp_models.py}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyInferenceBenchmark {
    /** Distinct observations cycled through, so the inputs change from call to call. */
    private static final int OBSERVATIONS = 64;

    @Param({PolicyFiles.SHIPPED, PolicyFiles.DSACT, "benchmarks/models/mlp-2x64.onnx", "benchmarks/models/mlp-3x256.onnx",
            "benchmarks/models/mlp-4x512.onnx"})
    public String policyFile;

    private Policy policy;
    private float[][] observations;
    private float[] action;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        policy = PolicyFiles.open(policyFile);
        int n = policy.spec().observationSize();
        SplittableRandom random = new SplittableRandom(7);
        observations = new float[OBSERVATIONS][n];
        for (float[] row : observations) {
            for (int i = 0; i < n; i++) {
                row[i] = (float) random.nextDouble(-2, 2);
            }
        }
        action = new float[policy.spec().actionSize()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        policy.close();
    }

    @Benchmark
    public void act(Blackhole bh) {
        int i = next;
        next = (i + 1) & (OBSERVATIONS - 1);
        policy.act(observations[i], action);
        bh.consume(action[0]);
        bh.consume(action[1]);
    }
}
