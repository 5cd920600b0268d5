package io.policyrt.launch.mqtt;

import io.policyrt.controller.policy.Policy;
import io.policyrt.drivers.mqtt.EmbeddedBroker;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.session.ForegroundRun;
import io.policyrt.launch.session.SessionReport;
import io.policyrt.sim.mqtt.MqttSimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * {@code policyrt demo --transport mqtt}: the embedded broker (unless a broker URI is given), the
 * simulator served over MQTT and the controller, in one process but talking only through the
 * broker, exactly as two processes would.
 */
public final class MqttDemo {
    private MqttDemo() {
    }

    /** Runs one episode; returns its metrics (null when no episode started). */
    public static EpisodeMetrics run(RuntimeConfig config, Policy policy, Path baseDir, PrintStream out) throws Exception {
        EmbeddedBroker broker = null;
        if (config.mqtt.embeddedBroker.enabled) {
            int port = config.mqtt.embeddedBroker.port == 0 ? freeLoopbackPort() : config.mqtt.embeddedBroker.port;
            broker = EmbeddedBroker.start(port);
            config.mqtt.brokerUri = broker.uri();
            config.mqtt.embeddedBroker.enabled = false; // owned here, not by the controller runtime
            out.println("policyrt: embedded MQTT broker on " + broker.uri());
        }
        MqttSimServer sim = null;
        MqttControllerRuntime controller = null;
        try {
            sim = MqttSimWiring.create(config, policy.spec().robotRadiusM(), baseDir, "command line");
            controller = new MqttControllerRuntime(config, policy, baseDir, "command line");
            sim.start();
            controller.start();
            MqttSimServer s = sim;
            MqttControllerRuntime c = controller;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!s.commanded() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            s.beginEpisode();
            ForegroundRun.until(out, config.sim.durationS, s::episodeOver,
                    () -> MqttSessions.simStatus(s) + "  controller=" + SessionReport.state(c.controller().governor().currentReason()),
                    () -> {
                        c.close();
                        MqttSessions.stop(s);
                    }, ForegroundRun.CONTROL_LOOP_STOPPED);
            MqttSessions.printSim(sim, out);
            MqttSessions.printController(controller, out);
            return sim.metrics();
        } finally {
            if (controller != null) {
                controller.close();
            }
            if (sim != null) {
                MqttSessions.stop(sim);
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
