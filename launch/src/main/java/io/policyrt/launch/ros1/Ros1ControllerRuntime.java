package io.policyrt.launch.ros1;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.Controller;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.ros1.node.Ros1ApiException;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.ros1.transport.Ros1CommandSink;
import io.policyrt.drivers.ros1.transport.Ros1SensorSource;
import io.policyrt.drivers.ros1.transport.Ros1TransportSettings;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.ControllerWiring;
import java.io.IOException;

/**
 * A controller whose sensors and commands travel over ROS 1, wired from a {@link RuntimeConfig}:
 * one node (joined to the master at {@link #start}), the sensor source and command sink on it,
 * and the control loop on the system clock.
 */
public final class Ros1ControllerRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final Policy policy;
    private final Ros1NodeSettings nodeSettings;
    private final Ros1TransportSettings topics;
    private final SensorSlots slots = new SensorSlots();
    private final SafetyLimits safety;
    private final long periodNanos;
    private final DriveConfig drive;
    private Ros1Node node;
    private Ros1SensorSource source;
    private Ros1CommandSink sink;
    private Controller controller;
    private ControlLoop loop;

    public Ros1ControllerRuntime(RuntimeConfig config, Policy policy, Ros1NodeSettings nodeSettings) {
        this.config = config;
        this.policy = policy;
        this.nodeSettings = nodeSettings;
        this.topics = Ros1Wiring.topics(config.ros1);
        this.periodNanos = ControllerWiring.periodNanos(config.loop, policy);
        this.drive = ControllerWiring.driveConfig(config.drive);
        this.safety = ControllerWiring.safetyLimits(config.safety, periodNanos);
    }

    /**
     * Joins the master, advertises the commands, subscribes to the sensors and starts the loop.
     *
     * @throws Ros1ApiException when no master answers
     */
    public synchronized void start() throws IOException, Ros1ApiException {
        SystemNanoClock clock = SystemNanoClock.INSTANCE;
        node = Ros1Node.start(nodeSettings);
        try {
            sink = new Ros1CommandSink(node, topics);
            controller = Controller.create(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
            loop = ControllerWiring.loop(config.loop, periodNanos, controller, clock, slots);
            source = new Ros1SensorSource(node, topics, clock, safety.futureToleranceNanos());
            source.start(slots);
            loop.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Stops the loop (its last command is a stop), sends it, and shuts the node down. Idempotent. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.stop();
        }
        if (sink != null) {
            sink.close();
        }
        if (node != null) {
            node.shutdown();
        }
    }

    public Controller controller() { return controller; }
    public ControlLoop loop() { return loop; }
    public Ros1SensorSource source() { return source; }
    public Ros1CommandSink sink() { return sink; }
    public Ros1Node node() { return node; }
    public Ros1TransportSettings topics() { return topics; }
    public Policy policy() { return policy; }
    public RuntimeConfig config() { return config; }
}
