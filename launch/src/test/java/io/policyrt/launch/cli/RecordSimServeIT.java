package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.recorder.InboundStream;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both sides of a served run recorded: {@code policyrt sim serve --record} records the commands
 * the simulated robot receives, {@code policyrt run --record} the controller's ticks and the
 * sensor messages it receives, over the serving process's embedded broker.
 */
class RecordSimServeIT {
    @Test
    void sim_serve_records_the_commands_it_receives_and_run_records_its_side(@TempDir Path dir) throws Exception {
        Path robotFile = dir.resolve("robot.mcap");
        Path controllerFile = dir.resolve("controller.mcap");
        ServedMqttRun.Result served = ServedMqttRun.run(dir,
                List.of("--path", "straight", "--encounter", "none", "--duration", "6", "--record", robotFile.toString()),
                "policy: {file: expert}\nrun: {duration_s: 3}\n", "--record", controllerFile.toString());
        assertThat(served.controller().code()).as(served.controller().out() + served.controller().err()).isZero();
        assertThat(served.serveCode()).isZero();

        ObjectMapper json = new ObjectMapper();
        List<String> robotVerdicts = new ArrayList<>();
        McapSummary robot;
        try (McapReader r = McapReader.open(robotFile)) {
            robot = r.summary();
            r.scan((channel, m) -> {
                if (channel.topic().equals(InboundStream.VERDICT_TOPIC)) {
                    JsonNode v = json.readTree(m.data());
                    robotVerdicts.add(v.get("topic").asText() + " " + v.get("verdict").asText());
                }
            });
        }
        assertThat(robot.complete()).isTrue();
        assertThat(robot.channel(TickJson.TOPIC)).as("the robot's side has no control loop").isNull();
        assertThat(robot.messageCount("policyrt/robot1/cmd/wheels"))
                .as("wheel commands the robot received: %s", robot.channels()).isPositive();
        assertThat(robotVerdicts).isNotEmpty();
        assertThat(robot.metadata("recording").entries().get("role")).contains("simulated robot");

        try (McapReader r = McapReader.open(controllerFile)) {
            McapSummary c = r.summary();
            assertThat(c.messageCount(TickJson.TOPIC)).isPositive();
            assertThat(c.messageCount("policyrt/robot1/odom")).isPositive();
        }
    }
}
