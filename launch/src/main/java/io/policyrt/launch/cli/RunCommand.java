package io.policyrt.launch.cli;

import io.policyrt.controller.policy.Policy;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.mqtt.MqttControllerRuntime;
import io.policyrt.launch.mqtt.MqttSessions;
import io.policyrt.launch.ros1.Ros1ControllerRuntime;
import io.policyrt.launch.ros1.Ros1Sessions;
import io.policyrt.launch.ros1.Ros1Wiring;
import io.policyrt.launch.ros2.Ros2ControllerRuntime;
import io.policyrt.launch.ros2.Ros2Sessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code policyrt run --config FILE.yaml}: the same wiring as the demo, from a configuration file. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a controller as a YAML configuration describes it.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML configuration file")
    Path config;

    @Option(names = "--out", defaultValue = "policyrt-out", description = "folder for plots (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        RuntimeConfig c = ConfigLoader.load(config);
        Path base = config.toAbsolutePath().getParent();
        if ("sim".equals(c.transport.kind)) {
            return DemoCommand.runEmbedded(c, base, outDir);
        }
        // With a transport the controller runs alone; the robot (or policyrt sim serve) is on the broker, ROS graph or DDS domain.
        try (Policy policy = PolicyResolver.policy(c.policy.file, c.policy.sidecar, base)) {
            switch (c.transport.kind) {
                case "mqtt":
                    return MqttSessions.runController(new MqttControllerRuntime(c, policy, base, config.toString()), System.out);
                case "ros1":
                    return Ros1Sessions.runController(new Ros1ControllerRuntime(c, policy,
                            Ros1Wiring.node(c.ros1, c.ros1.nodeName, System.getenv())), System.out);
                case "ros2":
                    return Ros2Sessions.runController(new Ros2ControllerRuntime(c, policy, config.toString()), System.out);
                default:
                    throw new IllegalStateException("transport.kind '" + c.transport.kind + "' passed validation but has no runtime");
            }
        }
    }
}
