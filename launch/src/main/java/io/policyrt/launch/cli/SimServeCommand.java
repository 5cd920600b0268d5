package io.policyrt.launch.cli;

import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.mqtt.MqttSessions;
import io.policyrt.launch.mqtt.MqttSimWiring;
import io.policyrt.sim.mqtt.MqttSimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code policyrt sim serve --transport mqtt|ros1}: the simulator as a robot of its own, over MQTT or ROS 1. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the simulated robot over a transport, as a separate process: it publishes odometry, obstacle and "
                + "path, obeys wheel commands and stops on its own command timeout. The episode starts at the first command.")
public final class SimServeCommand implements Callable<Integer> {
    @Option(names = "--transport", required = true, description = "transport: mqtt, ros1 or ros2")
    String transport;

    @Option(names = {"-c", "--config"}, description = "YAML configuration (sections mqtt, ros1 or ros2, sim, drive, safety); default: all defaults")
    Path config;

    @Option(names = "--broker", description = "broker URI, overrides mqtt.broker_uri (e.g. tcp://127.0.0.1:1883)")
    String broker;

    @Option(names = "--robot-id", description = "overrides mqtt.robot_id")
    String robotId;

    @Option(names = "--format", description = "payload format of every topic, overrides mqtt.format: json or binary")
    String format;

    @Option(names = "--embedded-broker", description = "start the embedded broker on this loopback port in this process")
    Integer embeddedBrokerPort;

    @Option(names = "--master-uri", description = "ROS master URI, overrides ros1.master_uri and ROS_MASTER_URI (e.g. http://127.0.0.1:11311/)")
    String masterUri;

    @Option(names = "--domain-id", description = "ROS 2 domain, overrides ros2.domain_id and ROS_DOMAIN_ID")
    Integer domainId;

    @Option(names = "--path", description = "overrides sim.path: straight, sine or figure-eight")
    String path;

    @Option(names = "--encounter", description = "overrides sim.encounter: none, crossing or step-in")
    String encounter;

    @Option(names = "--seed", description = "overrides sim.seed")
    Long seed;

    @Option(names = "--duration", description = "overrides sim.duration_s: stop after this many seconds at most")
    Double durationS;

    @Override
    public Integer call() throws Exception {
        if (!"mqtt".equals(transport) && !"ros1".equals(transport) && !"ros2".equals(transport)) {
            throw new IllegalArgumentException("--transport '" + transport + "' is not served (allowed: mqtt, ros1, ros2)");
        }
        String where = config == null ? "command line" : config.toString();
        RuntimeConfig c = config == null ? new RuntimeConfig() : ConfigLoader.load(config);
        if (broker != null) {
            c.mqtt.brokerUri = broker;
        }
        if (robotId != null) {
            c.mqtt.robotId = robotId;
        }
        if (format != null) {
            c.mqtt.format = format;
        }
        if (embeddedBrokerPort != null) {
            c.mqtt.embeddedBroker.enabled = true;
            c.mqtt.embeddedBroker.port = embeddedBrokerPort;
            if (broker == null) {
                c.mqtt.brokerUri = "tcp://127.0.0.1:" + embeddedBrokerPort;
            }
        }
        if (path != null) {
            c.sim.path = path;
        }
        if (encounter != null) {
            c.sim.encounter = encounter;
        }
        if (seed != null) {
            c.sim.seed = seed;
        }
        if (durationS != null) {
            c.sim.durationS = durationS;
        }
        if (masterUri != null) {
            c.ros1.masterUri = masterUri;
        }
        ConfigLoader.validate(c, where);
        if ("ros1".equals(transport)) {
            return serveRos1(c);
        }
        if ("ros2".equals(transport)) {
            if (domainId != null) {
                c.ros2.domainId = domainId;
            }
            ConfigLoader.validate(c, where);
            io.policyrt.sim.ros2.Ros2SimServer server = io.policyrt.launch.ros2.Ros2SimWiring.create(c,
                    io.policyrt.sim.robot.RobotParams.defaults().bodyRadiusM(), where);
            EpisodeMetrics m = io.policyrt.launch.ros2.Ros2Sessions.serveSimulator(server, System.out, c.sim.durationS);
            return m != null && m.collided() ? 1 : 0;
        }
        Path base = config == null ? null : config.toAbsolutePath().getParent();
        io.policyrt.drivers.mqtt.EmbeddedBroker embedded = c.mqtt.embeddedBroker.enabled
                ? io.policyrt.drivers.mqtt.EmbeddedBroker.start(c.mqtt.embeddedBroker.port) : null;
        try {
            MqttSimServer server = MqttSimWiring.create(c, io.policyrt.sim.robot.RobotParams.defaults().bodyRadiusM(), base, where);
            EpisodeMetrics m = MqttSessions.serveSimulator(server, System.out, c.sim.durationS);
            return m != null && m.collided() ? 1 : 0;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int serveRos1(RuntimeConfig c) throws Exception {
        io.policyrt.drivers.ros1.node.Ros1Node node = io.policyrt.drivers.ros1.node.Ros1Node.start(
                io.policyrt.launch.ros1.Ros1Wiring.node(c.ros1, c.ros1.simNodeName, System.getenv()));
        try {
            io.policyrt.sim.ros1.Ros1SimServer server = io.policyrt.launch.ros1.Ros1SimWiring.create(c, node,
                    io.policyrt.launch.ros1.Ros1Sessions.defaultRobotRadiusM());
            EpisodeMetrics m = io.policyrt.launch.ros1.Ros1Sessions.serveSimulator(server, System.out, c.sim.durationS);
            return m != null && m.collided() ? 1 : 0;
        } finally {
            node.shutdown();
        }
    }
}
