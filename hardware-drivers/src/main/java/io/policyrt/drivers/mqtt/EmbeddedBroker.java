package io.policyrt.drivers.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.util.Properties;

/**
 * The embedded Moquette broker for the zero-install path: MQTT over TCP on 127.0.0.1 only,
 * anonymous clients, no persistence (nothing written to disk), telemetry off (it is on by default
 * and would report to the internet), no websocket listener.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** Largest message the broker accepts [bytes]: room for a 20,000-point path in JSON. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final Server server;
    private final int port;

    private EmbeddedBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the broker on 127.0.0.1:{@code port}. */
    public static EmbeddedBroker start(int port) throws MqttTransportException {
        // Moquette logs every packet at INFO: keep it to warnings unless the user asked otherwise.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.moquette") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.moquette", "warn");
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("buffer_flush_millis", "immediate"); // the default batches writes: milliseconds of latency
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw new MqttTransportException("embedded MQTT broker: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedBroker(server, port);
    }

    public int port() { return port; }

    public String uri() { return "tcp://127.0.0.1:" + port; }

    @Override
    public void close() {
        server.stopServer();
    }
}
