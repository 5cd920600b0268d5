package io.policyrt.ros1.node;

import java.util.regex.Pattern;

/**
 * ROS graph resource names (http://wiki.ros.org/Names) in the global namespace: {@code /name} is
 * global, {@code name} is relative to {@code /}, {@code ~name} is private to the node.
 */
public final class GraphNames {
    private static final Pattern LEGAL = Pattern.compile("[~/]?([A-Za-z][A-Za-z0-9_]*)(/[A-Za-z][A-Za-z0-9_]*)*");

    private GraphNames() {
    }

    /** The node's own name, made global ({@code /policyrt_controller}). */
    public static String nodeName(String name) {
        requireLegal("node name", name);
        if (name.startsWith("~")) {
            throw new IllegalArgumentException("node name '" + name + "' cannot be private");
        }
        return name.startsWith("/") ? name : "/" + name;
    }

    /** A topic name resolved against the global namespace and the node's name. */
    public static String resolve(String name, String nodeName) {
        requireLegal("topic name", name);
        if (name.startsWith("/")) {
            return name;
        }
        if (name.startsWith("~")) {
            return nodeName + "/" + name.substring(1);
        }
        return "/" + name;
    }

    private static void requireLegal(String what, String name) {
        if (name == null || !LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a legal ROS name (letters, digits, '_' and '/'; "
                    + "each part starts with a letter; an optional leading '/' or '~')");
        }
    }
}
