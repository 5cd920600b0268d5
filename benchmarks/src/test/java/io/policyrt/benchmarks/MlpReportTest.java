package io.policyrt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.OnnxModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpReportTest {
    @TempDir
    Path dir;

    @Test
    void countsFlopsAndParametersFromTheFilesWeightShapes() {
        Path file = RepositoryRoot.resolve("benchmarks/models/mlp-2x64.onnx");
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
        // 13 -> 64 -> 64 -> 2: weights 832 + 4096 + 128, biases 130, tanh on 130 elements.
        assertThat(MlpReport.parameters(graph)).isEqualTo(5_186);
        assertThat(MlpReport.flopsPerCall(graph)).isEqualTo(2 * 5_056 + 130 + 130);
    }

    @Test
    void readsTimeAndBytesPerOperationOfAJmhResult() throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, "[{\"benchmark\":\"x.act\",\"params\":{\"policyFile\":\"a.onnx\",\"backend\":\"java-vector\"},"
                + "\"primaryMetric\":{\"score\":3220.5,\"scoreError\":300.0,\"scoreUnit\":\"ns/op\"},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":0.02,\"scoreUnit\":\"B/op\"}}}]");
        JmhScores.Score s = JmhScores.read(json).find(Map.of("policyFile", "a.onnx", "backend", "java-vector")).orElseThrow();
        assertThat(s.micros()).isEqualTo(3.2205, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.bytesPerOp()).isEqualTo(0.02);
        assertThat(JmhScores.read(json).find(Map.of("backend", "onnxruntime"))).isEmpty();
    }

    @Test
    void refusesAFileThatIsNotAJmhJsonResult() throws Exception {
        Path text = dir.resolve("r.txt");
        Files.writeString(text, "{\"not\":\"an array\"}");
        assertThatThrownBy(() -> JmhScores.read(text)).hasMessageContaining("is not a JMH JSON result");
        Path throughput = dir.resolve("t.json");
        Files.writeString(throughput, "[{\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ops/s\"}}]");
        assertThatThrownBy(() -> JmhScores.read(throughput)).hasMessageContaining("-bm avgt");
    }
}
