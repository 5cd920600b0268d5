package io.policyrt.launch.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.WireType;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.drivers.mqtt.TopicSpec;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.mqtt.MqttWiring;
import io.policyrt.recorder.FlightRecorder;
import io.policyrt.recorder.InboundStream;
import io.policyrt.recorder.RotatingMcapWriter.Rotation;
import io.policyrt.recorder.SoftwareRevision;
import io.policyrt.recorder.mcap.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A controller run recorded to MCAP as the {@code record} section describes it: the flight
 * recorder started with the run's metadata (policy spec and provenance, the configuration with
 * its secrets left out, the software revision), its tick tap on the control tick, and an inbound
 * tap on every channel of the transport link, attached before the transport subscribes, each
 * topic on a channel of its own.
 */
public final class RunRecording implements AutoCloseable {
    /** The binary MQTT layout's name in the recording (its message encoding and schema). */
    public static final String MQTT_BINARY_LAYOUT = "policyrt-binary-v1";

    private final FlightRecorder recorder;
    private final RuntimeConfig config;
    private final String transportKind;
    private final List<InboundChannel<?, ?>> tapped = new ArrayList<>();
    private boolean closed;

    private RunRecording(FlightRecorder recorder, RuntimeConfig config, String transportKind) {
        this.recorder = recorder;
        this.config = config;
        this.transportKind = transportKind;
    }

    /**
     * Starts recording when {@code record.file} is set; null otherwise.
     *
     * @param baseDir the configuration's folder (a relative {@code record.file} resolves there); null: the working directory
     * @param where   the configuration's name, for the metadata
     * @throws IllegalStateException naming the file when it cannot be created
     */
    public static RunRecording startIfConfigured(RuntimeConfig config, Policy policy, Path baseDir, String where) {
        RuntimeConfig.Record r = config.record;
        if (r == null || r.file == null) {
            return null;
        }
        Path file = baseDir == null ? Path.of(r.file) : baseDir.resolve(r.file);
        FlightRecorder.Settings settings = settings(r, file);
        Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        metadata.put("policy", policyMetadata(config, policy));
        metadata.put("configuration", Map.of("source", where, "yaml", configurationYaml(config)));
        metadata.put("software", SoftwareRevision.metadata());
        metadata.put("recording", Map.of("started_utc", Instant.now().toString(), "transport", config.transport.kind,
                "log_time", "wall-clock epoch nanoseconds; monotonic_ns and controller_ns fields keep the run's own clocks"));
        try {
            return new RunRecording(FlightRecorder.start(settings, policy.spec().featureNames(), policy.spec().actionNames(), metadata),
                    config, config.transport.kind);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts recording the simulated robot's side ({@code policyrt sim serve}) when
     * {@code record.file} is set: the commands it receives, each with its verdict; null otherwise.
     */
    public static RunRecording startForRobotIfConfigured(RuntimeConfig config, String transportKind, Path baseDir, String where) {
        RuntimeConfig.Record r = config.record;
        if (r == null || r.file == null) {
            return null;
        }
        Path file = baseDir == null ? Path.of(r.file) : baseDir.resolve(r.file);
        Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        metadata.put("configuration", Map.of("source", where, "yaml", configurationYaml(config)));
        metadata.put("software", SoftwareRevision.metadata());
        metadata.put("recording", Map.of("started_utc", Instant.now().toString(), "transport", transportKind, "role",
                "simulated robot (sim serve): the commands it received", "log_time", "wall-clock epoch nanoseconds"));
        try {
            return new RunRecording(FlightRecorder.startWithoutTicks(settings(r, file), metadata), config, transportKind);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }

    private static FlightRecorder.Settings settings(RuntimeConfig.Record r, Path file) {
        Rotation rotation = new Rotation(Math.round(r.rotateMb * 1e6), Math.round(r.rotateS * 1e9));
        return new FlightRecorder.Settings(file, Compression.parse(r.compression), rotation, r.queueTicks);
    }

    /** Hands every tick of {@code tick} to the recorder. Before the loop starts. */
    public void attach(ControlTick tick) {
        tick.addTap(recorder.tickTap());
    }

    /**
     * The taps of every inbound channel, for the transport to attach before it subscribes (so no
     * message of the run is missing): ROS 1 frames and ROS 2 CDR samples as they came, with their
     * full definitions as schemas; MQTT payloads as they came (JSON or the binary layout, per
     * topic); every verdict on {@value InboundStream#VERDICT_TOPIC}. A transport that hands over
     * no frames of its own has its decoded values recorded in JSON.
     */
    public InboundTaps inboundTaps() {
        Map<String, TopicSpec> mqttTopics = "mqtt".equals(transportKind) ? mqttTopics(config) : Map.of();
        return (channel, wire) -> {
            InboundStream stream = recorder.inbound(layout(channel, wire, mqttTopics.get(channel.name())), config.record.queueMessages);
            synchronized (tapped) {
                tapped.add(channel);
            }
            if (wire != null) {
                return (c, receivedNanos, verdict, source, message, decoded, frame) -> stream.recordBytes(receivedNanos, verdict.name(),
                        verdict == Reject.NONE, source, frame == null ? null : frame.bytes(), frame == null ? 0 : frame.lengthBytes());
            }
            if (stream.layout().rawBytes()) {
                return (c, receivedNanos, verdict, source, message, decoded, frame) -> stream.recordBytes(receivedNanos, verdict.name(),
                        verdict == Reject.NONE, source, message instanceof byte[] payload ? payload : null);
            }
            return (c, receivedNanos, verdict, source, message, decoded, frame) -> stream.recordValue(receivedNanos, verdict.name(),
                    verdict == Reject.NONE, source, decoded);
        };
    }

    private static InboundStream.Layout layout(InboundChannel<?, ?> channel, WireType wire, TopicSpec mqtt) {
        if (wire != null) {
            return InboundStream.Layout.wireFrames(channel.name(), channel.transport(), wire.encoding(), wire.typeName(),
                    wire.definitionFormat(), wire.definition(), wire.properties());
        }
        if (mqtt == null) {
            return InboundStream.Layout.decodedValues(channel.name(), channel.transport(), channel.valueType());
        }
        return mqtt.format() == PayloadFormat.JSON
                ? InboundStream.Layout.jsonPayloads(channel.name(), channel.transport(), channel.valueType())
                : InboundStream.Layout.binaryPayloads(channel.name(), channel.transport(), channel.valueType(), MQTT_BINARY_LAYOUT);
    }

    private static Map<String, TopicSpec> mqttTopics(RuntimeConfig config) {
        MqttTopics t = MqttWiring.topics(config.mqtt);
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec s : List.of(t.odometry(), t.obstacle(), t.path(), t.estop(), t.estopRelease(), t.wheelCommand(),
                t.velocityCommand())) {
            byName.put(s.name(), s);
        }
        return byName;
    }

    /** The spec the policy file carries and where it came from. */
    static Map<String, String> policyMetadata(RuntimeConfig config, Policy policy) {
        PolicySpec spec = policy.spec();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("file", config.policy.file);
        m.put("task", spec.task());
        m.put("features", String.join(",", spec.featureNames()));
        m.put("actions", String.join(",", spec.actionNames()));
        m.put("control_period_s", Double.toString(spec.controlPeriodNanos() / 1e9));
        m.put("spec", spec.toString());
        for (Map.Entry<String, String> e : spec.provenance().entrySet()) {
            m.put("provenance." + e.getKey(), e.getValue());
        }
        return m;
    }

    /** The configuration as YAML, every key with "password" in its name replaced by {@code <not recorded>}. */
    static String configurationYaml(RuntimeConfig config) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        try {
            JsonNode tree = yaml.valueToTree(config);
            redact(tree);
            return yaml.writeValueAsString(tree);
        } catch (RuntimeException | IOException e) {
            return "# not recorded: " + e.getMessage();
        }
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> secrets = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().toLowerCase(Locale.ROOT).contains("password") && !e.getValue().isNull()
                        && !e.getKey().endsWith("_env")) {
                    secrets.add(e.getKey());
                } else {
                    redact(e.getValue());
                }
            }
            for (String k : secrets) {
                o.put(k, "<not recorded>");
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode n : node) {
                redact(n);
            }
        }
    }

    /** The recording's files so far, the current one last. */
    public List<Path> files() { return recorder.files(); }

    public FlightRecorder recorder() { return recorder; }

    /** One line for the end-of-run report. */
    public String summary() {
        List<Path> files = recorder.files();
        String where = files.size() == 1 ? files.get(0).toString() : files.size() + " files, " + files.get(0) + " ... "
                + files.get(files.size() - 1);
        StringBuilder b = new StringBuilder(where).append(": ");
        boolean tappedAny;
        synchronized (tapped) {
            tappedAny = !tapped.isEmpty();
        }
        boolean ticks = recorder.ticksOffered() > 0 || !tappedAny;
        if (ticks) {
            b.append(String.format(Locale.ROOT, "%d ticks recorded, %d dropped", recorder.ticksRecorded(), recorder.ticksDropped()));
        }
        if (tappedAny) {
            b.append(String.format(Locale.ROOT, "%s%d inbound messages recorded, %d dropped", ticks ? "; " : "",
                    recorder.inboundRecorded(), recorder.inboundDropped()));
        }
        long cpu = recorder.writerCpuNanos();
        if (cpu >= 0) {
            b.append(String.format(Locale.ROOT, "; writer CPU %.2f s", cpu / 1e9));
        }
        if (recorder.failure() != null) {
            b.append("; FAILED: ").append(recorder.failure());
        }
        return b.toString();
    }

    /** Detaches the inbound taps, lets the writer drain, and closes the file. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (tapped) {
            for (InboundChannel<?, ?> c : tapped) {
                c.tap(null);
            }
        }
        recorder.close();
    }
}
