package io.policyrt.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The software a recording was made with: the project version and the git commit of the build
 * ({@code git describe --always --dirty}), both read from {@code build.properties}, which the build
 * fills in. Either is {@code unknown} when the build could not tell (no git, not a checkout).
 */
public final class SoftwareRevision {
    public static final String UNKNOWN = "unknown";

    private SoftwareRevision() {
    }

    /** {@code version}, {@code revision} and the Java runtime, for the recording's metadata. */
    public static Map<String, String> metadata() {
        Properties p = new Properties();
        try (InputStream in = SoftwareRevision.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown below
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", value(p.getProperty("version")));
        m.put("revision", "0".equals(p.getProperty("git.rc")) ? value(p.getProperty("git.revision")) : UNKNOWN);
        m.put("java", System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.version", "?"));
        return m;
    }

    private static String value(String v) {
        return v == null || v.isBlank() || v.startsWith("${") ? UNKNOWN : v.trim();
    }
}
