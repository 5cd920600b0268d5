package io.policyrt.ros1.msg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-for-byte agreement with rospy: the same field values (test resource
 * {@code ros1/exchange-cases.json}) serialized by the generated classes and by Debian's genpy
 * classes give identical bytes, genpy reads the Java bytes back to the same values, and Java reads
 * the genpy bytes back to the same values. Our own policyrt_msgs/ObstacleTrack is loaded in Python
 * from its definition text with genpy.dynamic, as a rospy node would.
 */
class Ros1MessageExchangeTest {
    /** Maps public fields only, with the .msg names; getters are not fields. */
    static final ObjectMapper FIELDS = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY);

    @TempDir
    Path dir;

    static RosMessage fromValues(String type, JsonNode values) throws Exception {
        RosMessageType<?> t = RosMessageCatalog.byName(type);
        assertThat(t).as("generated type %s", type).isNotNull();
        return FIELDS.readerForUpdating(t.newMessage()).readValue(values);
    }

    static byte[] serialize(RosMessage m) {
        ByteBuffer b = ByteBuffer.allocate(m.serializedSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        m.serialize(b);
        assertThat(b.remaining()).as("serializedSizeBytes of %s is exact", m.rosType().name()).isZero();
        return b.array();
    }

    @Test
    void java_and_genpy_write_the_same_bytes_and_read_each_others() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/ros1/exchange-cases.json")) {
            cases = FIELDS.readTree(in);
        }
        ArrayNode request = FIELDS.createArrayNode();
        for (JsonNode c : cases) {
            RosMessage m = fromValues(c.get("type").asText(), c.get("values"));
            ObjectNode r = request.addObject();
            r.put("type", c.get("type").asText());
            r.put("definition", m.rosType().definition());
            r.set("values", c.get("values"));
            r.put("java_hex", HexFormat.of().formatHex(serialize(m)));
        }
        Path file = dir.resolve("cases.json");
        FIELDS.writeValue(file.toFile(), request);
        JsonNode results = FIELDS.readTree(Ros1DebianTools.runPeer(dir, List.of("exchange", file.toString())));

        assertThat(results).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            String type = cases.get(i).get("type").asText();
            JsonNode values = cases.get(i).get("values");
            JsonNode r = results.get(i);
            assertThat(r.get("python_hex").asText()).as("genpy bytes of case %d (%s)", i, type)
                    .isEqualTo(request.get(i).get("java_hex").asText());
            assertThat(r.get("equal").asBoolean()).as("genpy reads the Java bytes of case %d (%s) as %s, expected %s",
                    i, type, r.get("java_decoded"), values).isTrue();

            RosMessage fromPython = RosMessageCatalog.byName(type).newMessage();
            byte[] pythonBytes = HexFormat.of().parseHex(r.get("python_hex").asText());
            ByteBuffer in = ByteBuffer.wrap(pythonBytes).order(ByteOrder.LITTLE_ENDIAN);
            fromPython.deserialize(in);
            assertThat(in.remaining()).as("case %d (%s) read to the end", i, type).isZero();
            assertThat((JsonNode) FIELDS.valueToTree(fromPython)).as("Java reads the genpy bytes of case %d (%s)", i, type)
                    .isEqualTo((JsonNode) FIELDS.valueToTree(fromValues(type, values)));
        }
    }
}
