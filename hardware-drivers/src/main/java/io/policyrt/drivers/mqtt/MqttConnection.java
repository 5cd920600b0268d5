package io.policyrt.drivers.mqtt;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Paho (MQTT 3.1.1) connection of a PolicyRT process: routes inbound topics to handlers,
 * publishes without blocking, keeps a retained status with a last will, and reconnects by
 * itself (first after 100 ms, then backing off to the configured maximum delay), resubscribing
 * every route when it is back (clean sessions: the broker forgets subscriptions).
 *
 * <p>Paho runs every callback of a client on one thread, whose inbound queue holds 10 messages
 * and which acknowledges a message only after its callback returns. Handlers therefore decode
 * into a slot and return; they never block, never throw out of this class, and never call back
 * into the connection except to publish.
 *
 * <p>Status payload: {@code {"state":"online"|"offline","role":...,"client_id":...,"stamp_ns":...}}
 * plus the fields of the status supplier while online; the last will is the same with
 * {@code "state":"offline","reason":"connection lost"}. Both retained, QoS 1.
 */
public final class MqttConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    /** Receives the payloads of one topic on the Paho callback thread. Must return at once. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(byte[] payload);
    }

    private record Route(String topic, int qos, Handler handler) {
    }

    private final MqttSettings settings;
    private final String role;
    private final String statusTopic;
    private final NanoClock clock;
    /** Connect-and-subscribe attempts in start() when the broker drops the connection meanwhile. */
    private static final int START_ATTEMPTS = 3;

    private final MqttAsyncClient client;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Runnable> connectHooks = new CopyOnWriteArrayList<>();
    private final RateLimitedLog callbackLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedLog publishLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectionLosses = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    private volatile Supplier<String> statusFields = () -> "";
    private volatile boolean started;
    private volatile boolean closed;
    private ScheduledExecutorService statusTimer;
    private MqttConnectOptions options;
    /**
     * Reconnects after a connection loss. Not Paho's automatic reconnect: its timer thread is not
     * a daemon and keeps trying after {@link #close()} when the broker is down.
     */
    private final ScheduledExecutorService reconnector;
    /** First retry after a loss [ms]; doubles up to the configured maximum. */
    private static final long FIRST_RETRY_MS = 100;

    /**
     * @param role        who this process is on the robot's topics: {@code controller} or {@code robot}
     * @param statusTopic the retained status topic of this role
     */
    public MqttConnection(MqttSettings settings, String role, String statusTopic, NanoClock clock) throws MqttTransportException {
        this.settings = settings;
        this.role = role;
        this.statusTopic = statusTopic;
        this.clock = clock;
        try {
            this.client = new MqttAsyncClient(settings.brokerUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new MqttTransportException("MQTT: bad broker URI or client id in " + settings + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policyrt-mqtt-reconnect-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Routes {@code topic} to {@code handler}; subscribes at once when already connected. */
    public void subscribe(TopicSpec topic, Handler handler) {
        Route r = new Route(topic.name(), topic.qos(), handler);
        routes.put(topic.name(), r);
        if (client.isConnected()) {
            try {
                client.subscribe(r.topic(), r.qos());
            } catch (MqttException e) {
                LOG.warn("mqtt: cannot subscribe to {} now; will on reconnect: {}", r.topic(), e.toString());
            }
        }
    }

    /**
     * Runs {@code hook} after every (re)connect once the subscriptions are acknowledged, e.g. to
     * republish retained state: on the caller of {@link #start()} the first time, on the Paho
     * callback thread after a reconnect. Must not block.
     */
    public void onConnect(Runnable hook) {
        connectHooks.add(hook);
    }

    /** Extra JSON fields (without braces, starting with a comma) for the periodic status. */
    public void statusFields(Supplier<String> fields) {
        this.statusFields = fields;
    }

    /**
     * Connects, subscribes every route registered so far and publishes the online status.
     * Idempotent. Afterwards the connection reconnects by itself.
     *
     * @throws MqttTransportException with a message naming the cause: unreachable broker, TLS
     *                                trust failure, refused credentials, timeout
     */
    public synchronized void start() throws MqttTransportException {
        if (started) {
            return;
        }
        if (closed) {
            throw new MqttTransportException("MQTT connection " + settings.clientId() + " is closed");
        }
        if (settings.brokerUri().startsWith("ssl://") && settings.tls() == null) {
            throw new MqttTransportException("MQTT: broker URI " + settings.brokerUri() + " is ssl:// but no TLS CA file is configured");
        }
        if (settings.brokerUri().startsWith("tcp://") && settings.tls() != null) {
            throw new MqttTransportException("MQTT: TLS is configured but the broker URI " + settings.brokerUri()
                    + " is tcp://; use ssl://");
        }
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false); // see reconnector
        o.setKeepAliveInterval(settings.keepAliveS());
        o.setConnectionTimeout(settings.connectTimeoutS());
        o.setMaxInflight(settings.maxInflight());
        o.setWill(statusTopic, status("offline", ",\"reason\":\"connection lost\""), 1, true);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password());
        }
        if (settings.tls() != null) {
            o.setSocketFactory(NoDelaySocketFactories.tls(TlsContexts.socketFactory(settings.tls())));
            o.setHttpsHostnameVerificationEnabled(true);
        } else {
            o.setSocketFactory(NoDelaySocketFactories.plain());
        }
        options = o;
        // A broker may drop a client right after CONNECT (Moquette 0.17 does under load): a
        // connection lost while subscribing is retried a few times before start() gives up.
        for (int attempt = 1; ; attempt++) {
            try {
                client.connect(o).waitForCompletion(TimeUnit.SECONDS.toMillis(settings.connectTimeoutS() + 2L));
            } catch (MqttException e) {
                closeQuietly();
                throw new MqttTransportException(explain(e), e);
            }
            List<Route> all = new ArrayList<>(routes.values());
            if (all.isEmpty()) {
                break;
            }
            try {
                subscribeAll(all).waitForCompletion(TimeUnit.SECONDS.toMillis(settings.connectTimeoutS()));
                break;
            } catch (MqttException e) {
                boolean lost = e.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST || !client.isConnected();
                if (!lost || attempt >= START_ATTEMPTS) {
                    closeQuietly();
                    throw new MqttTransportException("MQTT: broker " + settings.brokerUri() + " refused the subscriptions: " + e, e);
                }
                LOG.warn("mqtt {}: connection lost while subscribing (attempt {} of {}); reconnecting", settings.clientId(), attempt,
                        START_ATTEMPTS);
                try {
                    if (client.isConnected()) {
                        client.disconnectForcibly(0, 1000, false);
                    }
                    Thread.sleep(200L * attempt);
                } catch (MqttException | InterruptedException ignored) {
                    // retrying anyway
                }
            }
        }
        started = true;
        afterConnect();
        if (settings.statusPeriodMs() > 0) {
            statusTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "policyrt-mqtt-status-" + role);
                t.setDaemon(true);
                return t;
            });
            statusTimer.scheduleAtFixedRate(this::publishStatus, settings.statusPeriodMs(), settings.statusPeriodMs(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("mqtt: {} connected to {} as {}", role, settings.brokerUri(), settings.clientId());
    }

    private void scheduleReconnect(long delayMs) {
        if (closed) {
            return;
        }
        try {
            reconnector.schedule(() -> reconnect(delayMs), delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** One reconnect attempt, on the reconnector thread; a failure schedules the next, backing off. */
    private void reconnect(long delayMs) {
        if (closed || client.isConnected()) {
            return;
        }
        long next = Math.min(delayMs * 2, settings.maxReconnectDelayMs());
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete resubscribes
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    scheduleReconnect(next);
                }
            });
        } catch (MqttException | RuntimeException e) {
            scheduleReconnect(next);
        }
    }

    private IMqttToken subscribeAll(List<Route> all) throws MqttException {
        return client.subscribe(topicsOf(all), qosOf(all));
    }

    private static String[] topicsOf(List<Route> all) {
        String[] topics = new String[all.size()];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = all.get(i).topic();
        }
        return topics;
    }

    private static int[] qosOf(List<Route> all) {
        int[] qos = new int[all.size()];
        for (int i = 0; i < qos.length; i++) {
            qos[i] = all.get(i).qos();
        }
        return qos;
    }

    /** After a (re)connect and its subscriptions: the online status, then the connect hooks. */
    private void afterConnect() {
        publishStatus();
        for (Runnable hook : connectHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                synchronized (callbackLog) {
                    callbackLog.warn("mqtt: connect hook failed:", e.toString());
                }
            }
        }
    }

    /** Says in one line why connecting failed and what to check. */
    private String explain(MqttException e) {
        String uri = settings.brokerUri();
        int code = e.getReasonCode();
        if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION) {
            return "MQTT: broker " + uri + " refused the user name or password (CONNACK 4): check the username and password";
        }
        if (code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
            return "MQTT: broker " + uri + " refused the connection as not authorized (CONNACK 5): wrong or missing username/password";
        }
        if (code == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
            return "MQTT: broker " + uri + " refused the client id '" + settings.clientId() + "'";
        }
        if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            return "MQTT: timed out after " + settings.connectTimeoutS() + " s connecting to " + uri;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof CertPathValidatorException || c instanceof CertificateException
                    || (c.getMessage() != null && c.getMessage().contains("PKIX path"))) {
                return "MQTT: TLS handshake with " + uri + " failed: the broker's certificate is not trusted by the CA file "
                        + settings.tls().caFile() + " or does not name this host (" + rootMessage(e) + ")";
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "MQTT: TLS handshake with " + uri + " failed: " + rootMessage(e);
            }
            if (c instanceof ConnectException) {
                return "MQTT: cannot reach the broker at " + uri + ": " + c.getMessage() + " (is it running?)";
            }
        }
        return "MQTT: cannot connect to " + uri + ": " + e.getMessage() + " (reason " + code + ", " + rootMessage(e) + ")";
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + ": " + r.getMessage();
    }

    /**
     * Publishes without blocking. Returns false, counting a failure, when disconnected or when
     * Paho refuses (too many in flight): commands are not buffered while offline, a stale command
     * is worse than none. Any thread.
     */
    public boolean publish(String topic, byte[] payload, int qos, boolean retained) {
        if (!client.isConnected()) {
            publishFailures.incrementAndGet();
            return false;
        }
        try {
            client.publish(topic, payload, qos, retained);
            return true;
        } catch (MqttException | RuntimeException e) {
            publishFailures.incrementAndGet();
            synchronized (publishLog) {
                publishLog.warn("mqtt: publish failed on " + topic + ":", e.toString());
            }
            return false;
        }
    }

    private byte[] status(String state, String fields) {
        String s = "{\"state\":\"" + state + "\",\"role\":\"" + jsonEscape(role) + "\",\"client_id\":\""
                + jsonEscape(settings.clientId()) + "\",\"stamp_ns\":" + clock.nanoTime() + fields + "}";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Publishes the online status with the supplier's fields now (also runs every status period). */
    public void publishStatus() {
        if (closed || !client.isConnected()) {
            return;
        }
        String fields;
        try {
            fields = statusFields.get();
        } catch (RuntimeException e) {
            fields = ",\"status_error\":\"" + e.getClass().getSimpleName() + "\"";
        }
        publish(statusTopic, status("online", fields), 1, true);
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean automatic, String serverUri) {
            if (connects.getAndIncrement() == 0) {
                return; // the first connect: start() subscribes, then publishes the status
            }
            LOG.info("mqtt: {} reconnected to {}; resubscribing {} topics", role, serverUri, routes.size());
            List<Route> all = new ArrayList<>(routes.values());
            if (all.isEmpty()) {
                afterConnect();
                return;
            }
            try {
                // Clean session: the broker forgot the subscriptions. Never wait in a callback; publish
                // only once the broker has acknowledged them (Moquette drops a client that publishes
                // before its session is set up).
                client.subscribe(topicsOf(all), qosOf(all), null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        afterConnect();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable cause) {
                        callbackLog.warn("mqtt: resubscribing failed:", String.valueOf(cause));
                    }
                });
            } catch (MqttException e) {
                callbackLog.warn("mqtt: resubscribing failed:", e.toString());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            connectionLosses.incrementAndGet();
            LOG.warn("mqtt: {} lost the connection to {} ({}); reconnecting every {} ms at most", role, settings.brokerUri(),
                    cause == null ? "no cause" : cause.toString(), settings.maxReconnectDelayMs());
            scheduleReconnect(FIRST_RETRY_MS);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Route r = routes.get(topic);
            if (r == null) {
                return;
            }
            try {
                r.handler().onMessage(message.getPayload());
            } catch (Throwable t) { // never let a handler kill Paho's callback thread
                handlerFailures.incrementAndGet();
                callbackLog.warn("mqtt: handler of " + topic + " failed:", t.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    /** Publishes the offline status, disconnects (letting in-flight messages finish) and closes. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reconnector.shutdownNow();
        if (statusTimer != null) {
            statusTimer.shutdownNow();
        }
        try {
            if (client.isConnected()) {
                client.publish(statusTopic, status("offline", ",\"reason\":\"stopped\""), 1, true).waitForCompletion(1000);
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.debug("mqtt: disconnect: {}", e.toString());
        }
        closeQuietly();
    }

    private void closeQuietly() {
        reconnector.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            LOG.debug("mqtt: forced disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("mqtt: close: {}", e.toString());
        }
    }

    public boolean isConnected() { return client.isConnected(); }
    public MqttSettings settings() { return settings; }
    public String role() { return role; }
    /** Successful connects, the first included. */
    public long connects() { return connects.get(); }
    public long connectionLosses() { return connectionLosses.get(); }
    /** Publishes refused because the connection was down or Paho had too many in flight. */
    public long publishFailures() { return publishFailures.get(); }
    /** Handlers that threw (each a bug: handlers count their rejects instead). */
    public long handlerFailures() { return handlerFailures.get(); }
}
