package io.policyrt.drivers.mqtt;

import java.nio.file.Path;

/**
 * How to reach the broker.
 *
 * @param brokerUri          {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId           MQTT client id; must be unique on the broker
 * @param username           null for none
 * @param password           null for none
 * @param tls                null for plain TCP
 * @param keepAliveS         MQTT keep-alive [s]
 * @param connectTimeoutS    how long the first connect may take [s]
 * @param maxReconnectDelayMs longest wait between two automatic reconnect attempts [ms]
 * @param maxInflight        QoS 1/2 messages in flight before publishing fails (Paho's default 10 is too few)
 * @param statusPeriodMs     how often the retained status is refreshed [ms]; 0: only on connect
 */
public record MqttSettings(String brokerUri, String clientId, String username, char[] password, Tls tls, int keepAliveS,
                           int connectTimeoutS, int maxReconnectDelayMs, int maxInflight, long statusPeriodMs) {
    /**
     * TLS: the broker's certificate is verified against {@code caFile} (PEM, one or more X.509
     * certificates), including its host name. A client certificate is optional and comes as a
     * PKCS12 key store ({@code openssl pkcs12 -export -in client.crt -inkey client.key -out client.p12}).
     *
     * @param caFile             PEM file of the CA(s) that sign the broker's certificate
     * @param clientKeyStore     PKCS12 file with the client's key and certificate, or null
     * @param clientKeyStorePassword its password, or null
     */
    public record Tls(Path caFile, Path clientKeyStore, char[] clientKeyStorePassword) {
    }

    public MqttSettings {
        if (brokerUri == null || !(brokerUri.startsWith("tcp://") || brokerUri.startsWith("ssl://"))) {
            throw new IllegalArgumentException("broker URI must start with tcp:// or ssl://, got '" + brokerUri + "'");
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("client id must not be empty");
        }
        if (keepAliveS < 1 || connectTimeoutS < 1 || maxReconnectDelayMs < 100 || maxInflight < 1 || statusPeriodMs < 0) {
            throw new IllegalArgumentException("keep-alive, connect timeout, reconnect delay and max in-flight must be positive");
        }
    }

    /**
     * Whether the URI names this host (127.x.x.x, ::1 or localhost): credentials sent to it over
     * plain TCP never leave the machine.
     */
    public static boolean isLoopback(String uri) {
        int start = uri.indexOf("://") + 3;
        String hostPort = uri.substring(start);
        String host = hostPort.startsWith("[") && hostPort.indexOf(']') > 0 ? hostPort.substring(1, hostPort.indexOf(']'))
                : hostPort.lastIndexOf(':') > 0 ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    /** Plain TCP, no credentials, 5 s keep-alive, 10 s connect timeout, reconnect at least every 1 s. */
    public static MqttSettings of(String brokerUri, String clientId) {
        return new MqttSettings(brokerUri, clientId, null, null, null, 5, 10, 1000, 100, 1000);
    }

    public MqttSettings withCredentials(String user, char[] pass) {
        return new MqttSettings(brokerUri, clientId, user, pass, tls, keepAliveS, connectTimeoutS, maxReconnectDelayMs, maxInflight,
                statusPeriodMs);
    }

    public MqttSettings withTls(Tls t) {
        return new MqttSettings(brokerUri, clientId, username, password, t, keepAliveS, connectTimeoutS, maxReconnectDelayMs,
                maxInflight, statusPeriodMs);
    }

    public MqttSettings withClientId(String id) {
        return new MqttSettings(brokerUri, id, username, password, tls, keepAliveS, connectTimeoutS, maxReconnectDelayMs,
                maxInflight, statusPeriodMs);
    }

    public MqttSettings withTiming(int keepAlive, int connectTimeout, int maxReconnectDelay, long statusPeriod) {
        return new MqttSettings(brokerUri, clientId, username, password, tls, keepAlive, connectTimeout, maxReconnectDelay,
                maxInflight, statusPeriod);
    }

    @Override
    public String toString() {
        return "MqttSettings[" + brokerUri + ", client " + clientId + (username != null ? ", user " + username : "")
                + (tls != null ? ", TLS CA " + tls.caFile() : "") + "]";
    }
}
