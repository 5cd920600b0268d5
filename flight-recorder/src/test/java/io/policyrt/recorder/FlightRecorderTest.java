package io.policyrt.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.SentCommand;
import io.policyrt.controller.testing.TestSpecs;
import io.policyrt.recorder.RotatingMcapWriter.Rotation;
import io.policyrt.recorder.mcap.Compression;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSchema;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ticks recorded through the tap read back from the MCAP file, field by field, with the metadata. */
class FlightRecorderTest {
    @TempDir Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final ControlTickFixture f = ControlTickFixture.create();

    private FlightRecorder start(Path file, Compression compression) throws Exception {
        Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        metadata.put("policy", Map.of("task", f.policy.spec().task()));
        metadata.put("software", SoftwareRevision.metadata());
        FlightRecorder r = FlightRecorder.start(new FlightRecorder.Settings(file, compression, Rotation.NONE, 1024),
                f.policy.spec().featureNames(), f.policy.spec().actionNames(), metadata);
        f.tick.tap(r.tickTap());
        return r;
    }

    @Test
    void every_tick_is_one_json_message_with_its_inputs_observation_action_command_and_stop_reason() throws Exception {
        Path file = dir.resolve("run.mcap");
        FlightRecorder recorder = start(file, Compression.ZSTD);
        f.policy.returning(TestSpecs.normalized(0.5, TestSpecs.V_LOW_MPS, TestSpecs.V_HIGH_MPS), 0.25f);
        f.publishStraightPath(0, 20, 0.5);
        f.tick(); // no odometry yet: a stop
        f.publishOdometry(1, 0, 0, 0, 0);
        f.publishObstacleStamped(f.now(), ObstacleTrack.Frame.WORLD, 5, 1, 0, -0.5, 0.3);
        List<SentCommand> sent = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            f.publishObstacleStamped(f.now(), ObstacleTrack.Frame.WORLD, 5, 1, 0, -0.5, 0.3);
            sent.add(f.tickWithFreshOdometry(1 + 0.01 * i, 0, 0));
        }
        recorder.close();

        assertThat(recorder.ticksOffered()).isEqualTo(50);
        assertThat(recorder.ticksRecorded()).isEqualTo(50);
        assertThat(recorder.ticksDropped()).isZero();
        List<JsonNode> ticks = new ArrayList<>();
        List<Long> logTimes = new ArrayList<>();
        try (McapReader reader = McapReader.open(file)) {
            McapSummary s = reader.summary();
            assertThat(s.complete()).isTrue();
            assertThat(s.messageCount(TickJson.TOPIC)).isEqualTo(50);
            McapSchema schema = s.schema(s.channel(TickJson.TOPIC).schemaId());
            assertThat(schema.encoding()).isEqualTo("jsonschema");
            JsonNode schemaJson = json.readTree(schema.data());
            assertThat(schemaJson.at("/properties/observation/properties").has("lateral_error_m")).isTrue();
            assertThat(s.channel(TickJson.TOPIC).messageEncoding()).isEqualTo("json");
            assertThat(s.metadata("policy").entries()).containsEntry("task", f.policy.spec().task());
            assertThat(s.metadata("software").entries()).containsKeys("version", "revision");
            reader.scan((channel, m) -> {
                ticks.add(json.readTree(m.data()));
                logTimes.add(m.logTimeNanos());
            });
        }
        JsonNode first = ticks.get(0);
        assertThat(first.get("stop_reason").asText()).isEqualTo(StopReason.NO_ODOMETRY.name());
        assertThat(first.get("stopped").asBoolean()).isTrue();
        assertThat(first.get("odometry").isNull()).isTrue();
        assertThat(first.get("observation").isNull()).isTrue();
        assertThat(first.get("path").get("points").asInt()).isEqualTo(201);

        JsonNode last = ticks.get(49);
        SentCommand lastSent = sent.get(48);
        assertThat(last.get("tick").asLong()).isEqualTo(49);
        assertThat(last.get("stop_reason").asText()).isEqualTo("NONE");
        assertThat(last.at("/command/v_mps").asDouble()).isEqualTo(lastSent.vMps());
        assertThat(last.at("/command/left_radps").asDouble()).isEqualTo(lastSent.leftRadps());
        assertThat(last.at("/odometry/x_m").asDouble()).isEqualTo(1 + 0.01 * 48);
        assertThat(last.at("/obstacle/radius_m").asDouble()).isEqualTo(0.3);
        assertThat(last.at("/obstacle/frame").asText()).isEqualTo("world");
        float[] observation = f.tick.lastObservation();
        List<String> names = f.policy.spec().featureNames();
        for (int i = 0; i < names.size(); i++) {
            // Floats are written in their shortest form and read back exactly.
            assertThat((float) last.get("observation").get(names.get(i)).asDouble()).isEqualTo(observation[i]);
            assertThat(last.get("features").get(names.get(i)).asDouble()).isEqualTo(f.observationBuilder.raw(i));
        }
        assertThat((float) last.at("/action/v_mps").asDouble()).isEqualTo(f.tick.lastAction()[0]);
        assertThat(last.at("/timing_us/tick").asDouble()).isPositive();
        assertThat(last.get("controller_ns").asLong()).isEqualTo(f.now());

        // Log times: wall-clock epoch nanoseconds of each tick's start, in tick order, within this test's minutes.
        long nowEpoch = System.currentTimeMillis() * 1_000_000L;
        assertThat(logTimes.get(0)).isBetween(nowEpoch - 600_000_000_000L, nowEpoch);
        for (int i = 1; i < logTimes.size(); i++) {
            assertThat(logTimes.get(i)).isGreaterThanOrEqualTo(logTimes.get(i - 1));
        }
    }

    @Test
    void a_tick_after_close_is_dropped_and_counted_not_written() throws Exception {
        Path file = dir.resolve("closed.mcap");
        FlightRecorder recorder = start(file, Compression.LZ4);
        f.publishRobotOnStraightPath();
        f.tick();
        recorder.close();
        f.tickWithFreshOdometry(1, 0, 0);
        recorder.close(); // idempotent
        assertThat(recorder.ticksRecorded()).isEqualTo(1);
        try (McapReader reader = McapReader.open(file)) {
            assertThat(reader.summary().messageCount(TickJson.TOPIC)).isEqualTo(1);
        }
    }
}
