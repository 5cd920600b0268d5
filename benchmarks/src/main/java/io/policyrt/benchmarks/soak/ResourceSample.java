package io.policyrt.benchmarks.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The process's resources at one moment, after a full GC: used heap [B], live threads, open file
 * descriptors (-1 where /proc/self/fd does not exist).
 */
record ResourceSample(double elapsedS, long heapUsedBytes, int threads, long fds) {
    static ResourceSample take(double elapsedS) {
        System.gc();
        Runtime r = Runtime.getRuntime();
        long heap = r.totalMemory() - r.freeMemory();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return new ResourceSample(elapsedS, heap, threads, openFds());
    }

    private static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count() - 1; // the listing's own descriptor
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
