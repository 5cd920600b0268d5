package io.policyrt.benchmarks;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.mlp.MlpEvaluators;
import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.MlpPolicy;
import io.policyrt.controller.policy.mlp.OnnxModelFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One {@code Policy.act} on each backend, for the shipped policies and the synthetic tanh MLPs
 * (13 inputs, 2 outputs; {@code policy-export/python/make_mlp_models.py}):
 *
 * <ul>
 *   <li>{@code onnxruntime}: {@code OnnxPolicy}, as {@code PolicyInferenceBenchmark} runs it;</li>
 *   <li>{@code java-scalar}: the Java MLP evaluator in plain loops;</li>
 *   <li>{@code java-vector}: the Java MLP evaluator on the incubator Vector API (the forks run with
 *       {@code --add-modules jdk.incubator.vector});</li>
 *   <li>{@code java-vector-float32}: as {@code java-vector} with the weights rounded to float32 and
 *       float32 arithmetic: for a float64 graph (the DSAC-T policy), what deploying it as float32
 *       would cost; not in the default set, run it with {@code -p backend=java-vector-float32}.</li>
 * </ul>
 *
 * Run with {@code -prof gc} for the bytes per call. The multiply-adds of each graph are printed at
 * set-up, for FLOP/s (2 per multiply-add).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MlpBackendBenchmark {
    @Param({PolicyFiles.SHIPPED, PolicyFiles.DSACT, "benchmarks/models/mlp-2x64.onnx", "benchmarks/models/mlp-3x256.onnx",
            "benchmarks/models/mlp-4x512.onnx"})
    public String policyFile;

    @Param({"onnxruntime", "java-scalar", "java-vector"})
    public String backend;

    private Policy policy;
    private PolicyCalls calls;

    @Setup(Level.Trial)
    public void setUp() {
        Path file = RepositoryRoot.resolve(policyFile);
        Policy onnx = PolicyLoader.load(file, FeatureRegistry.tracking().names());
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
        System.out.printf("%n%s: %s, %d multiply-adds%n", policyFile, graph.describe(), graph.multiplyAdds());
        switch (backend) {
            case "onnxruntime":
                policy = onnx;
                break;
            case "java-scalar":
            case "java-vector":
            case "java-vector-float32":
                MlpEvaluators.Implementation impl = backend.equals("java-scalar")
                        ? MlpEvaluators.Implementation.SCALAR : MlpEvaluators.Implementation.VECTOR;
                MlpGraph evaluated = backend.equals("java-vector-float32") ? graph.withPrecision(MlpGraph.Precision.FLOAT32) : graph;
                policy = new MlpPolicy(evaluated, MlpEvaluators.create(evaluated, impl), onnx.spec(), "");
                onnx.close();
                break;
            default:
                throw new IllegalArgumentException("backend must be onnxruntime, java-scalar, java-vector or java-vector-float32, got " + backend);
        }
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
