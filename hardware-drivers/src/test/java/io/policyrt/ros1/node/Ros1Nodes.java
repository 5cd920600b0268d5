package io.policyrt.ros1.node;

import io.policyrt.drivers.ros1.testing.RosMaster;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Helpers for the node tests: loopback nodes on a test master, waiting, and the node's live threads. */
final class Ros1Nodes {
    private Ros1Nodes() {
    }

    static Ros1Node start(RosMaster master, String name) throws Exception {
        Ros1NodeSettings s = Ros1NodeSettings.resolve(name, master.uri(), "127.0.0.1", Map.of())
                .withMasterCheckPeriod(Duration.ofMillis(200));
        return Ros1Node.start(s);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Names of the live threads this library starts (all start with policyrt-ros1). */
    static Set<String> ros1Threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("policyrt-ros1"))
                .collect(java.util.stream.Collectors.toSet());
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
