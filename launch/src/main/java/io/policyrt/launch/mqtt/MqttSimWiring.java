package io.policyrt.launch.mqtt;

import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.mqtt.MqttSimServer;
import java.nio.file.Path;

/** Builds the simulator served over MQTT from the {@code sim}, {@code drive} and {@code mqtt} sections. */
public final class MqttSimWiring {
    private MqttSimWiring() {
    }

    /** @param robotRadiusM the simulated robot's footprint radius [m] (the policy's, when known) */
    public static MqttSimServer create(RuntimeConfig c, double robotRadiusM, Path baseDir, String where) throws MqttTransportException {
        MqttTopics topics = MqttWiring.topics(c.mqtt);
        SystemNanoClock clock = SystemNanoClock.INSTANCE;
        MqttConnection connection = new MqttConnection(MqttWiring.settings(c.mqtt, MqttWiring.ROBOT, baseDir, where), MqttWiring.ROBOT,
                topics.robotStatus(), clock);
        return new MqttSimServer(SimWiring.simWorld(c, robotRadiusM), connection, topics, clock,
                Math.round(c.mqtt.commandMaxAgeMs * 1e6), Math.round(c.safety.futureToleranceMs * 1e6));
    }
}
