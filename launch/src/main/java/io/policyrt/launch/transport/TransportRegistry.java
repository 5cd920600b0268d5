package io.policyrt.launch.transport;

import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.mqtt.MqttTransport;
import io.policyrt.drivers.ros1.transport.Ros1Transport;
import io.policyrt.drivers.ros2.Ros2Transport;
import io.policyrt.drivers.transport.Transport;
import io.policyrt.drivers.transport.TransportException;
import io.policyrt.drivers.transport.TransportLink;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.mqtt.MqttWiring;
import io.policyrt.launch.ros1.Ros1Wiring;
import io.policyrt.launch.ros2.Ros2Wiring;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.link.SimTransport;
import io.policyrt.sim.run.SimServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every transport by its {@code transport.kind}: how its configuration section becomes the
 * transport's settings, the controller's link it opens, and the simulated robot it can serve.
 * Adding a transport is one package in hardware-drivers (or sim-bridge) and one line here.
 */
public final class TransportRegistry {
    /** Reads a transport's settings from the configuration. */
    @FunctionalInterface
    public interface SectionReader<S> {
        S read(RuntimeConfig config, LinkSetup setup);
    }

    /** Builds the simulated robot served over a transport (not started). */
    @FunctionalInterface
    public interface RobotServer {
        SimServer create(RuntimeConfig config, LinkSetup setup) throws TransportException;
    }

    /** @param name how people call the transport in reports ("MQTT", "ROS 1") */
    private record Entry<S>(String name, Transport<S> transport, SectionReader<S> section, RobotServer robot) {
        TransportLink open(RuntimeConfig config, LinkSetup setup, InboundRules inbound) throws TransportException {
            return transport.open(section.read(config, setup), setup.clock(), inbound);
        }
    }

    private static final Map<String, Entry<?>> ENTRIES = new LinkedHashMap<>();

    static {
        register("sim", "the embedded simulator", new SimTransport(), SimWiring::transportSettings, null);
        register("mqtt", "MQTT", new MqttTransport(), MqttWiring::transportSettings, MqttWiring::simServer);
        register("ros1", "ROS 1", new Ros1Transport(), Ros1Wiring::transportSettings, Ros1Wiring::simServer);
        register("ros2", "ROS 2", new Ros2Transport(), Ros2Wiring::transportSettings, Ros2Wiring::simServer);
    }

    private TransportRegistry() {
    }

    private static <S> void register(String kind, String name, Transport<S> transport, SectionReader<S> section, RobotServer robot) {
        ENTRIES.put(kind, new Entry<>(name, transport, section, robot));
    }

    /** Every {@code transport.kind}, in registration order. */
    public static List<String> kinds() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The kinds over which {@code policyrt sim serve} can serve the simulated robot. */
    public static List<String> servedKinds() {
        List<String> kinds = new ArrayList<>();
        ENTRIES.forEach((kind, e) -> {
            if (e.robot() != null) {
                kinds.add(kind);
            }
        });
        return kinds;
    }

    /** The transport's name for people ("MQTT", "ROS 1"). */
    public static String name(String kind) {
        return entry(kind).name();
    }

    /** Opens the controller's link over {@code config.transport.kind}. */
    public static TransportLink open(RuntimeConfig config, LinkSetup setup, InboundRules inbound) throws TransportException {
        return entry(config.transport.kind).open(config, setup, inbound);
    }

    /** The simulated robot served over {@code kind}, not yet started. */
    public static SimServer serveRobot(String kind, RuntimeConfig config, LinkSetup setup) throws TransportException {
        RobotServer robot = entry(kind).robot();
        if (robot == null) {
            throw new IllegalArgumentException("transport '" + kind + "' cannot serve the simulated robot (allowed: "
                    + String.join(", ", servedKinds()) + ")");
        }
        return robot.create(config, setup);
    }

    private static Entry<?> entry(String kind) {
        Entry<?> e = ENTRIES.get(kind);
        if (e == null) {
            throw new IllegalArgumentException("unknown transport '" + kind + "' (allowed: " + String.join(", ", kinds()) + ")");
        }
        return e;
    }
}
