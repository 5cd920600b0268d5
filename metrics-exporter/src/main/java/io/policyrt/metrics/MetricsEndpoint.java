package io.policyrt.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-telemetry HTTP endpoint: Prometheus's exporter ({@code /metrics}, text or OpenMetrics
 * format) plus {@code /healthz} and {@code /readyz} JSON, bound to loopback unless configured
 * otherwise. Opt-in: nothing listens unless a run asks for it.
 *
 * <p><b>Bounds against hostile peers.</b> The exporter runs on the JDK's
 * {@code com.sun.net.httpserver}, whose single dispatcher thread hands a connection to a worker as
 * soon as its first byte arrives, and whose worker then reads the request with a blocking read.
 * It has no per-peer connection limit. So:
 * <ul>
 *   <li>A connection that sends nothing costs a socket, never a worker; the JDK closes it after
 *       the request deadline below (or its idle interval, if shorter). At most
 *       {@value #MAX_CONNECTIONS} connections are open at once ({@code jdk.httpserver.maxConnections}):
 *       beyond that a new one is closed at once, so a flood of sockets cannot use up the file
 *       descriptors the transports need; it can keep scrapes out until the deadline cuts it.
 *       Headers are limited to {@value #MAX_HEADER_BYTES} bytes ({@code sun.net.httpserver.maxReqHeaderSize}).</li>
 *   <li>Requests run on {@value #WORKERS} workers with {@value #QUEUED_REQUESTS} waiting (never
 *       an unbounded pool, never {@code CallerRunsPolicy}, which would run a request on the
 *       dispatcher and stop the server): beyond that the JDK closes the new connection at once
 *       (it catches the rejection), so scrapes fail fast instead of piling up.</li>
 *   <li>A peer that sends part of a request and stalls (slow-loris) holds a worker until the
 *       request deadline: {@code sun.net.httpserver.maxReqTime} = {@value #REQUEST_DEADLINE_S} s,
 *       {@code maxRspTime} = {@value #RESPONSE_DEADLINE_S} s. These, the two limits above and the idle check's period
 *       ({@code sun.net.httpserver.timerMillis}, 1 s) are JVM-wide system properties
 *       that the JDK reads once, when its server first loads: they are set here before that,
 *       unless the user set them (then theirs apply), and before Prometheus's exporter would set
 *       its own (60 s and 600 s). In this process nothing else uses the JDK's HTTP server.</li>
 *   <li>The control loop never waits for the endpoint: every metric is read from counters the
 *       loop keeps anyway, on the endpoint's own threads.</li>
 * </ul>
 * More than {@value #WORKERS} slow-loris peers at once can still delay scrapes for up to the
 * request deadline; bind to loopback (the default) or put the endpoint behind a firewall.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    /** Threads that serve requests. */
    static final int WORKERS = 4;
    /** Connections with a request under way that may wait for a worker. */
    static final int QUEUED_REQUESTS = 16;
    /** A whole request must arrive within this time of its first byte [s]. */
    static final int REQUEST_DEADLINE_S = 5;
    /** A whole answer must be taken within this time [s]. */
    static final int RESPONSE_DEADLINE_S = 10;
    /** Open connections at once; beyond it the JDK closes a new one at once (file descriptors stay bounded). */
    static final int MAX_CONNECTIONS = 64;
    /** Longest request line plus headers [bytes]; a Prometheus scrape sends a few hundred. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    static {
        // Before anything loads the JDK's server configuration (see the class comment).
        setIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_DEADLINE_S));
        setIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(RESPONSE_DEADLINE_S));
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        // How often idle connections are looked at (10 s by default): a silent one then closes 5 to 6 s after it came.
        setIfAbsent("sun.net.httpserver.timerMillis", "1000");
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
    }

    private final HTTPServer server;
    private final MetricsSettings settings;

    private MetricsEndpoint(HTTPServer server, MetricsSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Binds and serves {@code registry} and {@code health}; warns when the address is not loopback.
     *
     * @throws IOException naming the address when it cannot be bound (port in use, address not local)
     */
    public static MetricsEndpoint start(MetricsSettings settings, PrometheusRegistry registry, Health health) throws IOException {
        String exposure = exposureWarning(settings);
        if (exposure != null) {
            LOG.warn(exposure);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "policyrt-metrics-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        HTTPServer server;
        try {
            server = HTTPServer.builder()
                    .inetAddress(settings.address())
                    .port(settings.port())
                    .registry(registry)
                    .executorService(workers)
                    .registerHealthHandler(false)
                    .defaultHandler(new HealthHandler(health))
                    .buildAndStart();
        } catch (IOException e) {
            workers.shutdownNow();
            throw new IOException("metrics: cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(server, settings);
        LOG.info("metrics: serving http://{}:{}/metrics, /healthz and /readyz", hostForUrl(settings.bind()), endpoint.port());
        return endpoint;
    }

    /** The warning a bind address other than loopback deserves, or null for loopback. */
    static String exposureWarning(MetricsSettings settings) {
        return settings.loopbackOnly() ? null : "metrics: the endpoint binds " + settings.bind() + ", which is not loopback: anyone "
                + "who can reach this address can read the robot's metrics and health; restrict it with a firewall or bind 127.0.0.1";
    }

    /** The port it listens on (the free one chosen when the settings asked for 0). */
    public int port() {
        return server.getPort();
    }

    /** {@code http://HOST:PORT}, for logs and tests. */
    public String url() {
        return "http://" + hostForUrl(settings.bind()) + ":" + port();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** {@code /healthz} and {@code /readyz}; 404 for any other path but {@code /metrics}. */
    private static final class HealthHandler implements HttpHandler {
        private final Health health;

        HealthHandler(Health health) {
            this.health = health;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().close(); // nothing is expected; what came is drained within the request deadline
                String path = exchange.getRequestURI().getPath();
                Health.Check check;
                if ("/healthz".equals(path)) {
                    check = health.liveness();
                } else if ("/readyz".equals(path)) {
                    check = health.readiness();
                } else {
                    check = null;
                }
                byte[] answer = (check == null ? "{\"error\":\"not found; try /metrics, /healthz or /readyz\"}" : check.json())
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                int status = check == null ? 404 : check.ok() ? 200 : 503;
                boolean head = "HEAD".equals(exchange.getRequestMethod());
                exchange.sendResponseHeaders(status, head ? -1 : answer.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
            }
        }
    }
}
