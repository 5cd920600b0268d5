package io.policyrt.launch.cli;

import io.policyrt.controller.policy.Policy;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.metrics.RunMetrics;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.launch.session.ControllerSession;
import io.policyrt.launch.session.ServedDemo;
import io.policyrt.sim.run.EpisodeMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code policyrt demo}: the embedded simulator and the controller with the bundled policy. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Drive the built-in simulated robot with a policy, in real time, in this process.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--path", defaultValue = "figure-eight", description = "straight, sine or figure-eight (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--encounter", defaultValue = "crossing", description = "obstacle: none, crossing or step-in (default: ${DEFAULT-VALUE})")
    String encounter;

    @Option(names = "--seed", defaultValue = "1", description = "scenario and noise seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--duration", defaultValue = "90", description = "stop after this many seconds at most (default: ${DEFAULT-VALUE})")
    double durationS;

    @Option(names = "--policy", defaultValue = "bundled", description = "policy .onnx file, or expert for the pure-pursuit controller (default: the bundled policy)")
    String policy;

    @Option(names = "--trigger", defaultValue = "timer", description = "timer or on-message (default: ${DEFAULT-VALUE})")
    String trigger;

    @Option(names = "--noise", defaultValue = "none", description = "simulated odometry noise: none or realistic (default: ${DEFAULT-VALUE})")
    String noise;

    @Option(names = "--out", defaultValue = "policyrt-out", description = "folder for the plots (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--transport", defaultValue = "sim",
            description = "sim: in-process; mqtt: simulator and controller talk through an MQTT broker (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--broker", description = "with --transport mqtt: use this broker URI instead of the embedded broker")
    String broker;

    @Option(names = "--record", paramLabel = "FILE", description = "record the run to this .mcap file: every tick and, over a "
            + "transport, every inbound message with its verdict (open it in Foxglove; see 'policyrt record info')")
    Path record;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT", description = "serve live Prometheus metrics, /healthz and /readyz "
            + "on this port (loopback unless a host is given; overrides the metrics section)")
    String metrics;

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = new RuntimeConfig();
        config.policy.file = policy;
        config.loop.trigger = trigger;
        config.sim.path = path;
        config.sim.encounter = encounter;
        config.sim.seed = seed;
        config.sim.durationS = durationS;
        config.sim.noise = noise;
        if (record != null) {
            config.record.file = record.toAbsolutePath().toString();
        }
        if (metrics != null) {
            RunMetrics.applyOption(metrics, config);
        }
        if ("mqtt".equals(transport)) {
            config.transport.kind = "mqtt";
            config.mqtt.embeddedBroker.enabled = broker == null;
            config.mqtt.embeddedBroker.port = 1883;
            if (broker != null) {
                config.mqtt.brokerUri = broker;
            }
        } else if (!"sim".equals(transport)) {
            throw new IllegalArgumentException("--transport '" + transport + "' is not supported (allowed: sim, mqtt)");
        }
        if (config.mqtt.embeddedBroker.enabled) {
            int port = freeLoopbackPort();
            config.mqtt.embeddedBroker.port = port;
            config.mqtt.brokerUri = "tcp://127.0.0.1:" + port;
            System.out.println("policyrt: embedded MQTT broker on " + config.mqtt.brokerUri);
        }
        ConfigLoader.validate(config, "command line");
        Path base = Path.of(".");
        try (Policy p = PolicyResolver.policy(config.policy.file, config.policy.sidecar, base, config.policy.backend)) {
            if ("sim".equals(transport)) {
                return new ControllerSession(ControllerRuntime.open(config, p, base, "command line"), System.out).run(outDir);
            }
            EpisodeMetrics m = ServedDemo.run(config, p, base, System.out);
            return m != null && m.collided() ? 1 : 0;
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
