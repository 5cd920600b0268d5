package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.testing.Eventually;
import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import io.policyrt.metrics.testing.Scrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both processes of a served run with live metrics: {@code sim serve --metrics PORT} serves the
 * commands the simulated robot receives, {@code run} with a {@code metrics} section the
 * controller's side, each on its own loopback port.
 */
class MetricsSimServeIT {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void sim_serve_and_run_each_serve_their_side_of_the_link(@TempDir Path dir) throws Exception {
        int broker = MosquittoBroker.freePort();
        int robotPort = DemoCommand.freeLoopbackPort();
        int controllerPort = DemoCommand.freeLoopbackPort();
        CompletableFuture<Integer> serve = CompletableFuture.supplyAsync(() -> Main.commandLine().execute("sim", "serve",
                "--transport", "mqtt", "--embedded-broker", Integer.toString(broker), "--path", "straight", "--encounter", "none",
                "--duration", "8", "--metrics", Integer.toString(robotPort)));
        String robot = "http://127.0.0.1:" + robotPort;
        Eventually.until("the robot's endpoint is ready once its link is up", BOUND, () -> status(robot + "/readyz") == 200);

        Path cfg = dir.resolve("controller.yaml");
        Files.writeString(cfg, "policy: {file: expert}\ntransport: {kind: mqtt}\nmqtt: {broker_uri: 'tcp://127.0.0.1:" + broker
                + "'}\nrun: {duration_s: 4}\nmetrics:\n  enabled: true\n  port: " + controllerPort + "\n");
        CompletableFuture<CommandLineRun> controller = CompletableFuture.supplyAsync(() -> CommandLineRun.of("run", "--config",
                cfg.toString()));
        String ctl = "http://127.0.0.1:" + controllerPort;
        Eventually.until("the controller's endpoint counts ticks", BOUND, () -> value(ctl, "policyrt_ticks_total") > 0);
        Eventually.until("the robot's endpoint counts the commands it accepted", BOUND,
                () -> value(robot, "policyrt_inbound_accepted_total") > 0);
        assertThat(Scrape.get(robot + "/metrics", 5_000).value("policyrt_command_link_up")).isEqualTo(1);

        CommandLineRun c = controller.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(c.code()).as(c.out() + c.err()).isZero();
        assertThat(serve.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(status(ctl + "/healthz")).as("the controller's endpoint closed with its run").isEqualTo(-1);
    }

    private static double value(String url, String name) {
        try {
            double v = Scrape.get(url + "/metrics", 5_000).value(name);
            return Double.isNaN(v) ? 0 : v;
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static int status(String url) {
        try {
            return Scrape.get(url, 5_000).status;
        } catch (IOException e) {
            return -1;
        }
    }
}
