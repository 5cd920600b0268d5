package io.policyrt.launch.cli;

import io.policyrt.controller.policy.Policy;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.metrics.RunMetrics;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.launch.session.ControllerSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code policyrt run --config FILE.yaml}: the controller on the configured transport. With a real
 * transport the controller runs alone; the robot (or {@code policyrt sim serve}) is on the broker,
 * ROS graph or DDS domain. With {@code sim} the simulator runs in this process, as in the demo.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a controller as a YAML configuration describes it.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML configuration file")
    Path config;

    @Option(names = "--out", defaultValue = "policyrt-out", description = "folder for the embedded simulator's plots (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--record", paramLabel = "FILE", description = "record the run to this .mcap file (overrides record.file): "
            + "every tick and every inbound message with its verdict")
    Path record;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT", description = "serve live Prometheus metrics, /healthz and /readyz "
            + "on this port (loopback unless a host is given; overrides the metrics section)")
    String metrics;

    @Override
    public Integer call() throws Exception {
        RuntimeConfig c = ConfigLoader.load(config);
        if (record != null) {
            c.record.file = record.toAbsolutePath().toString();
            ConfigLoader.validate(c, "--record");
        }
        if (metrics != null) {
            RunMetrics.applyOption(metrics, c);
            ConfigLoader.validate(c, "--metrics");
        }
        Path base = config.toAbsolutePath().getParent();
        try (Policy policy = PolicyResolver.policy(c.policy.file, c.policy.sidecar, base, c.policy.backend)) {
            return new ControllerSession(ControllerRuntime.open(c, policy, base, config.toString()), System.out).run(outDir);
        }
    }
}
