package io.policyrt.benchmarks;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JMH results of {@link MlpBackendBenchmark} (backends {@code onnxruntime} and
 * {@code java-vector}) and, optionally, {@link ControlTickBenchmark} into markdown tables: per policy
 * file its layers, FLOPs per call, weight bytes, both backends' time and heap bytes per call, the
 * Java/ONNX Runtime ratio and the Java evaluator's share of one core's peak ({@link CorePeak}).
 *
 * <p>With the result of {@link WeightReadBenchmark} it adds the floor under each file's forward pass
 * (its weights read once) and the Java evaluator's time over that floor.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar io.policyrt.benchmarks.MlpReport
 * MLP_RESULT.json [TICK_RESULT.json [WEIGHT_READ_RESULT.json]]}; {@code benchmarks/jmh-mlp-report.sh} runs the
 * benchmarks and this.
 */
public final class MlpReport {
    private static final String ORT = "onnxruntime";
    private static final String JAVA = "java-vector";

    private MlpReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: MlpReport MLP_BACKEND_RESULT.json [CONTROL_TICK_RESULT.json [WEIGHT_READ_RESULT.json]]"
                    + "  (JMH -rf json files)");
            System.exit(2);
        }
        CorePeak peak = CorePeak.fromCpuInfo();
        long l2Bytes = l2CacheBytes();
        StringBuilder out = new StringBuilder();
        JmhScores weightReads = args.length == 3 ? JmhScores.read(Path.of(args[2])) : null;
        mlpTable(JmhScores.read(Path.of(args[0])), weightReads, peak, l2Bytes, out);
        if (args.length >= 2) {
            tickTable(JmhScores.read(Path.of(args[1])), out);
        }
        System.out.print(out);
    }

    /** @param weightReads {@link WeightReadBenchmark}'s result, or null: the floor columns say n/a */
    static void mlpTable(JmhScores scores, JmhScores weightReads, CorePeak peak, long l2Bytes, StringBuilder out) {
        out.append("| file | layers | FLOPs per call | weight bytes | ONNX Runtime us/call | Java us/call | Java / ORT"
                + " | Java GFLOP/s | of one core's peak | weights read once us | Java / read floor | ORT B/op | Java B/op |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Set<String> files = new LinkedHashSet<>();
        scores.all().forEach(s -> files.add(s.params().get("policyFile")));
        for (String file : files) {
            JmhScores.Score ort = scores.find(Map.of("policyFile", file, "backend", ORT)).orElse(null);
            JmhScores.Score onJava = scores.find(Map.of("policyFile", file, "backend", JAVA)).orElse(null);
            if (ort == null || onJava == null) {
                System.err.println("MlpReport: skipping " + file + ": the result has no " + (ort == null ? ORT : JAVA) + " run of it");
                continue;
            }
            Path path = RepositoryRoot.resolve(file);
            MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(path), path.toString());
            int elementBytes = graph.precision() == MlpGraph.Precision.FLOAT64 ? 8 : 4;
            long flops = flopsPerCall(graph);
            long weightBytes = parameters(graph) * elementBytes;
            double gflops = flops / (onJava.micros() * 1e3);
            JmhScores.Score floor = weightReads == null ? null : weightReads.find(Map.of("policyFile", file)).orElse(null);
            String floorColumns = floor == null ? "n/a | n/a"
                    : String.format(Locale.ROOT, "%.2f ± %.2f | %.2f", floor.micros(), floor.microsError(), onJava.micros() / floor.micros());
            out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s%s | %.2f ± %.2f | %.2f ± %.2f | %.2f | %.2f | %.1f%% | %s | %.3f | %.3f |%n",
                    path.getFileName(), graph.describe(), flops, bytes(weightBytes), weightBytes > l2Bytes ? " (> L2)" : "",
                    ort.micros(), ort.microsError(), onJava.micros(), onJava.microsError(), onJava.micros() / ort.micros(),
                    gflops, 100 * gflops / peak.gflops(elementBytes), floorColumns, ort.bytesPerOp(), onJava.bytesPerOp()));
        }
        out.append(String.format(Locale.ROOT, "%nFLOPs per call: 2 x in x out multiply-adds plus out bias additions per dense layer, and"
                + " one FLOP per element of each activation (a tanh or GELU takes more instructions; these are under 1%% of the total)."
                + " Weight bytes: weights and biases at the graph's precision; \"> L2\": larger than one core's L2 (%s). Peak: %s;"
                + " a float64 graph is measured against the float64 peak. Weights read once: the same number of weights summed with"
                + " vector loads (WeightReadBenchmark), the floor under any batch-1 forward pass that reads each weight once.%n",
                bytes(l2Bytes), peak.describe()));
    }

    static void tickTable(JmhScores scores, StringBuilder out) {
        out.append("\n| tick: policy file | policy.backend | runs on | us/tick | B/tick |\n|---|---|---|---:|---:|\n");
        for (JmhScores.Score s : scores.all()) {
            String file = s.params().get("policyFile");
            String backend = s.params().getOrDefault("backend", ORT);
            String runsOn;
            try (Policy policy = PolicyFiles.open(file, PolicyBackend.parse(backend))) {
                runsOn = policy.backend();
            }
            // The loader's reason after the backend (the agreement check) is in the benchmark's log.
            int end = runsOn.indexOf(')');
            runsOn = end > 0 ? runsOn.substring(0, end + 1) : runsOn;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f ± %.2f | %.3f |%n", Path.of(file).getFileName(), backend,
                    runsOn.replace('|', '/'), s.micros(), s.microsError(), s.bytesPerOp()));
        }
    }

    /** Dense layers: 2 x in x out + out; activations: one per element; slices: none. */
    static long flopsPerCall(MlpGraph graph) {
        long flops = 0;
        for (MlpGraph.Stage stage : graph.stages()) {
            if (stage instanceof MlpGraph.Dense d) {
                flops += 2L * d.inputSize() * d.outputSize() + d.outputSize();
            } else if (stage instanceof MlpGraph.Elementwise e) {
                flops += e.outputSize();
            }
        }
        return flops;
    }

    static long parameters(MlpGraph graph) {
        long n = 0;
        for (MlpGraph.Stage stage : graph.stages()) {
            if (stage instanceof MlpGraph.Dense d) {
                n += (long) d.inputSize() * d.outputSize() + d.outputSize();
            }
        }
        return n;
    }

    private static String bytes(long n) {
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.2f MiB", n / 1048576.0) : String.format(Locale.ROOT, "%.0f KiB", n / 1024.0);
    }

    // Linux sysfs, e.g. "1024K"; 0 (every file "> L2") would mislead, so fail clearly.
    private static long l2CacheBytes() throws IOException {
        Path size = Path.of("/sys/devices/system/cpu/cpu0/cache/index2/size");
        if (!Files.isRegularFile(size)) {
            throw new IllegalStateException("no " + size + " to read the L2 size from");
        }
        String s = Files.readString(size).trim();
        long unit = s.endsWith("K") ? 1024 : s.endsWith("M") ? 1 << 20 : 1;
        return Long.parseLong(s.replaceAll("[KM]$", "")) * unit;
    }
}
