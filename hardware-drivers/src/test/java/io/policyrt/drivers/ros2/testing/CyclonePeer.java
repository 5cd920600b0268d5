package io.policyrt.drivers.ros2.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A ROS 2 peer on Eclipse Cyclone DDS (src/test/c/ros2_peer.c), compiled by the test run with
 * idlc and gcc into target/, started as a child process on a chosen domain with localhost-only
 * discovery (no multicast, unicast peer 127.0.0.1, SPDP every second, as a CI machine needs), and
 * driven line by line. Fails with the Debian package to install when a tool is missing.
 */
public final class CyclonePeer implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<String> samples = new CopyOnWriteArrayList<>();

    private CyclonePeer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ok ") || line.startsWith("error") || line.equals("ready") || line.startsWith("matched ")
                            || line.startsWith("guid ")) {
                        replies.add(line);
                    } else {
                        samples.add(line);
                    }
                }
            } catch (IOException e) {
                replies.add("error stdout closed: " + e);
            }
        }, "cyclone-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Compiles the peer once per build into {@code target/cyclone-peer/ros2_peer}. */
    public static synchronized Path build() throws IOException, InterruptedException {
        Path module = moduleDir();
        Path out = module.resolve("target/cyclone-peer");
        Path binary = out.resolve("ros2_peer");
        Path source = module.resolve("src/test/c/ros2_peer.c");
        Path idl = module.resolve("src/test/c/ros2_msgs.idl");
        if (Files.isExecutable(binary) && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(idl)) > 0) {
            return binary;
        }
        Files.createDirectories(out);
        require("idlc", "cyclonedds-tools");
        require("gcc", "gcc");
        if (!Files.exists(Path.of("/usr/include/dds/dds.h"))) {
            throw new AssertionError("Cyclone DDS headers (dds/dds.h) are missing: install the Debian package cyclonedds-dev "
                    + "(./run-tests does)");
        }
        run(out, "idlc", "-l", "c", idl.toString());
        run(out, "gcc", "-O1", "-Wall", "-o", binary.toString(), "-I", out.toString(), source.toString(),
                out.resolve("ros2_msgs.c").toString(), "-lddsc", "-lm");
        return binary;
    }

    private static Path moduleDir() {
        String repo = System.getProperty("policyrt.repo");
        if (repo != null && Files.isDirectory(Path.of(repo, "hardware-drivers", "src/test/c"))) {
            return Path.of(repo, "hardware-drivers");
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/test/c")) ? here : here.resolve("hardware-drivers");
    }

    private static void require(String tool, String debianPackage) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            throw new AssertionError(tool + " is not installed: install the Debian package " + debianPackage + " (./run-tests does)");
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (the Cyclone DDS peer needs cyclonedds-dev, "
                    + "cyclonedds-tools and gcc):\n" + output);
        }
    }

    /** The Cyclone configuration rmw_cyclonedds would get for a localhost-only machine without multicast. */
    public static String localhostConfig() {
        return "<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface address=\"127.0.0.1\"/></Interfaces>"
                + "<AllowMulticast>false</AllowMulticast></General><Discovery><ParticipantIndex>auto</ParticipantIndex>"
                + "<MaxAutoParticipantIndex>30</MaxAutoParticipantIndex><Peers><Peer address=\"127.0.0.1\"/></Peers>"
                + "<SPDPInterval>1s</SPDPInterval></Discovery></Domain></CycloneDDS>";
    }

    /** Starts the peer on {@code domain} and waits until its participant exists. */
    public static CyclonePeer start(int domain) throws IOException, InterruptedException {
        Path binary = build();
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), Integer.toString(domain)).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("CYCLONEDDS_URI", localhostConfig());
        CyclonePeer peer = new CyclonePeer(pb.start());
        String first = peer.replies.poll(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!"ready".equals(first)) {
            peer.close();
            throw new AssertionError("the Cyclone peer did not start: " + first);
        }
        return peer;
    }

    /** Sends one command and waits for its acknowledgement. */
    public String send(String command) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        String reply = replies.poll(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null || reply.startsWith("error")) {
            throw new AssertionError("Cyclone peer: '" + command + "' -> " + reply);
        }
        return reply;
    }

    /** The matched count of the peer's endpoint on {@code topic}. */
    public int matched(String topic) throws IOException, InterruptedException {
        String r = send("matched " + topic);
        replies.poll(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // its "ok"
        return Integer.parseInt(r.substring(r.lastIndexOf(' ') + 1));
    }

    /**
     * The GUID of the peer's writer on {@code topic}, as PolicyRT names a writer: 16 bytes as
     * dot-separated hex. Each peer is a participant of its own, so each peer's writer is a source
     * of its own (the e-stop latches per source).
     */
    public String writerGuid(String topic) throws IOException, InterruptedException {
        String r = send("guid " + topic);
        replies.poll(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // its "ok"
        return r.substring(r.lastIndexOf(' ') + 1);
    }

    /** Samples the peer printed so far, oldest first. */
    public List<String> samples() { return List.copyOf(samples); }

    /** The last sample line satisfying {@code p}, or null. */
    public String lastSample(Predicate<String> p) {
        List<String> s = samples();
        for (int i = s.size() - 1; i >= 0; i--) {
            if (p.test(s.get(i))) {
                return s.get(i);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
