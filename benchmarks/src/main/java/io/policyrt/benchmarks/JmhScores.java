package io.policyrt.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The scores of a JMH result file ({@code -rf json -rff FILE}), looked up by benchmark parameters. */
public final class JmhScores {
    /** One benchmark run: its parameters, time per operation in microseconds and heap bytes per operation. */
    public record Score(String benchmark, Map<String, String> params, double micros, double microsError, double bytesPerOp) {
    }

    private final List<Score> scores;

    private JmhScores(List<Score> scores) {
        this.scores = scores;
    }

    /**
     * Reads {@code file}. Bytes per operation are NaN when the run had no {@code -prof gc}.
     *
     * @throws IllegalArgumentException when the file is not a JMH JSON result or a time unit is unknown
     */
    public static JmhScores read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JMH result " + file, e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (-rf json): expected an array");
        }
        List<Score> scores = new ArrayList<>();
        for (JsonNode run : root) {
            JsonNode primary = run.path("primaryMetric");
            double toMicros = microsPer(primary.path("scoreUnit").asText(), file);
            Map<String, String> params = new TreeMap<>();
            run.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            scores.add(new Score(run.path("benchmark").asText(), params, primary.path("score").asDouble() * toMicros,
                    primary.path("scoreError").asDouble() * toMicros, allocationPerOp(run.path("secondaryMetrics"))));
        }
        return new JmhScores(scores);
    }

    /** The run whose parameters include every entry of {@code params}. */
    public Optional<Score> find(Map<String, String> params) {
        return scores.stream().filter(s -> s.params().entrySet().containsAll(params.entrySet())).findFirst();
    }

    public List<Score> all() {
        return scores;
    }

    // JMH 1.37 names it "gc.alloc.rate.norm", older versions "·gc.alloc.rate.norm".
    private static double allocationPerOp(JsonNode secondary) {
        var names = secondary.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.endsWith("gc.alloc.rate.norm")) {
                return secondary.get(name).path("score").asDouble();
            }
        }
        return Double.NaN;
    }

    private static double microsPer(String unit, Path file) {
        switch (unit) {
            case "ns/op":
                return 1e-3;
            case "us/op":
                return 1.0;
            case "ms/op":
                return 1e3;
            default:
                throw new IllegalArgumentException(file + ": unit '" + unit + "' is not a time per operation; run with -bm avgt");
        }
    }
}
