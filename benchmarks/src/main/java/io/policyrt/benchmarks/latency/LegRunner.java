package io.policyrt.benchmarks.latency;

import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.loop.TriggerMode;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.InProcessSensorSource;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.mqtt.MqttCommandSink;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSensorSource;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link LegSpec}: starts the broker (MQTT) or master (ROS 1), the node under test and the
 * sensor driver; measures after a warm-up; stops everything in reverse order; then measures the
 * noise floor at the leg's rate for as long as the leg was measured.
 */
public final class LegRunner {
    /** Topic prefix and robot id of every MQTT leg: topics {@code policyrt/bench/...}, JSON payloads. */
    public static final MqttTopics TOPICS = MqttTopics.standard("policyrt", "bench", PayloadFormat.JSON);
    public static final String TOPIC_BASE = "policyrt/bench/";
    /** The on-message loop's trigger timeout: far above any sensor period the harness uses. */
    private static final long TRIGGER_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final HarnessSettings settings;
    private final NanoClock clock;

    public LegRunner(HarnessSettings settings, NanoClock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public LegResult run(LegSpec leg, Path workDir) throws Exception {
        CommandHops hops = new CommandHops(clock);
        CommandProbe probe = new CommandProbe(clock, hops);
        ReferencePaths.Polyline line = ReferencePaths.of(ReferencePaths.Shape.FIGURE_EIGHT);
        PathReference path = new PathReference(line.count()).set(clock.nanoTime(), line.xM(), line.yM(), line.count(),
                Scenario.TARGET_SPEED_MPS);
        MosquittoProcess broker = leg.transport() == LegSpec.Transport.MQTT ? MosquittoProcess.start(workDir) : null;
        RosMasterProcess rosMaster = leg.transport() == LegSpec.Transport.ROS1 ? RosMasterProcess.start(workDir) : null;
        NodeUnderTest node = null;
        DriverPort port = null;
        NoiseFloorProbe noise = settings.noiseFloor() ? new NoiseFloorProbe(leg.rateHz()) : null;
        SensorDriver driver = null;
        try {
            if (leg.transport() == LegSpec.Transport.IN_PROCESS) {
                if (leg.node() != LegSpec.Node.POLICYRT) {
                    throw new IllegalArgumentException("the peers run over MQTT or ROS 1, not in-process: " + leg.name());
                }
                InProcessSensorSource source = new InProcessSensorSource();
                InProcessCommandSink sink = new InProcessCommandSink();
                node = new PolicyRtNode(loadPolicy(), loopConfig(leg), clock, source, sink, null);
                node.start();
                port = new InProcessDriverPort(source, sink, probe);
            } else if (leg.transport() == LegSpec.Transport.ROS1) {
                node = traced(ros1Node(leg, rosMaster, workDir), hops);
                node.start();
                port = new Ros1DriverPort(rosMaster.uri(), probe);
            } else {
                node = traced(mqttNode(leg, broker, workDir), hops);
                node.start();
                port = new MqttDriverPort(broker.uri(), TOPICS, clock, probe);
            }
            boolean traced = node instanceof PolicyRtNode || node instanceof TransportFloorNode;
            driver = new SensorDriver(port, clock, path, settings.sensorRateHz(), settings.obstacleRateHz(), traced ? hops : null);
            driver.start();
            sleepSeconds(settings.warmUpSeconds());
            probe.reset();
            node.resetStats();
            long sentBefore = driver.sent();
            long t0 = System.nanoTime();
            sleepSeconds(settings.seconds());
            Histogram endToEnd = probe.latency();
            Map<String, Histogram> hopsOfEndToEnd = hops.hops();
            long commands = probe.commands();
            long stops = probe.stops();
            long withoutEcho = probe.withoutEcho();
            double measured = (System.nanoTime() - t0) * 1e-9;
            long sent = driver.sent() - sentBefore;
            driver.stop();
            driver = null;
            NodeStats stats = node.stop();
            // The floor is measured right after the leg, for as long, not during it: on a 2-core
            // machine a busy-waiting probe takes a whole core from the node under test and its
            // transport threads, which would measure the probe, not the machine.
            Histogram floor = null;
            if (noise != null) {
                noise.start();
                sleepSeconds(settings.seconds());
                floor = noise.stop();
            }
            return new LegResult(leg, measured, sent, commands, stops, withoutEcho, endToEnd, stats, floor, hopsOfEndToEnd);
        } finally {
            if (driver != null) {
                driver.stop();
            }
            if (noise != null) {
                noise.stop();
            }
            if (node != null) {
                node.close();
            }
            if (port != null) {
                port.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (rosMaster != null) {
                rosMaster.close();
            }
        }
    }

    /** PolicyRT and the floor report each command's hops (the peers run in other processes: end to end only). */
    private static NodeUnderTest traced(NodeUnderTest node, CommandHops hops) {
        if (node instanceof PolicyRtNode p) {
            p.traceHops(hops);
        } else if (node instanceof TransportFloorNode f) {
            f.traceHops(hops);
        }
        return node;
    }

    private NodeUnderTest mqttNode(LegSpec leg, MosquittoProcess broker, Path workDir) throws Exception {
        switch (leg.node()) {
            case FLOOR:
                return TransportFloorNode.mqtt(broker.uri(), TOPICS, clock);
            case POLICYRT: {
                MqttConnection connection = new MqttConnection(MqttSettings.of(broker.uri(), "policyrt-bench-controller"),
                        "controller", TOPICS.status(), clock);
                Policy policy = loadPolicy();
                MqttSensorSource source = new MqttSensorSource(connection, TOPICS, clock, InboundRules.DEFAULTS);
                return new PolicyRtNode(policy, loopConfig(leg), clock, source, new MqttCommandSink(connection, TOPICS), connection);
            }
            case PYTHON: {
                Path reference = workDir.resolve("onnx-reference.json");
                try (Policy policy = loadReference()) {
                    OnnxReference.write(policy, reference);
                }
                return new PythonPeerNode(settings.python(), settings.pythonDir(), settings.policyFile(), reference, broker.port(),
                        TOPIC_BASE, workDir);
            }
            case NAIVE_JAVA: {
                PolicySpec spec;
                try (Policy policy = loadReference()) {
                    spec = policy.spec();
                }
                return new NaiveJavaNode(settings.policyFile(), spec, broker.uri(), TOPICS, clock, leg.rateHz());
            }
            default:
                throw new IllegalArgumentException(leg.name());
        }
    }

    private NodeUnderTest ros1Node(LegSpec leg, RosMasterProcess master, Path workDir) throws Exception {
        switch (leg.node()) {
            case FLOOR:
                return TransportFloorNode.ros1(master.uri());
            case POLICYRT:
                return Ros1PolicyRtNode.create(loadPolicy(), loopConfig(leg), clock, master.uri());
            case ROSPY: {
                Path reference = workDir.resolve("onnx-reference.json");
                try (Policy policy = loadReference()) {
                    OnnxReference.write(policy, reference);
                }
                return new RospyPeerNode(settings.python(), settings.pythonDir(), settings.policyFile(), reference, master.environment(),
                        leg.mode(), leg.rateHz(), workDir);
            }
            default:
                throw new IllegalArgumentException("the " + leg.node().label + " node does not run over ROS 1: " + leg.name());
        }
    }

    /** The policy as PolicyRT's legs run it, on {@link HarnessSettings#backend()}. */
    private Policy loadPolicy() {
        return loadPolicy(settings, settings.backend());
    }

    /** The policy on ONNX Runtime: the reference the Python and rospy peers check their PyTorch network against. */
    private Policy loadReference() {
        return loadPolicy(settings, PolicyBackend.ONNXRUNTIME);
    }

    static Policy loadPolicy(HarnessSettings settings, PolicyBackend backend) {
        return PolicyLoader.load(settings.policyFile(), null, FeatureRegistry.tracking().names(), backend);
    }

    private static LoopConfig loopConfig(LegSpec leg) {
        if (leg.mode() == TriggerMode.TIMER) {
            return LoopConfig.timer(Math.round(1e9 / leg.rateHz())).withPhaseLock(leg.phaseLock());
        }
        // On-message: a tick per odometry message; the deadline per tick is one sensor period.
        long period = Math.round(1e9 / leg.rateHz());
        return new LoopConfig(period, Math.min(200_000L, period / 4), TriggerMode.ON_MESSAGE, "odometry", TRIGGER_TIMEOUT_NANOS);
    }

    private static void sleepSeconds(double seconds) throws InterruptedException {
        Thread.sleep(Math.max(0, Math.round(seconds * 1000)));
    }
}
