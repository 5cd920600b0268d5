package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated robot served over MQTT with its embedded broker ({@code sim serve}, on a thread) and
 * a controller ({@code run}) against it, both ending on their own: the shared set-up of the tests
 * that record or replay a served run.
 */
final class ServedMqttRun {
    /** The controller's run and the served robot's exit code. */
    record Result(CommandLineRun controller, int serveCode) {
    }

    private ServedMqttRun() {
    }

    /**
     * @param serveOptions      what follows {@code sim serve --transport mqtt --embedded-broker PORT}
     * @param controllerYaml    the controller's configuration without its transport (policy, run, ...)
     * @param controllerOptions what follows {@code run --config FILE}
     */
    static Result run(Path dir, List<String> serveOptions, String controllerYaml, String... controllerOptions) throws Exception {
        int port = MosquittoBroker.freePort();
        List<String> serve = new ArrayList<>(List.of("sim", "serve", "--transport", "mqtt", "--embedded-broker", Integer.toString(port)));
        serve.addAll(serveOptions);
        int[] serveCode = {-1};
        Thread served = new Thread(() -> serveCode[0] = Main.commandLine().execute(serve.toArray(String[]::new)), "sim-serve");
        served.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!listening(port)) {
            assertThat(System.nanoTime()).as("the served robot's broker listens").isLessThan(deadline);
            Thread.sleep(50);
        }
        Path config = dir.resolve("controller.yaml");
        Files.writeString(config, "transport: {kind: mqtt}\nmqtt: {broker_uri: 'tcp://127.0.0.1:" + port + "'}\n" + controllerYaml);
        List<String> run = new ArrayList<>(List.of("run", "--config", config.toString()));
        run.addAll(List.of(controllerOptions));
        CommandLineRun controller = CommandLineRun.of(run.toArray(String[]::new));
        served.join(30_000);
        return new Result(controller, serveCode[0]);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
