package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.recorder.InboundStream;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt demo --record FILE} and {@code policyrt record info FILE} as a user runs them: one
 * short real-time demo on the embedded simulator, recorded, then read back with the MCAP reader
 * and looked at with {@code record info}, whole, cut short, corrupted and foreign.
 */
class RecordCommandTest {
    @TempDir static Path dir;
    static Path recording;
    static CommandLineRun demo;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void recordADemo() {
        recording = dir.resolve("demo.mcap");
        demo = CommandLineRun.of("demo", "--path", "straight", "--encounter", "none", "--duration", "3", "--out",
                dir.resolve("plots").toString(), "--record", recording.toString());
    }

    @Test
    void the_recorded_demo_holds_every_tick_it_ran_none_dropped_and_ends_on_the_shutdown_stop() throws Exception {
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        Matcher ran = Pattern.compile("== control loop: (\\d+) ticks").matcher(demo.out());
        assertThat(ran.find()).as(demo.out()).isTrue();
        long ticksRun = Long.parseLong(ran.group(1));
        // 3 s at the policy's 100 ms period: about 30 ticks (the real-time demo's start and stop blur the edges).
        assertThat(ticksRun).isBetween(20L, 40L);
        assertThat(demo.out()).contains("== recording: " + recording + ": " + ticksRun + " ticks recorded, 0 dropped");

        List<JsonNode> ticks = new ArrayList<>();
        List<Long> logTimes = new ArrayList<>();
        McapSummary summary;
        try (McapReader reader = McapReader.open(recording)) {
            summary = reader.summary();
            reader.scan((channel, m) -> {
                if (channel.topic().equals(TickJson.TOPIC)) {
                    ticks.add(JSON.readTree(m.data()));
                    logTimes.add(m.logTimeNanos());
                }
            });
        }
        assertThat(summary.complete()).isTrue();
        assertThat(summary.messageCount(TickJson.TOPIC)).isEqualTo(ticksRun);
        // The embedded simulator writes the slots directly: no inbound channel, no inbound message.
        assertThat(summary.messageCount(InboundStream.VERDICT_TOPIC)).isZero();
        assertThat(summary.schema(summary.channel(TickJson.TOPIC).schemaId()).encoding()).isEqualTo("jsonschema");
        assertThat(summary.metadata("policy").entries()).containsEntry("task", "tracking-obstacle-v1")
                .containsEntry("provenance.algorithm", "dsac-t");
        assertThat(summary.metadata("configuration").entries().get("yaml")).contains("path: \"straight\"");
        assertThat(summary.metadata("software").entries()).containsKeys("version", "revision");

        // Ticks in order, numbered from 0, one log time each (wall clock, never backwards).
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i).get("tick").asLong()).isEqualTo(i);
            if (i > 0) {
                assertThat(logTimes.get(i)).isGreaterThan(logTimes.get(i - 1));
            }
        }
        // The loop's last tick is its shutdown stop: a zero command.
        JsonNode last = ticks.get(ticks.size() - 1);
        assertThat(last.get("stop_reason").asText()).isEqualTo("SHUTDOWN");
        assertThat(last.at("/command/v_mps").asDouble()).isZero();
        assertThat(last.at("/command/left_radps").asDouble()).isZero();
        // A driving tick: the policy's action, shaped, left as the command; the wheels agree with the body
        // velocity through the demo robot's kinematics, v = r (left + right) / 2 with r = 0.08 m.
        JsonNode driving = ticks.stream().filter(t -> t.get("stop_reason").asText().equals("NONE")
                && t.at("/command/v_mps").asDouble() > 0.1).reduce((a, b) -> b).orElseThrow();
        assertThat(driving.get("action").get("v_mps").isNumber()).isTrue();
        assertThat(driving.get("observation").size()).isEqualTo(13);
        double v = driving.at("/command/v_mps").asDouble();
        double wheels = 0.08 * (driving.at("/command/left_radps").asDouble() + driving.at("/command/right_radps").asDouble()) / 2;
        assertThat(wheels).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(driving.at("/odometry/x_m").asDouble()).isGreaterThan(ticks.get(0).at("/odometry/x_m").asDouble(0));
        assertThat(driving.at("/path/length_m").asDouble()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void record_info_prints_the_channels_counts_and_metadata() {
        CommandLineRun r = CommandLineRun.of("record", "info", recording.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("state:    complete", TickJson.TOPIC, "json, policyrt.Tick (jsonschema)", "metadata software:",
                "metadata policy:", "  task: tracking-obstacle-v1");
    }

    @Test
    void record_info_on_a_file_cut_short_prints_what_it_holds_and_exits_1() throws Exception {
        byte[] whole = Files.readAllBytes(recording);
        Path cut = dir.resolve("cut.mcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3)); // killed mid-recording: no summary, no footer
        CommandLineRun r = CommandLineRun.of("record", "info", cut.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("state:    incomplete", TickJson.TOPIC);
        assertThat(r.err().strip()).startsWith("policyrt: " + cut + " is incomplete: ").doesNotContain("\n", "Exception");
    }

    @Test
    void record_info_on_a_corrupted_file_names_it_and_the_problem_in_one_line_and_exits_2() throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        bytes[bytes.length / 3] ^= 0x5A; // inside the data section: a chunk's checksum no longer matches
        Path corrupted = dir.resolve("corrupted.mcap");
        Files.write(corrupted, bytes);
        CommandLineRun r = CommandLineRun.of("record", "info", corrupted.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: " + corrupted + ": ").doesNotContain("\n", "Exception", "\tat ");
    }

    @Test
    void record_info_on_a_foreign_or_missing_file_names_it_and_exits_2() throws Exception {
        Path foreign = dir.resolve("notes.mcap");
        Files.writeString(foreign, "these are not the bytes you are looking for\n");
        CommandLineRun r = CommandLineRun.of("record", "info", foreign.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: " + foreign + ": not an MCAP file").doesNotContain("\n");

        Path missing = dir.resolve("missing.mcap");
        CommandLineRun m = CommandLineRun.of("record", "info", missing.toString());
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err().strip()).isEqualTo("policyrt: " + missing + ": no such file");
    }

    @Test
    void demo_refuses_a_record_file_that_is_not_mcap() {
        CommandLineRun r = CommandLineRun.of("demo", "--duration", "1", "--record", dir.resolve("run.bag").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("record.file", "run.bag", ".mcap");
    }
}
