package io.policyrt.sim.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python training environment and the Java lock-step episode agree tick for tick: the same
 * seed and actions give the same observations, true states, rewards, done flags and stop reasons
 * within 1e-6, for every path and encounter, both ways (Python records and Java replays, Java
 * records and Python replays), on the committed golden files and on freshly recorded ones.
 */
class TrackingParityTest {
    private static final Path GOLDEN = PolicyrtSimPython.repositoryRoot().resolve("sim-bridge/src/test/resources/parity");
    /** The Java-recorded episodes committed under parity/java (rewritten with -Dpolicyrt.parity.rewrite=true). */
    private static final List<String> COMMITTED_JAVA = List.of("straight-step-in-seed2.json.gz", "sine-none-seed3.json.gz",
            "figure-eight-step-in-seed8.json.gz", "figure-eight-step-in-seed9.json.gz");

    @TempDir
    Path tmp;

    @Test
    void committed_python_episodes_replay_in_java() throws IOException {
        List<Path> files = list(GOLDEN.resolve("python"));
        assertThat(files).as("committed Python golden files").hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            assertReplaysInJava(file);
        }
    }

    @Test
    void fresh_python_episodes_of_every_path_and_encounter_replay_in_java() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("python"));
        PolicyrtSimPython.Result result = PolicyrtSimPython.module(tmp, "policyrt_sim.parity", List.of("record", dir.toString()));
        assertThat(result.exitCode()).as("parity record\n" + result.stderr()).isZero();
        List<Path> files = list(dir);
        assertThat(files).hasSize(TrackingGolden.cases().size());
        for (Path file : files) {
            assertReplaysInJava(file);
        }
    }

    @Test
    void java_episodes_of_every_path_and_encounter_and_the_committed_ones_replay_in_python() throws Exception {
        List<String> args = new ArrayList<>(List.of("replay"));
        for (TrackingGolden.Case c : TrackingGolden.cases()) {
            PolicySpec spec = PolicySpecCodec.decode(c.spec(), "parity case spec");
            JsonNode episode = TrackingGolden.record("java", c.shape(), c.encounter(), c.seed(), c.noise(), c.randomization(), true,
                    c.spec(), c.variant(), TrackingGolden.noisyPursuit(spec, c.seed(), c.nanTick()));
            Path file = tmp.resolve(c.fileName());
            TrackingGolden.write(file, episode);
            args.add(file.toString());
            if (Boolean.getBoolean("policyrt.parity.rewrite") && COMMITTED_JAVA.contains(c.fileName())) {
                TrackingGolden.write(GOLDEN.resolve("java").resolve(c.fileName()), episode);
            }
        }
        List<Path> committed = list(GOLDEN.resolve("java"));
        assertThat(committed).as("committed Java golden files").hasSizeGreaterThanOrEqualTo(3);
        committed.forEach(p -> args.add(p.toString()));

        PolicyrtSimPython.Result result = PolicyrtSimPython.module(tmp, "policyrt_sim.parity", args);
        assertThat(result.exitCode()).as("python parity replay:\n" + result.stdout() + result.stderr()).isZero();
        JsonNode summary = TrackingGolden.JSON.readTree(result.stdout());
        assertThat(summary.get("ok").asBoolean()).isTrue();
        assertThat(summary.get("episodes")).hasSize(args.size() - 1);
        for (JsonNode e : summary.get("episodes")) {
            for (String q : List.of("obs", "state", "reward")) {
                assertThat(e.get("max_error").get(q).asDouble()).as(e.get("file") + " " + q).isLessThanOrEqualTo(TrackingGolden.TOLERANCE);
            }
        }
        System.out.println("Java -> Python parity: " + summary);
    }

    @Test
    void committed_java_episodes_are_what_java_plays_today() throws IOException {
        for (Path file : list(GOLDEN.resolve("java"))) {
            assertReplaysInJava(file);
        }
    }

    @Test
    void a_changed_action_is_caught() throws IOException {
        JsonNode expected = TrackingGolden.read(list(GOLDEN.resolve("python")).get(0));
        JsonNode tampered = expected.deepCopy();
        // The jerk limits hide a single changed action among noisy ones: brake and turn for a second.
        for (int t = 300; t < 350; t++) {
            ArrayNode action = (ArrayNode) tampered.get("action").get(t);
            action.removeAll();
            action.add(-1.0).add(-1.0);
        }
        TrackingGolden.Comparison c = TrackingGolden.compare(expected, TrackingGolden.replay(tampered));
        assertThat(c.problems()).isNotEmpty();
        assertThat(c.maxStateError()).isGreaterThan(TrackingGolden.TOLERANCE);
    }

    private static void assertReplaysInJava(Path file) throws IOException {
        JsonNode expected = TrackingGolden.read(file);
        TrackingGolden.Comparison c = TrackingGolden.compare(expected, TrackingGolden.replay(expected));
        assertThat(c.problems()).as(file.getFileName().toString()).isEmpty();
        System.out.printf("%s-recorded %s replays in Java: %d ticks, max |obs| %.3g, |state| %.3g, |reward| %.3g%n",
                expected.get("writer").asText(), file.getFileName(), expected.get("action").size(), c.maxObservationError(), c.maxStateError(), c.maxRewardError());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
    }
}
