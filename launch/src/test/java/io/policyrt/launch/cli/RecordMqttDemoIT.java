package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.launch.record.RunRecording;
import io.policyrt.recorder.InboundStream;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt demo --transport mqtt --record FILE}: the controller's side of an MQTT run is
 * recorded with every inbound payload as it came (the binary layout) and its verdict, beside the
 * ticks; the counts agree with the controller's own per-topic counts.
 */
class RecordMqttDemoIT {
    @Test
    void an_mqtt_demo_records_each_topic_as_it_came_with_a_verdict_for_every_message(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mqtt.mcap");
        CommandLineRun r = CommandLineRun.of("demo", "--transport", "mqtt", "--policy", "expert", "--path", "straight",
                "--encounter", "crossing", "--duration", "4", "--record", file.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Matcher line = Pattern.compile("== recording: .*: (\\d+) ticks recorded, 0 dropped; (\\d+) inbound messages recorded, "
                + "0 dropped").matcher(r.out());
        assertThat(line.find()).as(r.out()).isTrue();
        long inboundRecorded = Long.parseLong(line.group(2));
        // The controller's own count of odometry messages, from its report: "policyrt/robot1/odom: accepted N..."
        Matcher odomCount = Pattern.compile("policyrt/robot1/odom: accepted (\\d+)").matcher(r.out());
        assertThat(odomCount.find()).as(r.out()).isTrue();
        long odomAccepted = Long.parseLong(odomCount.group(1));

        ObjectMapper json = new ObjectMapper();
        Map<String, Long> verdictsByTopic = new HashMap<>();
        List<JsonNode> odomVerdicts = new ArrayList<>();
        McapSummary s;
        try (McapReader reader = McapReader.open(file)) {
            s = reader.summary();
            reader.scan((channel, m) -> {
                if (channel.topic().equals(InboundStream.VERDICT_TOPIC)) {
                    JsonNode v = json.readTree(m.data());
                    verdictsByTopic.merge(v.get("topic").asText(), 1L, Long::sum);
                    if (v.get("topic").asText().equals("policyrt/robot1/odom")) {
                        odomVerdicts.add(v);
                    }
                }
            });
        }
        assertThat(s.complete()).isTrue();
        assertThat(s.messageCount(InboundStream.VERDICT_TOPIC)).isEqualTo(inboundRecorded);
        McapChannel odom = s.channel("policyrt/robot1/odom");
        assertThat(odom).as("the odometry topic's channel").isNotNull();
        assertThat(odom.messageEncoding()).isEqualTo(RunRecording.MQTT_BINARY_LAYOUT);
        assertThat(odom.metadata()).containsEntry("transport", "mqtt");
        assertThat(s.schema(odom.schemaId()).name()).isEqualTo(RunRecording.MQTT_BINARY_LAYOUT + "/Odometry");
        // Every recorded payload has its verdict, and the taps were attached before the transport
        // subscribed: the controller's count (the simulated robot sends well-formed odometry: all accepted).
        assertThat(s.messageCount("policyrt/robot1/odom")).isEqualTo(verdictsByTopic.get("policyrt/robot1/odom"));
        assertThat(odomVerdicts).allSatisfy(v -> assertThat(v.get("verdict").asText()).isEqualTo("NONE"));
        assertThat(odomVerdicts.get(0).get("bytes").asInt()).isPositive();
        assertThat(s.messageCount("policyrt/robot1/odom")).isEqualTo(odomAccepted);
        // 4 s at the robot's 50 Hz odometry.
        assertThat(s.messageCount("policyrt/robot1/odom")).isGreaterThan(100);
        assertThat(s.messageCount("policyrt/robot1/obstacle")).isPositive();
        assertThat(s.messageCount(TickJson.TOPIC)).isPositive();
    }
}
