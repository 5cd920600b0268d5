package io.policyrt.launch.runtime;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.transport.TransportException;
import io.policyrt.drivers.transport.TransportLink;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.metrics.RunMetrics;
import io.policyrt.launch.record.RunRecording;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.transport.TransportRegistry;
import io.policyrt.launch.wiring.ControllerWiring;
import io.policyrt.metrics.LoopHeartbeat;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The controller on any transport, as a configuration describes it: the link the registry opens
 * for {@code transport.kind}, the slots its sensors fill, and the control loop whose tick sends
 * through its command sink. The runtime owns the lifecycle: {@link #open} arms the sink's deadman
 * ({@link CommandSink#DEADMAN_PERIODS} of the loop's longest command interval) and tells it where
 * to read whether the link is up; {@link #start} subscribes the sensors and starts the loop;
 * {@link #close} stops the loop (its last command is a stop) and then closes the link, which
 * sends that stop and a zero before it disconnects. {@link #fault()} says when the control thread
 * or the command publisher has died, which ends the run with that message.
 */
public final class ControllerRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final Policy policy;
    private final TransportLink link;
    private final SensorSlots slots;
    private final ControlTick tick;
    private final ControlLoop loop;
    private final RunRecording recording;
    private final RunMetrics metrics;
    private boolean closed;
    private volatile String shutdownRequest;
    private volatile String recordingError;

    private ControllerRuntime(RuntimeConfig config, Policy policy, TransportLink link, SensorSlots slots, ControlTick tick,
                              ControlLoop loop, RunRecording recording, RunMetrics metrics) {
        this.config = config;
        this.policy = policy;
        this.link = link;
        this.slots = slots;
        this.tick = tick;
        this.loop = loop;
        this.recording = recording;
        this.metrics = metrics;
    }

    /**
     * Opens the configured transport and wires the controller to it; nothing runs yet.
     *
     * @param baseDir the configuration file's folder (relative paths in it resolve there); null: the working directory
     * @param where   the configuration's name, for errors
     */
    public static ControllerRuntime open(RuntimeConfig config, Policy policy, Path baseDir, String where) throws TransportException {
        NanoClock clock = SystemNanoClock.INSTANCE; // epoch nanoseconds: the time base of every transport's stamps
        long periodNanos = ControllerWiring.periodNanos(config.loop, policy);
        DriveConfig drive = ControllerWiring.driveConfig(config.drive);
        SafetyLimits safety = ControllerWiring.safetyLimits(config.safety, periodNanos);
        TransportLink link = TransportRegistry.open(config, new LinkSetup(clock, baseDir, where, policy.spec().robotRadiusM()),
                ControllerWiring.inboundRules(config.safety));
        try {
            SensorSlots slots = new SensorSlots(SensorSlots.DEFAULT_PATH_CAPACITY, LatestValue.MONOTONIC,
                    ControllerWiring.estopRules(config.safety));
            ControlTick tick = ControlTick.assemble(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, link.commands());
            ControlLoop loop = ControllerWiring.loop(config.loop, periodNanos, tick, clock, slots);
            // The command path's safety, configured once here, where the loop's period and the link meet.
            link.commands().armDeadman(loop.config().longestCommandIntervalNanos(), CommandSink.DEADMAN_PERIODS);
            link.commands().watchLink(link::isUp);
            // Recording (record.file or --record): every tick from the first, every inbound message (tapped before subscribing).
            RunRecording recording = RunRecording.startIfConfigured(config, policy, baseDir, where);
            if (recording != null) {
                recording.attach(tick);
                link.tapInbound(recording.inboundTaps());
            }
            // Live metrics (metrics section or --metrics): a heartbeat beside the recorder's tap, the rest read at scrape time.
            RunMetrics metrics = null;
            if (RunMetrics.settings(config) != null) {
                LoopHeartbeat heartbeat = new LoopHeartbeat();
                tick.addTap(heartbeat);
                try {
                    metrics = RunMetrics.startForController(config, policy, loop, slots, link, heartbeat, recording);
                } catch (RuntimeException e) {
                    closeQuietly(recording);
                    throw e;
                }
            }
            ControllerRuntime rt = new ControllerRuntime(config, policy, link, slots, tick, loop, recording, metrics);
            link.statusFields(rt::statusJson);
            link.onShutdownRequest(rt::shutdownRequested);
            return rt;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** Subscribes the sensors, then starts the loop. On failure everything is closed again. */
    public void start() throws Exception {
        try {
            link.sensors().start(slots);
        } catch (Exception e) {
            close();
            throw e;
        }
        loop.start();
    }

    /** JSON members for the transport's status (starting with a comma): stop reason, ticks, per-topic counts, latencies. */
    private String statusJson() {
        StringBuilder sensors = new StringBuilder("{");
        for (InboundChannel<?, ?> c : link.channels()) {
            sensors.append(sensors.length() > 1 ? "," : "").append('"').append(c.name()).append("\":").append(c.countsJson());
        }
        sensors.append('}');
        Histogram odom = link.channels().isEmpty() ? new Histogram(3) : link.channels().get(0).latency().snapshot();
        Histogram tickTime = tick.timing().snapshot(LoopMetric.TICK);
        CommandSink commands = link.commands();
        EStopLatch estop = slots.estop();
        return String.format(Locale.ROOT, ",\"stop_reason\":\"%s\",\"ticks\":%d,\"estop\":{\"held_by\":\"%s\",\"engages\":%d,"
                        + "\"releases\":%d,\"refused_releases\":%d},\"commands\":{\"deliverable\":%b,"
                        + "\"blocked_ticks\":%d,\"deadman_zeros\":%d},\"sensors\":%s,"
                        + "\"odom_latency\":{\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f},\"tick\":{\"p50_us\":%.1f,\"p99_us\":%.1f}",
                tick.governor().currentReason(), tick.tickCount(),
                new String(JsonStringEncoder.getInstance().quoteAsString(estop.holders())), estop.engages(), estop.releases(),
                estop.refusedReleases(), commands.deliverable(),
                tick.governor().stopTicks(StopReason.COMMANDS_BLOCKED), commands.deadmanZeros(), sensors,
                odom.getValueAtPercentile(50) / 1e3, odom.getValueAtPercentile(99) / 1e3, odom.getValueAtPercentile(99.9) / 1e3,
                tickTime.getValueAtPercentile(50) / 1e3, tickTime.getValueAtPercentile(99) / 1e3);
    }

    /** Stops the loop (its last command is a stop), then closes the link (which sends it first). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.stop();
        link.close();
        if (metrics != null) {
            metrics.close();
        }
        if (recording != null) {
            try {
                recording.close(); // after the loop's last tick and the link's last message
            } catch (java.io.IOException | RuntimeException e) {
                recordingError = e.getMessage();
            }
        }
    }

    private static void closeQuietly(RunRecording recording) {
        if (recording != null) {
            try {
                recording.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // the run did not start; the endpoint's error is the one to report
            }
        }
    }

    /** A peer asked the process to shut down (rosnode kill): stop the loop (its final zero goes out), then close the link. */
    private void shutdownRequested(String reason) {
        shutdownRequest = "a peer asked this node to shut down over " + link.kind() + " (" + reason + ")";
        close();
    }

    /**
     * Why the controller cannot go on, or null: the control loop ended on an exception, or the
     * command publisher died (the sink refuses commands from then on). Any thread.
     */
    public String fault() {
        String request = shutdownRequest;
        if (request != null) {
            return request;
        }
        Throwable loopFailure = loop.failure();
        if (loopFailure != null) {
            return "the control loop failed: " + loopFailure;
        }
        Throwable sinkFailure = link.commands().failure();
        if (sinkFailure != null) {
            return "the command publisher died: " + sinkFailure;
        }
        return null;
    }

    public TransportLink link() { return link; }
    /** The run's recording, or null when it is not recorded. */
    public RunRecording recording() { return recording; }
    /** The live metrics endpoint, or null when it is off. */
    public RunMetrics metrics() { return metrics; }
    /** Why the recording could not be completed, or null. */
    public String recordingError() { return recordingError; }
    /** The control tick: its governor, timing and counters. */
    public ControlTick tick() { return tick; }
    /** The controller's input slots (the e-stop latch among them). */
    public SensorSlots slots() { return slots; }
    public ControlLoop loop() { return loop; }
    public Policy policy() { return policy; }
    public RuntimeConfig config() { return config; }
}
