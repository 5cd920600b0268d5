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
                if (channel.topic().equals(TickJson.TOPIC)) {
                    ticks.add(json.readTree(m.data()));
                    logTimes.add(m.logTimeNanos());
                }
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

    @Test
    void inbound_messages_go_to_their_topic_channel_as_they_came_and_every_verdict_to_the_verdict_channel() throws Exception {
        Path file = dir.resolve("inbound.mcap");
        FlightRecorder recorder = start(file, Compression.ZSTD);
        InboundStream odom = recorder.inbound(new InboundStream.Layout("robot1/odom", "mqtt", "json", "odometry",
                "jsonschema", "{\"type\":\"object\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), true, Map.of()), 64);
        InboundStream ros = recorder.inbound(new InboundStream.Layout("/odom", "ros1", "json", "policyrt.Odometry",
                "jsonschema", "{\"type\":\"object\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, Map.of()), 64);
        byte[] good = "{\"stamp_ns\":5,\"x_m\":1.5}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "{\"stamp_ns\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        odom.recordBytes(100, "NONE", true, "robot1/odom", good);
        odom.recordBytes(101, "MALFORMED", false, "robot1/odom", bad);
        odom.recordBytes(102, "OVERSIZED", false, "robot1/odom", null);
        ros.recordValue(200, "NONE", true, "/sim", new io.policyrt.controller.domain.Odometry().set(7, 2.5, 0, 0, 0.5, 0));
        ros.recordValue(201, "MALFORMED", false, "/sim", null);
        recorder.close();

        assertThat(recorder.inboundRecorded()).isEqualTo(5);
        assertThat(recorder.inboundDropped()).isZero();
        List<String> raw = new ArrayList<>();
        List<JsonNode> verdicts = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        try (McapReader reader = McapReader.open(file)) {
            McapSummary s = reader.summary();
            assertThat(s.messageCount("robot1/odom")).isEqualTo(2); // the OVERSIZED one never reached the channel's bytes
            assertThat(s.messageCount("/odom")).isEqualTo(1);
            assertThat(s.messageCount(InboundStream.VERDICT_TOPIC)).isEqualTo(5);
            assertThat(s.channel("robot1/odom").metadata()).containsEntry("transport", "mqtt");
            reader.scan((channel, m) -> {
                switch (channel.topic()) {
                    case "robot1/odom" -> raw.add(new String(m.data(), java.nio.charset.StandardCharsets.UTF_8));
                    case "/odom" -> values.add(json.readTree(m.data()));
                    case InboundStream.VERDICT_TOPIC -> verdicts.add(json.readTree(m.data()));
                    default -> { }
                }
            });
        }
        assertThat(raw).containsExactly(new String(good, java.nio.charset.StandardCharsets.UTF_8),
                new String(bad, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(values.get(0).get("x_m").asDouble()).isEqualTo(2.5);
        assertThat(values.get(0).get("stamp_ns").asLong()).isEqualTo(7);
        assertThat(verdicts).extracting(v -> v.get("verdict").asText())
                .containsExactly("NONE", "MALFORMED", "OVERSIZED", "NONE", "MALFORMED");
        assertThat(verdicts.get(1).get("message_sequence").asLong()).isEqualTo(1);
        assertThat(verdicts.get(1).get("bytes").asInt()).isEqualTo(bad.length);
        assertThat(verdicts.get(2).get("message_sequence").asLong()).isEqualTo(-1);
        assertThat(verdicts.get(3).get("source").asText()).isEqualTo("/sim");
        assertThat(verdicts.get(3).get("received_ns").asLong()).isEqualTo(200);
        assertThat(verdicts.get(4).get("accepted").asBoolean()).isFalse();
    }
}
