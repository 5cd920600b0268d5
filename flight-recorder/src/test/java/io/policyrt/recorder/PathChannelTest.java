package io.policyrt.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSchema;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path the ticks follow, recorded on its own channel each time it is set or changes (never
 * per tick), read back point for point, with the tick it took effect at, before that tick.
 */
class PathChannelTest {
    @TempDir Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final ControlTickFixture f = ControlTickFixture.create();

    @Test
    void each_path_is_written_once_when_it_takes_effect_with_its_exact_points_and_before_its_first_tick() throws Exception {
        Path file = dir.resolve("paths.mcap");
        FlightRecorder recorder = FlightRecorder.start(FlightRecorder.Settings.of(file), f.policy.spec().featureNames(),
                f.policy.spec().actionNames(), Map.of());
        f.tick.tap(recorder.tickTap());
        f.tick(); // no path yet: nothing on the path channel
        f.publishStraightPath(0, 20, 0.5);
        for (int i = 0; i < 5; i++) {
            f.tickWithFreshOdometry(0.1 * i, 0, 0);
        }
        // Points that a decimal printer could round: 0.1 + 0.2, 1/3, a large coordinate.
        double[] xs = {0.1 + 0.2, 1.0 / 3, 2.5, 1234.567890123};
        double[] ys = {-1e-7, 2.0 / 3, Math.PI, -0.000123456789};
        f.publishPath(xs, ys, xs.length, 0.7);
        for (int i = 0; i < 3; i++) {
            f.tickWithFreshOdometry(0.3, 0, 0);
        }
        recorder.close();

        List<String> order = new ArrayList<>();
        List<JsonNode> paths = new ArrayList<>();
        List<JsonNode> ticks = new ArrayList<>();
        try (McapReader reader = McapReader.open(file)) {
            McapSummary s = reader.summary();
            assertThat(s.messageCount(PathJson.TOPIC)).as("two paths, not one per tick").isEqualTo(2);
            McapSchema schema = s.schema(s.channel(PathJson.TOPIC).schemaId());
            assertThat(schema.encoding()).isEqualTo("jsonschema");
            assertThat(json.readTree(schema.data()).at("/properties").has("x_m")).isTrue();
            reader.scan((channel, m) -> {
                JsonNode n = json.readTree(m.data());
                if (channel.topic().equals(PathJson.TOPIC)) {
                    paths.add(n);
                    order.add("path " + n.get("id").asLong());
                } else if (channel.topic().equals(TickJson.TOPIC)) {
                    ticks.add(n);
                    order.add("tick " + n.get("tick").asLong());
                }
            });
        }
        assertThat(ticks).hasSize(9);
        JsonNode first = paths.get(0);
        JsonNode second = paths.get(1);
        assertThat(first.get("tick").asLong()).isEqualTo(1);
        assertThat(second.get("tick").asLong()).isEqualTo(6);
        assertThat(first.get("frame").asText()).isEqualTo(PathJson.FRAME);
        assertThat(second.get("count").asInt()).isEqualTo(4);
        assertThat(second.get("target_speed_mps").asDouble()).isEqualTo(0.7);
        for (int i = 0; i < xs.length; i++) {
            // Shortest round-trip decimals: the same doubles, bit for bit.
            assertThat(second.get("x_m").get(i).asDouble()).isEqualTo(xs[i]);
            assertThat(second.get("y_m").get(i).asDouble()).isEqualTo(ys[i]);
        }
        // The ids are the ones the ticks name, and each path precedes the first tick that follows it.
        assertThat(ticks.get(1).at("/path/id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(ticks.get(6).at("/path/id").asLong()).isEqualTo(second.get("id").asLong());
        assertThat(order.indexOf("path " + first.get("id").asLong())).isLessThan(order.indexOf("tick 1"));
        assertThat(order.indexOf("path " + second.get("id").asLong())).isLessThan(order.indexOf("tick 6"));
        assertThat(second.get("controller_ns").asLong()).isEqualTo(ticks.get(6).get("controller_ns").asLong());
        assertThat(recorder.pathsDropped()).isZero();
    }
}
