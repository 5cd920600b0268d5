package io.policyrt.launch.mqtt;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.InboundTopic;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.launch.session.ForegroundRun;
import io.policyrt.launch.session.SessionReport;
import io.policyrt.launch.session.SimServing;
import io.policyrt.sim.mqtt.MqttSimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs the MQTT processes to their end and prints what happened: safety stops, loop timing,
 * per-topic counts and the per-message latencies (sensor stamp to decode; command stamp to the
 * robot's receipt).
 */
public final class MqttSessions {
    private MqttSessions() {
    }

    /** {@code policyrt run} with transport mqtt: the controller until the path ends, the duration passes or Ctrl-C. */
    public static int runController(MqttControllerRuntime rt, PrintStream out) throws Exception {
        rt.start();
        out.println("policyrt: controller on " + rt.connection().settings().brokerUri() + ", topics " + rt.topics().odometry().name()
                + " ... " + rt.topics().wheelCommand().name());
        boolean stopAtEnd = rt.config().mqtt.stopAtPathEnd;
        ForegroundRun.until(out, rt.config().mqtt.durationS,
                () -> !rt.loop().isRunning() || (stopAtEnd && rt.controller().governor().currentReason() == StopReason.PATH_COMPLETE),
                () -> controllerStatus(rt), rt::close, ForegroundRun.CONTROL_LOOP_STOPPED);
        printController(rt, out);
        return 0;
    }

    static String controllerStatus(MqttControllerRuntime rt) {
        Histogram odom = rt.source().odometry().latency().snapshot();
        Histogram tick = rt.controller().timing().snapshot(LoopMetric.TICK);
        return String.format(Locale.ROOT, "mqtt=%-4s state=%-15s odom=%d rejects=%d  odom latency p50=%5.0fus p99=%6.0fus  tick p99=%5.0fus",
                rt.connection().isConnected() ? "up" : "DOWN", SessionReport.state(rt.controller().governor().currentReason()),
                rt.source().odometry().accepted(), rt.source().rejectedTotal(), odom.getValueAtPercentile(50) / 1e3,
                odom.getValueAtPercentile(99) / 1e3, tick.getValueAtPercentile(99) / 1e3);
    }

    static void printController(MqttControllerRuntime rt, PrintStream out) {
        SessionReport.controlLoop(out, rt.controller(), rt.loop());
        MqttConnection c = rt.connection();
        out.printf(Locale.ROOT, "== mqtt (controller): %s, connects %d, connection losses %d, failed publishes %d, wheel commands sent %d%n",
                c.settings().brokerUri(), c.connects(), c.connectionLosses(), c.publishFailures(), rt.sink().published());
        for (InboundTopic t : rt.source().inbound()) {
            out.println("   " + t.topic().name() + " (" + t.topic().format().configName() + ", QoS " + t.topic().qos() + "): "
                    + counts(t));
        }
        SessionReport.latencyHeader(out, "latency");
        SessionReport.latencyRow(out, "sensor stamp -> decode", rt.source().odometry().latency().snapshot());
    }

    static String counts(InboundTopic t) {
        StringBuilder sb = new StringBuilder("accepted " + t.accepted());
        for (Reject r : Reject.values()) {
            if (r != Reject.NONE && t.rejected(r) > 0) {
                sb.append(", ").append(r.name().toLowerCase(Locale.ROOT)).append(' ').append(t.rejected(r));
            }
        }
        return sb.toString();
    }

    /**
     * {@code policyrt sim serve}: serves the simulator until its episode ends, the duration passes
     * or Ctrl-C; the episode starts at the first command from a controller.
     */
    public static EpisodeMetrics serveSimulator(MqttSimServer server, PrintStream out, double durationS) throws Exception {
        server.start();
        out.println("policyrt: simulated robot on " + server.connection().settings().brokerUri() + "; waiting for a controller on "
                + server.commands().topic().name());
        EpisodeMetrics m = SimServing.serve(server, out, durationS, () -> simStatus(server), () -> stop(server));
        if (m != null) {
            printSim(server, out);
        }
        return m;
    }

    /** Stops the simulator, then its connection; idempotent. */
    static void stop(MqttSimServer server) {
        server.close();
        server.connection().close();
    }

    static String simStatus(MqttSimServer server) {
        Histogram cmd = server.commands().latency().snapshot();
        return SessionReport.robotStatus(server.simulator()) + String.format(Locale.ROOT,
                "  mqtt=%-4s commands=%d dropped=%d  command latency p50=%5.0fus p99=%6.0fus",
                server.connection().isConnected() ? "up" : "DOWN", server.commands().accepted(), server.commands().rejectedTotal(),
                cmd.getValueAtPercentile(50) / 1e3, cmd.getValueAtPercentile(99) / 1e3);
    }

    static void printSim(MqttSimServer server, PrintStream out) {
        if (server.simulator() != null) {
            SessionReport.episode(out, server.simulator(), "served over MQTT");
        }
        MqttConnection c = server.connection();
        out.printf(Locale.ROOT, "== mqtt (robot): %s, connects %d, connection losses %d, failed publishes %d%n", c.settings().brokerUri(),
                c.connects(), c.connectionLosses(), c.publishFailures());
        out.println("   " + server.commands().topic().name() + ": " + counts(server.commands()));
        SessionReport.latencyHeader(out, "latency");
        SessionReport.latencyRow(out, "command stamp -> robot", server.commands().latency().snapshot());
    }
}
