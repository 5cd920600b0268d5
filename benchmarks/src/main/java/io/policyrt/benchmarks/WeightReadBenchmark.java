package io.policyrt.benchmarks;

import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.OnnxModelFile;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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

/**
 * The floor under any batch-1 forward pass of an MLP: reading its weights and biases once, at the
 * graph's precision, with vector loads summed into four accumulators (no multiply, no dependence on
 * an input). An evaluator that reads every weight once per call cannot be faster than this on the
 * same core, whatever its arithmetic; {@link MlpReport} sets the Java evaluator's time against it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class WeightReadBenchmark {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    @Param({PolicyFiles.SHIPPED, PolicyFiles.DSACT, "benchmarks/models/mlp-2x64.onnx", "benchmarks/models/mlp-3x256.onnx",
            "benchmarks/models/mlp-4x512.onnx"})
    public String policyFile;

    private float[] floats;
    private double[] doubles;

    @Setup(Level.Trial)
    public void setUp() {
        Path file = RepositoryRoot.resolve(policyFile);
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
        int n = Math.toIntExact(MlpReport.parameters(graph));
        SplittableRandom random = new SplittableRandom(7);
        if (graph.precision() == MlpGraph.Precision.FLOAT64) {
            doubles = new double[roundUp(n, DOUBLES.length() * 4)];
            for (int i = 0; i < n; i++) {
                doubles[i] = random.nextDouble(-1, 1);
            }
        } else {
            floats = new float[roundUp(n, FLOATS.length() * 4)];
            for (int i = 0; i < n; i++) {
                floats[i] = (float) random.nextDouble(-1, 1);
            }
        }
    }

    @Benchmark
    public double readWeightsOnce() {
        return floats != null ? sumFloats(floats) : sumDoubles(doubles);
    }

    private static double sumFloats(float[] w) {
        int step = FLOATS.length();
        FloatVector a = FloatVector.zero(FLOATS), b = a, c = a, d = a;
        for (int i = 0; i < w.length; i += 4 * step) {
            a = a.add(FloatVector.fromArray(FLOATS, w, i));
            b = b.add(FloatVector.fromArray(FLOATS, w, i + step));
            c = c.add(FloatVector.fromArray(FLOATS, w, i + 2 * step));
            d = d.add(FloatVector.fromArray(FLOATS, w, i + 3 * step));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }

    private static double sumDoubles(double[] w) {
        int step = DOUBLES.length();
        DoubleVector a = DoubleVector.zero(DOUBLES), b = a, c = a, d = a;
        for (int i = 0; i < w.length; i += 4 * step) {
            a = a.add(DoubleVector.fromArray(DOUBLES, w, i));
            b = b.add(DoubleVector.fromArray(DOUBLES, w, i + step));
            c = c.add(DoubleVector.fromArray(DOUBLES, w, i + 2 * step));
            d = d.add(DoubleVector.fromArray(DOUBLES, w, i + 3 * step));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
