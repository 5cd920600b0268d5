package io.policyrt.drivers.ros2.msg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The full {@code ros2msg} definition of a ROS 2 message type, as rosbag2 stores it in MCAP
 * schemas (its local message definition source): the type's own .msg file, then, depth first, for
 * each type it uses (in sorted order, each once in the whole text) a newline, a line of 80
 * {@code =}, a line {@code MSG: pkg/Type} naming the type as the field names it, and that type's
 * text followed by its own dependencies. The .msg files come from the classpath: the standard
 * interfaces inside ros2-common-interfaces, PolicyRT's own package ({@code policyrt_msgs}) from
 * this module.
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
        return append(interfaceName(rosName), new HashSet<>(), new StringBuilder()).toString();
    }

    private static StringBuilder append(String type, Set<String> seen, StringBuilder b) {
        String name = interfaceName(type);
        String text = text(name);
        b.append(text);
        for (String used : usedTypes(name.substring(0, name.indexOf('/')), text)) {
            if (seen.add(interfaceName(used))) {
                b.append('\n').append(DELIMITER).append('\n').append("MSG: ").append(used).append('\n');
                append(used, seen, b);
            }
        }
        return b;
    }

    /**
     * The message types the fields of {@code text} use (not builtins), sorted, each as the field
     * names it ({@code std_msgs/Header}), or {@code pkg/Type} for a type of the message's own package.
     */
    static SortedSet<String> usedTypes(String pkg, String text) {
        SortedSet<String> out = new TreeSet<>();
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
            out.add(base.contains("/") ? base : pkg + "/" + base);
        }
        return out;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** The .msg file of {@code pkg/msg/Type} as it is. */
    private static String text(String interfaceName) {
        for (String root : ROOTS) {
            try (InputStream in = Ros2MessageDefinitions.class.getClassLoader().getResourceAsStream(root + interfaceName + ".msg")) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the definition of " + interfaceName + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no .msg definition of " + interfaceName + " on the classpath");
    }
}
