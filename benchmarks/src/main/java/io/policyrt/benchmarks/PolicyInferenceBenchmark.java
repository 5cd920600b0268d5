package io.policyrt.benchmarks;

import io.policyrt.controller.policy.Policy;
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
    @Param({PolicyFiles.SHIPPED, PolicyFiles.DSACT, "benchmarks/models/mlp-2x64.onnx", "benchmarks/models/mlp-3x256.onnx",
            "benchmarks/models/mlp-4x512.onnx"})
    public String policyFile;

    private Policy policy;
    private PolicyCalls calls;

    @Setup(Level.Trial)
    public void setUp() {
        policy = PolicyFiles.open(policyFile);
        calls = new PolicyCalls(policy);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        policy.close();
    }

    @Benchmark
    public void act(Blackhole bh) {
        float[] action = calls.act();
        bh.consume(action[0]);
        bh.consume(action[1]);
    }
}
