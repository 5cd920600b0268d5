package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's JMH entry point runs the codec benchmarks with {@code -prof gc} (one fork, one
 * short iteration) and writes a JSON result with a time and an allocation figure per benchmark.
 * Asserts that the fields are there and sane, never how fast anything is.
 */
class JmhSmokeIT {
    @Test
    void codec_benchmarks_run_with_the_gc_profiler_and_write_their_results(@TempDir Path dir) throws Exception {
        Path result = dir.resolve("jmh.json");
        ShadedJar.run(dir, 300, List.of("-jar", ShadedJar.jar().toString(),
                "MqttCodecBenchmark.(decodeOdometry|encodeWheelCommand)$", "-p", "format=JSON",
                "-f", "1", "-wi", "0", "-i", "1", "-r", "500ms", "-prof", "gc", "-rf", "json", "-rff", result.toString()));

        JsonNode runs = new ObjectMapper().readTree(result.toFile());
        assertThat(runs).hasSize(2);
        for (JsonNode run : runs) {
            assertThat(run.get("benchmark").asText()).matches("io\\.policyrt\\.benchmarks\\.MqttCodecBenchmark\\.(decodeOdometry|encodeWheelCommand)");
            assertThat(run.get("forks").asInt()).isEqualTo(1);
            assertThat(run.get("params").get("format").asText()).isEqualTo("JSON");
            JsonNode primary = run.get("primaryMetric");
            assertThat(primary.get("scoreUnit").asText()).isEqualTo("ns/op");
            assertThat(primary.get("score").asDouble()).isPositive().isFinite();
            JsonNode alloc = run.get("secondaryMetrics").get("gc.alloc.rate.norm");
            assertThat(alloc).as("-prof gc adds gc.alloc.rate.norm").isNotNull();
            assertThat(alloc.get("scoreUnit").asText()).isEqualTo("B/op");
            assertThat(alloc.get("score").asDouble()).isGreaterThanOrEqualTo(0).isFinite();
        }
    }
}
