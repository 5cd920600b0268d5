package io.policyrt.ros1.msg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator on a test type that holds every built-in type, array shape and constant kind
 * ({@code src/test/resources/ros1/generator-msg/policyrt_test_msgs/AllTypes.msg}): generated and
 * compiled during the test, its md5 and definition compared with genmsg's, its constants checked,
 * and its bytes exchanged with genpy (which loads the type from the definition).
 */
class Ros1MessageGeneratorTest {
    static final String VALUES = """
            {"b": true, "i8": -5, "u8": 7, "i16": -300, "u16": 300, "i32": -70000, "u32": 70000,
             "i64": -5000000000, "u64": 5000000000, "f32": 0.75, "f64": 3.141592653589793,
             "s": "\u00fcn\u00efcode \u2713", "t": {"sec": 1764230400, "nsec": 1}, "d": {"sec": -2, "nsec": 500000000},
             "c": 65, "by": -1, "bytes": [0, 1, 127], "fixed_bytes": [1, 2, 3, 4], "floats": [0.5, -0.25],
             "fixed_longs": [1, -2, 3], "strings": ["a", "", "\u00e7"], "fixed_strings": ["x", "y"],
             "times": [{"sec": 1, "nsec": 2}], "durations": [{"sec": 3, "nsec": 4}, {"sec": 0, "nsec": 0}],
             "header": {"seq": 1, "stamp": {"sec": 2, "nsec": 3}, "frame_id": "f"},
             "headers": [{"seq": 4, "stamp": {"sec": 5, "nsec": 6}, "frame_id": "g"}],
             "inners": [{"native": 1, "names": ["p"]}, {"native": 2, "names": []}],
             "more_inners": [{"native": 3, "names": ["q", "r"]}]}
            """;

    @TempDir
    Path dir;

    @Test
    void every_builtin_type_array_shape_and_constant_matches_genmsg_and_genpy() throws Exception {
        Path root = dir.resolve("msg");
        Path testPackage = Ros1DebianTools.repositoryRoot()
                .resolve("ros1-client/src/test/resources/ros1/generator-msg/policyrt_test_msgs");
        Files.createDirectories(root.resolve("policyrt_test_msgs"));
        Files.createDirectories(root.resolve("std_msgs"));
        for (String f : List.of("AllTypes.msg", "Inner.msg")) {
            Files.copy(testPackage.resolve(f), root.resolve("policyrt_test_msgs").resolve(f));
        }
        Files.copy(Ros1DebianTools.messageRoot().resolve("std_msgs/Header.msg"), root.resolve("std_msgs/Header.msg"));

        Class<?> allTypes = generateAndCompile(root, dir.resolve("out"), dir.resolve("classes"))
                .loadClass("io.policyrt.ros1.msg.policyrt_test_msgs.AllTypes");
        RosMessageType<?> type = (RosMessageType<?>) allTypes.getField("TYPE").get(null);

        // Constants: unsigned values keep their bits; a string constant keeps everything after '='.
        assertThat(allTypes.getField("U8_MAX").get(null)).isEqualTo((byte) -1);
        assertThat(allTypes.getField("U32").get(null)).isEqualTo(-1);
        assertThat(allTypes.getField("U64").get(null)).isEqualTo(-1L);
        assertThat(allTypes.getField("I16").get(null)).isEqualTo((short) -3);
        assertThat(allTypes.getField("F32").get(null)).isEqualTo(1.5f);
        assertThat(allTypes.getField("FLAG").get(null)).isEqualTo(true);
        assertThat(allTypes.getField("GREETING").get(null))
                .isEqualTo("hello # a string constant keeps this, comment included");

        JsonNode truth = Ros1MessageExchangeTest.FIELDS.readTree(Ros1DebianTools.runPeer(dir,
                List.of("truth", root.toString(), type.name())));
        assertThat(type.md5sum()).isEqualTo(truth.get(type.name()).get("genmsg_md5").asText());
        assertThat(type.definition()).isEqualTo(truth.get(type.name()).get("genmsg_definition").asText());

        // Java names the field 'native' as 'native_' (a keyword); the wire and genpy use 'native'.
        JsonNode values = Ros1MessageExchangeTest.FIELDS.readTree(VALUES);
        JsonNode javaValues = Ros1MessageExchangeTest.FIELDS.readTree(VALUES.replace("\"native\":", "\"native_\":"));
        RosMessage m = Ros1MessageExchangeTest.FIELDS.readerForUpdating(type.newMessage()).readValue(javaValues);
        byte[] javaBytes = Ros1MessageExchangeTest.serialize(m);

        ArrayNode request = Ros1MessageExchangeTest.FIELDS.createArrayNode();
        ObjectNode c = request.addObject();
        c.put("type", type.name());
        c.put("definition", type.definition());
        c.set("values", values);
        c.put("java_hex", HexFormat.of().formatHex(javaBytes));
        Path cases = dir.resolve("cases.json");
        Ros1MessageExchangeTest.FIELDS.writeValue(cases.toFile(), request);
        JsonNode result = Ros1MessageExchangeTest.FIELDS.readTree(Ros1DebianTools.runPeer(dir,
                List.of("exchange", cases.toString()))).get(0);
        assertThat(result.get("python_hex").asText()).isEqualTo(c.get("java_hex").asText());
        assertThat(result.get("equal").asBoolean()).as("genpy reads %s", result.get("java_decoded")).isTrue();

        RosMessage back = type.newMessage();
        back.deserialize(ByteBuffer.wrap(javaBytes).order(ByteOrder.LITTLE_ENDIAN));
        assertThat((JsonNode) Ros1MessageExchangeTest.FIELDS.valueToTree(back))
                .isEqualTo((JsonNode) Ros1MessageExchangeTest.FIELDS.valueToTree(m));
    }

    /** Runs the generator as the build does, compiles its output, and loads it above the test's classes. */
    static ClassLoader generateAndCompile(Path root, Path out, Path classes) throws IOException, InterruptedException {
        Path generator = Ros1DebianTools.repositoryRoot().resolve("ros1-client/src/build/java/RosMessageGenerator.java");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                generator.toString(), root.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(root.resolveSibling("generator.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("generator finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(root.resolveSibling("generator.log"))).isZero();

        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                Path.of(RosMessage.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString()));
        try (Stream<Path> sources = Files.walk(out)) {
            sources.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (javax.tools) runs the tests").isNotNull();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac of the generated sources").isZero();
        return new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, Ros1MessageGeneratorTest.class.getClassLoader());
    }
}
