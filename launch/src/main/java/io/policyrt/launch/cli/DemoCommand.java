package io.policyrt.launch.cli;

import io.policyrt.controller.policy.Policy;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.demo.EmbeddedRuntime;
import io.policyrt.launch.demo.EmbeddedSession;
import io.policyrt.sim.run.EpisodeMetrics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        ConfigLoader.validate(config, "command line");
        if ("mqtt".equals(transport)) {
            return runMqtt(config);
        }
        return runEmbedded(config, Path.of("."), outDir);
    }

    private static int runMqtt(RuntimeConfig config) throws Exception {
        config.mqtt.embeddedBroker.port = config.mqtt.embeddedBroker.enabled ? 0 : config.mqtt.embeddedBroker.port;
        try (Policy policy = PolicyResolver.policy(config.policy.file, config.policy.sidecar, Path.of("."))) {
            EpisodeMetrics m = io.policyrt.launch.mqtt.MqttDemo.run(config, policy, Path.of("."), System.out);
            return m != null && m.collided() ? 1 : 0;
        }
    }

    static int runEmbedded(RuntimeConfig config, Path baseDir, Path outDir) throws Exception {
        try (Policy policy = PolicyResolver.policy(config.policy.file, config.policy.sidecar, baseDir)) {
            EmbeddedRuntime runtime = new EmbeddedRuntime(config, policy);
            EpisodeMetrics m = new EmbeddedSession(runtime, System.out, outDir, true).run();
            return m.collided() ? 1 : 0;
        }
    }
}
