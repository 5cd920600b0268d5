package io.policyrt.drivers.mqtt;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Reconnects a Paho client after a connection loss, on a daemon thread: first after
 * {@value #FIRST_RETRY_MS} ms, then doubling the wait up to the configured maximum, until the
 * client is connected again or this is closed. Not Paho's automatic reconnect: its timer thread is
 * not a daemon and keeps trying after the connection is closed when the broker is down.
 */
final class Reconnector implements AutoCloseable {
    /** First retry after a loss [ms]. */
    static final long FIRST_RETRY_MS = 100;

    private final MqttAsyncClient client;
    private final long maxDelayMs;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /** @param maxDelayMs the longest wait between two attempts [ms] */
    Reconnector(MqttAsyncClient client, long maxDelayMs) {
        this.client = client;
        this.maxDelayMs = maxDelayMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policyrt-mqtt-reconnect-" + client.getClientId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the attempts after a loss (called on Paho's callback thread; returns at once). */
    void afterLoss(MqttConnectOptions options) {
        schedule(options, FIRST_RETRY_MS);
    }

    /**
     * Drops a connection whose in-flight window is stalled and reconnects it, on the timer thread
     * (a forced disconnect reports no connection loss, so the attempts start here). Clears
     * {@code resetting} when done.
     */
    void resetStalled(MqttConnectOptions options, java.util.concurrent.atomic.AtomicBoolean resetting) {
        if (closed) {
            resetting.set(false);
            return;
        }
        try {
            timer.execute(() -> {
                try {
                    if (client.isConnected()) {
                        client.disconnectForcibly(0, 1000, false);
                    }
                } catch (MqttException | RuntimeException e) {
                    // reconnecting anyway
                } finally {
                    resetting.set(false);
                }
                schedule(options, FIRST_RETRY_MS);
            });
        } catch (RejectedExecutionException closing) {
            resetting.set(false);
        }
    }

    private void schedule(MqttConnectOptions options, long delayMs) {
        if (closed) {
            return;
        }
        try {
            timer.schedule(() -> attempt(options, delayMs), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** One attempt, on the timer thread; a failure schedules the next, backing off. */
    private void attempt(MqttConnectOptions options, long delayMs) {
        if (closed || client.isConnected()) {
            return;
        }
        long next = Math.min(delayMs * 2, maxDelayMs);
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // the connection's connectComplete resubscribes
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    schedule(options, next);
                }
            });
        } catch (MqttException | RuntimeException e) {
            schedule(options, next);
        }
    }

    /** Stops the attempts, including one already scheduled. Idempotent. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
