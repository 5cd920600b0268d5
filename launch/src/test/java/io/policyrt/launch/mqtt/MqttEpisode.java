package io.policyrt.launch.mqtt;

import io.policyrt.drivers.mqtt.MqttLink;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.mqtt.MqttSimServer;
import java.time.Duration;

/**
 * A closed loop over a broker for tests: the simulator served over MQTT and a controller running
 * the pure-pursuit expert, each on its own connection, wired exactly as {@code policyrt sim serve}
 * and {@code policyrt run} wire them.
 */
final class MqttEpisode implements AutoCloseable {
    /** Longest a straight-line episode (12 m at 0.5 m/s, plus an outage) may take before the test fails. */
    static final Duration EPISODE_BOUND = Duration.ofSeconds(90);

    final RuntimeConfig config;
    final Policy policy = new PurePursuitPolicy();
    final MqttSimServer sim;
    final ControllerRuntime controller;

    MqttEpisode(RuntimeConfig config) throws Exception {
        this.config = config;
        sim = MqttWiring.simServer(config, new LinkSetup(SystemNanoClock.INSTANCE, null, "test", policy.spec().robotRadiusM()));
        controller = ControllerRuntime.open(config, policy, null, "test");
    }

    /** The straight path with a pedestrian crossing, at the expert's 20 ms period, over {@code brokerUri}. */
    static RuntimeConfig config(String brokerUri, String format) {
        RuntimeConfig c = new RuntimeConfig();
        c.transport.kind = "mqtt";
        c.policy.file = "expert";
        c.mqtt.brokerUri = brokerUri;
        c.mqtt.robotId = "it-robot";
        c.mqtt.format = format;
        c.mqtt.statusPeriodMs = 200;
        c.sim.path = "straight";
        c.sim.encounter = "crossing";
        c.sim.seed = 3;
        ConfigLoader.validate(c, "test");
        return c;
    }

    /** Starts both sides and the episode (at the controller's first command). */
    MqttEpisode start() throws Exception {
        sim.start();
        controller.start();
        Eventually.until("the controller's first command reaches the robot", sim::commanded);
        sim.beginEpisode();
        return this;
    }

    void awaitEnd() {
        Eventually.until("the episode ends", EPISODE_BOUND, sim::episodeOver);
    }

    /** The controller's MQTT link (its connection and topics). */
    MqttLink link() {
        return (MqttLink) controller.link();
    }

    @Override
    public void close() {
        controller.close();
        sim.close();
    }
}
