package io.policyrt.launch.cli;

import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.metrics.RunMetrics;
import io.policyrt.launch.record.RunRecording;
import io.policyrt.launch.session.SimServing;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.transport.TransportRegistry;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.SimServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code policyrt sim serve --transport mqtt|ros1|ros2}: the simulator as a robot of its own, over MQTT, ROS 1 or ROS 2. */
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

    @Option(names = "--record", paramLabel = "FILE", description = "record the commands the simulated robot receives, each with "
            + "its verdict, to this .mcap file (overrides record.file)")
    Path record;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT", description = "serve the simulated robot's live Prometheus metrics, /healthz and /readyz "
            + "on this port (loopback unless a host is given; overrides the metrics section)")
    String metrics;

    @Override
    public Integer call() throws Exception {
        if (!TransportRegistry.servedKinds().contains(transport)) {
            throw new IllegalArgumentException("--transport '" + transport + "' is not served (allowed: "
                    + String.join(", ", TransportRegistry.servedKinds()) + ")");
        }
        String where = config == null ? "command line" : config.toString();
        RuntimeConfig c = config == null ? new RuntimeConfig() : ConfigLoader.load(config);
        applyOverrides(c);
        ConfigLoader.validate(c, where);
        Path base = config == null ? null : config.toAbsolutePath().getParent();
        // No policy here to take the footprint from: the simulated robot is the default robot.
        LinkSetup setup = new LinkSetup(SystemNanoClock.INSTANCE, base, where, RobotParams.defaults().bodyRadiusM());
        SimServer server = TransportRegistry.serveRobot(transport, c, setup);
        RunRecording recording;
        try {
            recording = RunRecording.startForRobotIfConfigured(c, transport, base, where);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        RunMetrics live;
        try {
            live = RunMetrics.startForRobot(c, server);
        } catch (RuntimeException e) {
            server.close();
            if (recording != null) {
                recording.close();
            }
            throw e;
        }
        try (live) {
            EpisodeMetrics m = SimServing.serve(server, TransportRegistry.name(transport), System.out, c.sim.durationS, recording);
            return m != null && m.collided() ? 1 : 0;
        }
    }

    /** The command line's options over the configuration's values. */
    private void applyOverrides(RuntimeConfig c) {
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
        if (masterUri != null) {
            c.ros1.masterUri = masterUri;
        }
        if (domainId != null) {
            c.ros2.domainId = domainId;
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
        if (record != null) {
            c.record.file = record.toAbsolutePath().toString();
        }
        if (metrics != null) {
            RunMetrics.applyOption(metrics, c);
        }
    }
}
