package io.policyrt.launch.ros2;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.ros2.Ros2CommandSink;
import io.policyrt.drivers.ros2.Ros2Participant;
import io.policyrt.drivers.ros2.Ros2SensorSource;
import io.policyrt.drivers.ros2.Ros2Topics;
import io.policyrt.drivers.ros2.Ros2TransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.ControllerWiring;

/**
 * A controller whose sensors and commands travel over ROS 2, wired from a {@link RuntimeConfig}:
 * one DDS participant, the sensor source and command sink on it, and the control loop on the
 * system clock (whose stamps are nanoseconds since the epoch, as ROS 2 header stamps are).
 */
public final class Ros2ControllerRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final Policy policy;
    private final SensorSlots slots;
    private final Ros2Topics topics;
    private final Ros2Participant participant;
    private final Ros2SensorSource source;
    private final Ros2CommandSink sink;
    private final ControlTick controller;
    private final ControlLoop loop;
    private boolean closed;

    public Ros2ControllerRuntime(RuntimeConfig config, Policy policy, String where) throws Ros2TransportException {
        this.config = config;
        this.policy = policy;
        long periodNanos = ControllerWiring.periodNanos(config.loop, policy);
        DriveConfig drive = ControllerWiring.driveConfig(config.drive);
        SafetyLimits safety = ControllerWiring.safetyLimits(config.safety, periodNanos);
        SystemNanoClock clock = SystemNanoClock.INSTANCE;
        slots = new SensorSlots(Math.max(2, config.ros2.pathMaxPoses));
        topics = Ros2Wiring.topics(config.ros2);
        participant = new Ros2Participant(Ros2Wiring.settings(config.ros2, "", where));
        try {
            sink = new Ros2CommandSink(participant, topics, Ros2Wiring.velocityType(config.ros2));
        } catch (Ros2TransportException e) {
            participant.close();
            throw e;
        }
        controller = ControlTick.assemble(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
        loop = ControllerWiring.loop(config.loop, periodNanos, controller, clock, slots);
        source = new Ros2SensorSource(participant, topics, Ros2Wiring.options(config.ros2), clock, safety.futureToleranceNanos());
    }

    /** Subscribes to the sensors, then starts the loop. */
    public void start() throws Ros2TransportException {
        try {
            source.start(slots);
        } catch (Ros2TransportException e) {
            close();
            throw e;
        }
        loop.start();
    }

    /** Stops the loop (its last command is a stop), flushes the sink, leaves the DDS domain. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.stop();
        sink.close();
        participant.close();
    }

    public ControlTick controller() { return controller; }
    public ControlLoop loop() { return loop; }
    public Ros2SensorSource source() { return source; }
    public Ros2CommandSink sink() { return sink; }
    public Ros2Participant participant() { return participant; }
    public Ros2Topics topics() { return topics; }
    public Policy policy() { return policy; }
    public RuntimeConfig config() { return config; }
}
