package io.policyrt.launch.testing;

import java.nio.file.Path;

/** The repository's root, where the shipped models, configs and the packaged launcher live. */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    /** The {@code policyrt.repo} system property the build sets, else the module's parent. */
    public static Path path() {
        return Path.of(System.getProperty("policyrt.repo", "..")).toAbsolutePath().normalize();
    }
}
