package io.policyrt.recorder;

import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;
import io.policyrt.recorder.RotatingMcapWriter.Rotation;
import io.policyrt.recorder.mcap.Compression;
import io.policyrt.recorder.mcap.McapEncodings;
import io.policyrt.recorder.mcap.McapWriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a run to MCAP: every tick on {@value TickJson#TOPIC} (JSON with a JSON Schema), the path
 * the ticks follow on {@value PathJson#TOPIC} each time it is set or changes, plus the metadata
 * given at start (policy, configuration, software). The control thread only copies each
 * tick into a preallocated slot of a bounded {@link TickRing} ({@link #tickTap()}); a writer thread
 * of its own serializes the ticks and writes the chunks. A full ring drops ticks and counts them;
 * nothing here ever makes the control thread wait.
 *
 * <p>Log times are wall-clock epoch nanoseconds (what Foxglove and rosbag2 expect): the tick's
 * monotonic start mapped through one (wall clock, monotonic clock) pair read at start, so they
 * never jump backwards with the system clock. The monotonic and controller stamps stay in the
 * message as fields.
 *
 * <p>{@link #close()} lets the writer drain the ring, then closes the file (Data End, summary,
 * footer). A process killed before that leaves a file readable up to its last complete chunk.
 */
public final class FlightRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlightRecorder.class);
    /** How long the writer thread sleeps when there is nothing to write [ns]. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** With nothing new for this long, the open chunk is written out [ns]. */
    private static final long IDLE_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final int PATH_RING_SLOTS = 4;

    /**
     * Where and how to record.
     *
     * @param file        the recording (with rotation, the stem of {@code <stem>_0000.mcap}, ...)
     * @param compression chunk compression
     * @param rotation    when to start a new file
     * @param queueTicks  ticks the ring between the control thread and the writer holds
     */
    public record Settings(Path file, Compression compression, Rotation rotation, int queueTicks) {
        public static final int DEFAULT_QUEUE_TICKS = 4096;

        public Settings {
            if (file == null || compression == null || rotation == null) {
                throw new IllegalArgumentException("file, compression and rotation must be given");
            }
            if (queueTicks < 2 || queueTicks > (1 << 24)) {
                throw new IllegalArgumentException("queue_ticks must be 2 to 16777216, got " + queueTicks);
            }
        }

        /** zstd, no rotation, the default queue. */
        public static Settings of(Path file) {
            return new Settings(file, Compression.ZSTD, Rotation.NONE, DEFAULT_QUEUE_TICKS);
        }
    }

    private final Settings settings;
    private final RotatingMcapWriter writer;
    private final TickRing ticks;
    private final TickJson tickJson;
    private final int tickChannel;
    /** Paths that took effect, from the control thread (rare: written when set or changed). */
    private final PathRing paths = new PathRing(PATH_RING_SLOTS);
    private final PathJson pathJson = new PathJson();
    private final int pathChannel;
    private long pathSequence;
    /** What the control tick is given: ticks into their ring, path changes into theirs. */
    private final TickTap tap;
    private final long wallAnchorNanos;
    private final long monotonicAnchorNanos;
    private final Thread thread;
    private final List<InboundStream> inbound = new CopyOnWriteArrayList<>();
    private final int verdictChannel;
    private final JsonBytes verdictJson = new JsonBytes();
    private final JsonBytes valueJson = new JsonBytes();
    private long verdictSequence;
    private volatile long inboundRecorded;
    /** The writer thread's CPU time when it ended, -1 before [ns]. */
    private volatile long writerCpuNanosAtEnd = -1;

    private volatile boolean stopping;
    private volatile long ticksRecorded;
    private volatile long ticksLost;
    private volatile Throwable failure;
    private boolean closed;

    private FlightRecorder(Settings settings, RotatingMcapWriter writer, TickRecord shape, boolean recordsTicks) {
        this.settings = settings;
        this.writer = writer;
        this.ticks = new TickRing(shape, settings.queueTicks());
        this.tickJson = new TickJson(shape.featureNames, shape.actionNames);
        this.tickChannel = recordsTicks ? writer.registerChannel(TickJson.TOPIC, McapEncodings.MESSAGE_JSON,
                writer.registerSchema(TickJson.SCHEMA_NAME, McapEncodings.SCHEMA_JSONSCHEMA,
                        TickJson.schema(shape.featureNames, shape.actionNames)), Map.of()) : 0;
        TickRing tickRing = this.ticks;
        PathRing pathRing = this.paths;
        this.tap = new TickTap() {
            @Override
            public void onTick(TickRecord record) {
                tickRing.onTick(record);
            }

            @Override
            public void onPathChange(io.policyrt.controller.domain.PathReference path, long tickIndex, long controllerNanos,
                                     long monotonicNanos) {
                pathRing.offer(path, tickIndex, controllerNanos, monotonicNanos);
            }
        };
        this.verdictChannel = writer.registerChannel(InboundStream.VERDICT_TOPIC, McapEncodings.MESSAGE_JSON,
                writer.registerSchema(VERDICT_SCHEMA_NAME, McapEncodings.SCHEMA_JSONSCHEMA, VERDICT_SCHEMA), Map.of());
        // After the tick and verdict channels, so that their ids stay 1 and 2 as in recordings made before it.
        this.pathChannel = recordsTicks ? writer.registerChannel(PathJson.TOPIC, McapEncodings.MESSAGE_JSON,
                writer.registerSchema(PathJson.SCHEMA_NAME, McapEncodings.SCHEMA_JSONSCHEMA, PathJson.schema()), Map.of()) : 0;
        Instant now = Instant.now();
        this.monotonicAnchorNanos = System.nanoTime();
        this.wallAnchorNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.thread = new Thread(this::runWriter, "policyrt-recorder");
        this.thread.setDaemon(true); // close() drains it; a JVM that exits without close keeps its complete chunks
    }

    /**
     * Creates the file, writes the metadata records (in map order) and starts the writer thread.
     *
     * @param featureNames the policy's observation features, in order
     * @param actionNames  the policy's actions, in order
     * @param metadata     e.g. {@code policy}, {@code configuration}, {@code software}
     * @throws IOException when the file cannot be created or written
     */
    public static FlightRecorder start(Settings settings, List<String> featureNames, List<String> actionNames,
                                       Map<String, Map<String, String>> metadata) throws IOException {
        return open(settings, metadata, new TickRecord(featureNames, actionNames), true);
    }

    /**
     * A recorder of inbound messages only (no control loop: {@code policyrt sim serve}, the
     * simulated robot's side), with the metadata given.
     */
    public static FlightRecorder startWithoutTicks(Settings settings, Map<String, Map<String, String>> metadata) throws IOException {
        return open(settings, metadata, new TickRecord(List.of(), List.of()), false);
    }

    /** Creates the file, writes the metadata, and starts the writer thread; the file is closed again when that fails. */
    private static FlightRecorder open(Settings settings, Map<String, Map<String, String>> metadata, TickRecord record,
                                       boolean withTicks) throws IOException {
        McapWriterOptions options = McapWriterOptions.defaults().withCompression(settings.compression())
                .withLibrary("policyrt " + SoftwareRevision.metadata().get("version"));
        RotatingMcapWriter writer = new RotatingMcapWriter(settings.file(), options, settings.rotation());
        FlightRecorder recorder;
        try {
            for (Map.Entry<String, Map<String, String>> m : metadata.entrySet()) {
                writer.writeMetadata(m.getKey(), m.getValue());
            }
            recorder = new FlightRecorder(settings, writer, record, withTicks);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        recorder.thread.start();
        return recorder;
    }

    /**
     * The tap to attach to the control tick: copies each tick into the ring, and each path that
     * takes effect into a small ring of its own. Control thread.
     *
     * @throws IllegalStateException for a recorder made without ticks
     */
    public TickTap tickTap() {
        if (tickChannel == 0) {
            throw new IllegalStateException("this recorder was started without ticks");
        }
        return tap;
    }

    /**
     * A stream for one inbound topic: its messages go to a channel of their own (registered by the
     * writer thread on its first message), their verdicts to {@value InboundStream#VERDICT_TOPIC}.
     *
     * @param capacity messages the stream's ring holds
     */
    public InboundStream inbound(InboundStream.Layout layout, int capacity) {
        InboundStream s = new InboundStream(layout, capacity);
        inbound.add(s);
        return s;
    }

    static final String VERDICT_SCHEMA_NAME = "policyrt.InboundVerdict";
    private static final byte[] VERDICT_SCHEMA = ("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\""
            + VERDICT_SCHEMA_NAME + "\",\"description\":\"One inbound message as it arrived and what the controller decided\","
            + "\"type\":\"object\",\"properties\":{"
            + "\"topic\":{\"type\":\"string\",\"description\":\"the transport's topic, also the channel of the message itself\"},"
            + "\"transport\":{\"type\":\"string\"},"
            + "\"verdict\":{\"type\":\"string\",\"description\":\"NONE when accepted, else the reject reason\"},"
            + "\"accepted\":{\"type\":\"boolean\"},"
            + "\"source\":{\"type\":\"string\",\"description\":\"the sender as the transport names it\"},"
            + "\"received_ns\":{\"type\":\"integer\",\"description\":\"the receiver's clock [ns]\"},"
            + "\"monotonic_ns\":{\"type\":\"integer\",\"description\":\"monotonic clock at receipt [ns]\"},"
            + "\"message_sequence\":{\"type\":\"integer\",\"description\":\"sequence of the message on its topic's channel, "
            + "-1 when the transport refused it before handing it over\"},"
            + "\"bytes\":{\"type\":\"integer\",\"description\":\"payload length, -1 when the transport hands decoded messages\"}"
            + "}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] V_TOPIC = JsonBytes.name("topic");
    private static final byte[] V_TRANSPORT = JsonBytes.name("transport");
    private static final byte[] V_VERDICT = JsonBytes.name("verdict");
    private static final byte[] V_ACCEPTED = JsonBytes.name("accepted");
    private static final byte[] V_SOURCE = JsonBytes.name("source");
    private static final byte[] V_RECEIVED = JsonBytes.name("received_ns");
    private static final byte[] V_MONOTONIC = JsonBytes.name("monotonic_ns");
    private static final byte[] V_SEQUENCE = JsonBytes.name("message_sequence");
    private static final byte[] V_BYTES = JsonBytes.name("bytes");

    private int drainInbound() {
        int n = 0;
        for (InboundStream stream : inbound) {
            InboundStream.Slot s;
            while ((s = stream.peek()) != null) {
                if (failure == null) {
                    try {
                        writeInbound(stream, s);
                        inboundRecorded = inboundRecorded + 1;
                    } catch (IOException | RuntimeException e) {
                        fail(e);
                    }
                }
                stream.release();
                n++;
            }
        }
        return n;
    }

    private void writeInbound(InboundStream stream, InboundStream.Slot s) throws IOException {
        InboundStream.Layout l = stream.layout();
        if (stream.channelId == 0) {
            int schema = l.schemaEncoding().isEmpty() && l.schemaData().length == 0 && l.schemaName().isEmpty() ? 0
                    : writer.registerSchema(l.schemaName(), l.schemaEncoding(), l.schemaData());
            Map<String, String> metadata = new java.util.LinkedHashMap<>(l.channelMetadata());
            metadata.putIfAbsent("transport", l.transport());
            stream.channelId = writer.registerChannel(l.topic(), l.messageEncoding(), schema, metadata);
        }
        long logTime = wallNanos(s.monotonicNanos);
        long sequence = -1;
        int bytes = -1;
        if (s.hasMessage) {
            sequence = stream.messageSequence++;
            if (l.rawBytes()) {
                bytes = s.length;
                writer.writeMessage(stream.channelId, sequence & 0xFFFF_FFFFL, logTime, logTime, s.bytes, 0, s.length);
            } else {
                valueJson.reset();
                DomainValues.json(s.value, valueJson);
                writer.writeMessage(stream.channelId, sequence & 0xFFFF_FFFFL, logTime, logTime, valueJson.array(), 0,
                        valueJson.size());
            }
        } else if (l.rawBytes()) {
            bytes = 0;
        }
        JsonBytes j = verdictJson.reset().beginObject();
        j.key(V_TOPIC).string(l.topic()).key(V_TRANSPORT).string(l.transport()).key(V_VERDICT).plainString(s.verdict)
                .key(V_ACCEPTED).value(s.accepted).key(V_SOURCE).string(s.source == null ? "" : s.source)
                .key(V_RECEIVED).value(s.receivedNanos).key(V_MONOTONIC).value(s.monotonicNanos)
                .key(V_SEQUENCE).value(sequence).key(V_BYTES).value(l.rawBytes() ? bytes : -1).endObject();
        writer.writeMessage(verdictChannel, verdictSequence++ & 0xFFFF_FFFFL, logTime, logTime, j.array(), 0, j.size());
    }

    private void runWriter() {
        long lastWriteNanos = System.nanoTime();
        boolean unflushed = false;
        while (true) {
            boolean last = stopping; // read before draining: whatever was published before close() is written
            int n = drainTicks() + drainInbound();
            long now = System.nanoTime();
            if (n > 0) {
                lastWriteNanos = now;
                unflushed = true;
                continue;
            }
            if (last) {
                writerCpuNanosAtEnd = currentThreadCpuNanos();
                return;
            }
            if (unflushed && now - lastWriteNanos > IDLE_FLUSH_NANOS) {
                unflushed = false;
                flushQuietly();
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
    }

    private int drainTicks() {
        int n = 0;
        TickRecord r;
        drainPaths();
        while ((r = ticks.peek()) != null) {
            drainPaths(); // a path is published before the first tick that follows it: written before that tick
            if (failure == null) {
                try {
                    tickJson.encode(r);
                    long logTime = wallNanos(r.monotonicStartNanos);
                    writer.writeMessage(tickChannel, r.tickIndex & 0xFFFF_FFFFL, logTime, logTime, tickJson.array(), 0, tickJson.size());
                    ticksRecorded = ticksRecorded + 1;
                } catch (IOException | RuntimeException e) {
                    fail(e);
                    ticksLost = ticksLost + 1;
                }
            } else {
                ticksLost = ticksLost + 1;
            }
            ticks.release();
            n++;
        }
        return n;
    }

    private void drainPaths() {
        PathRing.Slot p;
        while ((p = paths.peek()) != null) {
            if (failure == null) {
                try {
                    pathJson.encode(p);
                    long logTime = wallNanos(p.monotonicNanos);
                    writer.writeMessage(pathChannel, pathSequence++ & 0xFFFF_FFFFL, logTime, logTime, pathJson.array(), 0,
                            pathJson.size());
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }
            paths.release();
        }
    }

    /** Wall-clock epoch nanoseconds of a {@link System#nanoTime()} reading. */
    long wallNanos(long monotonicNanos) {
        return wallAnchorNanos + (monotonicNanos - monotonicAnchorNanos);
    }

    private void flushQuietly() {
        if (failure != null) {
            return;
        }
        try {
            writer.flush();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.error("recording to {} failed; the run goes on without it: {}", writer.current().path(), e.toString());
        }
    }

    /**
     * Lets the writer thread write what the ring holds, then closes the file. Call after the
     * control loop stopped (a tick after this is dropped and counted). Idempotent.
     *
     * @throws IOException when the file could not be completed
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IOException(writer.current().path() + ": the recorder's writer did not finish within "
                    + CLOSE_WAIT_MILLIS / 1000 + " s; the file ends at its last complete chunk");
        }
        writer.close();
        if (failure != null) {
            throw new IOException(writer.current().path() + ": recording failed: " + failure, failure);
        }
    }

    public Settings settings() { return settings; }
    /** The files written so far, the current one last. */
    public List<Path> files() { return writer.files(); }
    /** Ticks handed to the recorder by the control thread. Any thread. */
    public long ticksOffered() { return ticks.offered(); }
    /** Paths dropped because their ring was full (more than a few path changes within one write). Any thread. */
    public long pathsDropped() { return paths.dropped(); }
    /** Ticks written to the file. Any thread. */
    public long ticksRecorded() { return ticksRecorded; }
    /** Ticks dropped because the ring was full (the writer fell behind). Any thread. */
    public long ticksDropped() { return ticks.dropped(); }
    /** Ticks taken from the ring but not written because writing had failed. Any thread. */
    public long ticksLost() { return ticksLost; }
    /** Inbound messages written (each with its verdict). Any thread. */
    public long inboundRecorded() { return inboundRecorded; }
    /** Inbound messages dropped because a stream's ring was full. Any thread. */
    public long inboundDropped() {
        long n = 0;
        for (InboundStream s : inbound) {
            n += s.dropped();
        }
        return n;
    }
    /**
     * CPU time the writer thread has used so far (serializing, compressing, writing) [ns], or -1
     * where the JVM cannot tell. Any thread.
     */
    public long writerCpuNanos() {
        long atEnd = writerCpuNanosAtEnd;
        if (atEnd >= 0) {
            return atEnd;
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.getId()) : -1;
    }

    private static long currentThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** Why writing stopped, or null. Any thread. */
    public Throwable failure() { return failure; }
}
