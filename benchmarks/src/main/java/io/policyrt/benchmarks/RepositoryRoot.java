package io.policyrt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository checkout, so that benchmark parameters can name files relative to it
 * ({@code policy-export/models/tracking-bc.onnx}) whatever folder the benchmark jar runs in.
 */
public final class RepositoryRoot {
    /** System property that names the repository root explicitly. */
    public static final String PROPERTY = "policyrt.repo";

    private RepositoryRoot() {
    }

    /**
     * The root: the folder named by {@value #PROPERTY}, else the nearest folder at or above the
     * working directory that holds {@code .ci} or the parent pom (a {@code pom.xml} with modules).
     *
     * @throws IllegalStateException when neither finds one
     */
    public static Path find() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(PROPERTY + "=" + property + " is not a folder");
            }
            return p;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci")) || isParentPom(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + start
                + " (no .ci folder or parent pom.xml); set -D" + PROPERTY + "=<checkout>");
    }

    /** {@code file} as given when absolute, else resolved against the repository root. */
    public static Path resolve(String file) {
        Path p = Path.of(file);
        return p.isAbsolute() ? p : find().resolve(p).normalize();
    }

    private static boolean isParentPom(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<modules>");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }
}
