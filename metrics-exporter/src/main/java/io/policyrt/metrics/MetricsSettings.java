package io.policyrt.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics endpoint listens: a bind address (loopback unless configured otherwise) and a
 * TCP port (0: any free port, for tests).
 *
 * @param bind the address or host name to bind; {@value #LOOPBACK} by default
 * @param port the TCP port, 0 to 65535
 */
public record MetricsSettings(String bind, int port) {
    /** The default bind address: only processes on this computer can scrape. */
    public static final String LOOPBACK = "127.0.0.1";

    public MetricsSettings {
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("metrics bind address is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("metrics port must be in [0, 65535], got " + port);
        }
    }

    /**
     * Parses {@code [HOST:]PORT} as given to {@code --metrics}: {@code 9400}, {@code 127.0.0.1:9400},
     * {@code [::1]:9400}. A bare port binds to loopback.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static MetricsSettings parse(String hostPort) {
        String s = hostPort == null ? "" : hostPort.trim();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? LOOPBACK : s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics expects [HOST:]PORT (e.g. 9400 or 127.0.0.1:9400), got '" + hostPort + "'");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("--metrics expects [HOST:]PORT with a host before the colon, got '" + hostPort + "'");
        }
        return new MetricsSettings(host, port);
    }

    /** The bind address resolved; a host name that does not resolve is a configuration error. */
    public InetAddress address() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("metrics bind address '" + bind + "' does not resolve");
        }
    }

    /** Whether only this computer can reach the endpoint. */
    public boolean loopbackOnly() {
        return address().isLoopbackAddress();
    }
}
