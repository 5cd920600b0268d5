package io.policyrt.drivers.loopback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds a daemon's or tool's executable where Debian installs it, which a non-root PATH often lacks (/usr/sbin), then on PATH. */
public final class Executables {
    private Executables() {
    }

    /**
     * @param name        the executable's file name ("mosquitto")
     * @param directories searched first, in order
     */
    public static Optional<String> find(String name, List<String> directories) {
        List<String> searched = new ArrayList<>(directories);
        searched.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String dir : searched) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
