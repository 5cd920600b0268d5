package io.policyrt.launch.cli;

import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
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
        if ("mqtt".equals(c.transport.kind)) {
            return runMqtt(c, base);
        }
        if ("ros1".equals(c.transport.kind)) {
            return runRos1(c, base);
        }
        if ("ros2".equals(c.transport.kind)) {
            return runRos2(c, base);
        }
        return DemoCommand.runEmbedded(c, base, outDir);
    }

    /** Transport ros2: the controller alone, as a ROS 2 participant; the robot (or {@code policyrt sim serve}) is on the DDS domain. */
    private int runRos2(RuntimeConfig c, Path base) throws Exception {
        try (io.policyrt.controller.policy.Policy policy = io.policyrt.launch.mqtt.MqttWiring.policy(c.policy, base)) {
            return io.policyrt.launch.ros2.Ros2Sessions.runController(
                    new io.policyrt.launch.ros2.Ros2ControllerRuntime(c, policy, config.toString()), System.out);
        }
    }

    /** Transport mqtt: the controller alone; the robot (or {@code policyrt sim serve}) is on the broker. */
    private int runMqtt(RuntimeConfig c, Path base) throws Exception {
        try (io.policyrt.controller.policy.Policy policy = io.policyrt.launch.mqtt.MqttWiring.policy(c.policy, base)) {
            return io.policyrt.launch.mqtt.MqttSessions.runController(
                    new io.policyrt.launch.mqtt.MqttControllerRuntime(c, policy, base, config.toString()), System.out);
        }
    }

    /** Transport ros1: the controller as a ROS 1 node; the robot (or {@code policyrt sim serve --transport ros1}) is in the graph. */
    private int runRos1(RuntimeConfig c, Path base) throws Exception {
        try (io.policyrt.controller.policy.Policy policy = io.policyrt.launch.mqtt.MqttWiring.policy(c.policy, base)) {
            return io.policyrt.launch.ros1.Ros1Sessions.runController(new io.policyrt.launch.ros1.Ros1ControllerRuntime(c, policy,
                    io.policyrt.launch.ros1.Ros1Wiring.node(c.ros1, c.ros1.nodeName, System.getenv())), System.out);
        }
    }
}
