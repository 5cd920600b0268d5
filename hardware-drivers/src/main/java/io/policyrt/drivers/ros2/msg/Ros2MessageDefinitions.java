package io.policyrt.drivers.ros2.msg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The full {@code ros2msg} definition of a ROS 2 message type, as rosbag2 stores it in MCAP
 * schemas: the type's own .msg text, then for every type it uses, depth first and each once, a
 * line of 80 {@code =}, a line {@code MSG: pkg/msg/Type} and that type's .msg text. The .msg files
 * come from the classpath: the standard interfaces inside ros2-common-interfaces, PolicyRT's own
 * package ({@code policyrt_msgs}) from this module.
 */
public final class Ros2MessageDefinitions {
    /** Where .msg files lie on the classpath, as {@code ROOT + pkg/msg/Type.msg}. */
    private static final String[] ROOTS = {"ros2msg/", "common_interfaces/", "rcl_interfaces/", "unique_identifier_msgs/", ""};
    private static final Set<String> BUILTIN = Set.of("bool", "byte", "char", "float32", "float64", "int8", "uint8", "int16",
            "uint16", "int32", "uint32", "int64", "uint64", "string", "wstring");
    static final String DELIMITER = "=".repeat(80);

    private Ros2MessageDefinitions() {
    }

    /** {@code nav_msgs/Odometry} or {@code nav_msgs/msg/Odometry} as {@code nav_msgs/msg/Odometry}. */
    public static String interfaceName(String rosName) {
        String[] parts = rosName.split("/");
        if (parts.length == 3 && parts[1].equals("msg")) {
            return rosName;
        }
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("not a ROS 2 message type name: '" + rosName + "' (expected pkg/Type or pkg/msg/Type)");
        }
        return parts[0] + "/msg/" + parts[1];
    }

    /**
     * The full definition of {@code rosName} ({@code pkg/Type} or {@code pkg/msg/Type}).
     *
     * @throws IllegalStateException naming the type whose .msg file is not on the classpath
     */
    public static String fullText(String rosName) {
        String root = interfaceName(rosName);
        Set<String> dependencies = new LinkedHashSet<>();
        String text = text(root);
        collect(root, text, dependencies);
        StringBuilder b = new StringBuilder(text);
        for (String d : dependencies) {
            b.append('\n').append(DELIMITER).append('\n').append("MSG: ").append(d).append('\n').append(text(d));
        }
        return b.toString();
    }

    private static void collect(String type, String text, Set<String> into) {
        String pkg = type.substring(0, type.indexOf('/'));
        for (String used : usedTypes(pkg, text)) {
            if (into.add(used)) {
                collect(used, text(used), into);
            }
        }
    }

    /** The message types the fields of {@code text} use (not builtins), as {@code pkg/msg/Type}, in field order. */
    static List<String> usedTypes(String pkg, String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String field = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (field.isEmpty()) {
                continue;
            }
            String type = field.split("\\s+")[0];
            int cut = indexOfAny(type, '[', '<');
            String base = cut >= 0 ? type.substring(0, cut) : type;
            if (BUILTIN.contains(base)) {
                continue;
            }
            out.add(base.contains("/") ? interfaceName(base) : pkg + "/msg/" + base);
        }
        return out;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** The .msg text of {@code pkg/msg/Type}, without trailing newlines. */
    private static String text(String interfaceName) {
        for (String root : ROOTS) {
            try (InputStream in = Ros2MessageDefinitions.class.getClassLoader().getResourceAsStream(root + interfaceName + ".msg")) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the definition of " + interfaceName + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no .msg definition of " + interfaceName + " on the classpath");
    }
}
