package io.policyrt.drivers.mqtt;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
 * <p>The status ({@code RetainedStatus}) is retained, QoS 1: online after every (re)connect and
 * every status period, offline with {@code "reason":"stopped"} on {@link #close()}, and offline
 * with {@code "reason":"connection lost"} as the last will. Failures to start are explained by
 * {@code ConnectFailures}.
 */
public final class MqttConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    /** Receives the payloads of one topic on the Paho callback thread. Must return at once. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(byte[] payload);
    }

    /**
     * Receives the payloads of one topic with each delivery's retain flag: true when the broker
     * hands over its retained message on (re)subscribing, false for a message published live.
     * On the Paho callback thread; must return at once.
     */
    @FunctionalInterface
    public interface RetainAwareHandler {
        void onMessage(byte[] payload, boolean retained);
    }

    private record Route(String topic, int qos, RetainAwareHandler handler) {
    }

    private final MqttSettings settings;
    private final String role;
    private final String statusTopic;
    private final RetainedStatus status;
    /** How long Paho's in-flight window may refuse every publish before the connection is reset [ns]. */
    static final long STALLED_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
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
    private final AtomicLong stalledWindowResets = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean resetting = new java.util.concurrent.atomic.AtomicBoolean();
    /** When publishes began to be refused for a full in-flight window (System.nanoTime), 0 while they are not. */
    private volatile long windowFullSinceNanos;
    private volatile boolean started;
    private volatile boolean closed;
    private MqttConnectOptions options;
    private final Reconnector reconnector;

    /**
     * @param role        who this process is on the robot's topics: {@code controller} or {@code robot}
     * @param statusTopic the retained status topic of this role
     */
    public MqttConnection(MqttSettings settings, String role, String statusTopic, NanoClock clock) throws MqttTransportException {
        this.settings = settings;
        this.role = role;
        this.statusTopic = statusTopic;
        this.status = new RetainedStatus(role, settings.clientId(), clock);
        try {
            this.client = new MqttAsyncClient(settings.brokerUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw ConnectFailures.badUriOrClientId(settings, e);
        }
        client.setCallback(new Callback());
        reconnector = new Reconnector(client, settings.maxReconnectDelayMs());
    }

    /** Routes {@code topic} to {@code handler}; subscribes at once when already connected. */
    public void subscribe(TopicSpec topic, Handler handler) {
        subscribeWithRetainFlag(topic, (payload, retained) -> handler.onMessage(payload));
    }

    /** {@link #subscribe(TopicSpec, Handler)} for a handler that tells retained deliveries from live ones. */
    public void subscribeWithRetainFlag(TopicSpec topic, RetainAwareHandler handler) {
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
        status.fields(fields);
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
            throw ConnectFailures.closed(settings);
        }
        ConnectFailures.requireMatchingScheme(settings);
        options = connectOptions();
        // A broker may drop a client right after CONNECT (Moquette 0.17 does under load): a
        // connection lost while subscribing is retried a few times before start() gives up.
        for (int attempt = 1; ; attempt++) {
            try {
                client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(settings.connectTimeoutS() + 2L));
            } catch (MqttException e) {
                closeQuietly();
                throw ConnectFailures.connectFailed(settings, e);
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
                    throw ConnectFailures.subscriptionsRefused(settings, e);
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
        // Until now a loss was start()'s to retry (the reconnector leaves it alone, or both would
        // connect at once and start() would fail with "connect already in progress"); one that
        // came between the subscriptions and here is the reconnector's.
        if (!client.isConnected()) {
            reconnector.afterLoss(options);
        }
        afterConnect();
        if (settings.statusPeriodMs() > 0) {
            status.refreshEvery(settings.statusPeriodMs(), this::publishStatus);
        }
        LOG.info("mqtt: {} connected to {} as {}", role, settings.brokerUri(), settings.clientId());
    }

    /** Clean 3.1.1 sessions with the last will; TLS with host name verification when configured. */
    private MqttConnectOptions connectOptions() throws MqttTransportException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false); // see Reconnector
        o.setKeepAliveInterval(settings.keepAliveS());
        o.setConnectionTimeout(settings.connectTimeoutS());
        o.setMaxInflight(settings.maxInflight());
        o.setWill(statusTopic, status.offline("connection lost"), 1, true);
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
        return o;
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
            windowFullSinceNanos = 0;
            return true;
        } catch (MqttException | RuntimeException e) {
            publishFailures.incrementAndGet();
            synchronized (publishLog) {
                publishLog.warn("mqtt: publish failed on " + topic + ":", e.toString());
            }
            if (e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                windowFull();
            }
            return false;
        }
    }

    /**
     * Paho refused a publish because its in-flight window is full. Paho counts every publish it
     * has taken (QoS 0 until written, QoS 1 until its PUBACK is processed) against one window of
     * {@code maxInflight}, so QoS 1 messages whose acknowledgements never come (seen after a flood
     * that made the broker drop messages for this client: the window stayed full with every Paho
     * thread idle) would refuse every later publish, QoS 0 commands included, for as long as the
     * connection lives. A window that stays full for {@link #STALLED_WINDOW_NANOS} is therefore
     * treated as a broken connection: dropped and reconnected (a new clean session starts with an
     * empty window), counted in {@link #stalledWindowResets()}.
     */
    private void windowFull() {
        long now = System.nanoTime();
        long since = windowFullSinceNanos;
        if (since == 0) {
            windowFullSinceNanos = now;
            return;
        }
        if (now - since < STALLED_WINDOW_NANOS || closed || !resetting.compareAndSet(false, true)) {
            return;
        }
        stalledWindowResets.incrementAndGet();
        LOG.warn("mqtt: {}: publishes refused for {} ms with {} messages in flight and no acknowledgement; dropping the "
                + "connection to {} and reconnecting", role, (now - since) / 1_000_000, client.getInFlightMessageCount(),
                settings.brokerUri());
        windowFullSinceNanos = 0;
        reconnector.resetStalled(options, resetting);
    }

    /** Publishes the online status with the supplier's fields now (also runs every status period). */
    public void publishStatus() {
        if (closed || !client.isConnected()) {
            return;
        }
        publish(statusTopic, status.online(), 1, true);
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean automatic, String serverUri) {
            connects.incrementAndGet();
            if (!started) {
                return; // start()'s own connects: it subscribes, then publishes the status
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
            if (started) {
                reconnector.afterLoss(options);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Route r = routes.get(topic);
            if (r == null) {
                return;
            }
            try {
                r.handler().onMessage(message.getPayload(), message.isRetained());
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
        reconnector.close();
        status.close();
        try {
            if (client.isConnected()) {
                client.publish(statusTopic, status.offline("stopped"), 1, true).waitForCompletion(1000);
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.debug("mqtt: disconnect: {}", e.toString());
        }
        closeQuietly();
    }

    private void closeQuietly() {
        reconnector.close();
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
    /** QoS 1 and 2 publishes Paho has sent and not yet seen acknowledged. */
    public int inFlight() { return client.getInFlightMessageCount(); }
    /** Connections dropped and reconnected because the in-flight window stayed full (see {@code windowFull}). */
    public long stalledWindowResets() { return stalledWindowResets.get(); }
    /** Handlers that threw (each a bug: handlers count their rejects instead). */
    public long handlerFailures() { return handlerFailures.get(); }
}
