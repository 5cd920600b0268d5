package io.policyrt.drivers.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.policyrt.controller.time.NanoClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The retained status of one connection: its payloads and the timer that refreshes it. The
 * connection publishes them, retained and at QoS 1, on its status topic.
 *
 * <p>Payload: {@code {"state":"online"|"offline","role":...,"client_id":...,"stamp_ns":...}},
 * stamped when it is made; online it ends with the fields of the status supplier, offline with a
 * {@code "reason"}.
 */
final class RetainedStatus implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final String role;
    private final String clientId;
    private final NanoClock clock;
    private ScheduledExecutorService timer;
    private boolean closed;
    private volatile Supplier<String> fields = () -> "";

    RetainedStatus(String role, String clientId, NanoClock clock) {
        this.role = role;
        this.clientId = clientId;
        this.clock = clock;
    }

    /** Extra JSON fields (without braces, starting with a comma) of the online status; null means none. */
    void fields(Supplier<String> fields) {
        this.fields = fields;
    }

    /** Online, with the supplier's fields, or its exception's class name as {@code "status_error"}. */
    byte[] online() {
        String extra;
        try {
            extra = fields.get();
        } catch (RuntimeException e) {
            return payload("online", "status_error", e.getClass().getSimpleName(), null);
        }
        return payload("online", null, null, extra);
    }

    /** Offline for {@code reason}, e.g. {@code "stopped"} or, as the last will, {@code "connection lost"}. */
    byte[] offline(String reason) {
        return payload("offline", "reason", reason, null);
    }

    private byte[] payload(String state, String extraName, String extraValue, String rawFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("state", state);
            g.writeStringField("role", role);
            g.writeStringField("client_id", clientId);
            g.writeNumberField("stamp_ns", clock.nanoTime());
            if (extraName != null) {
                g.writeStringField(extraName, extraValue);
            }
            if (rawFields != null) {
                g.writeRaw(rawFields);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MQTT status of " + clientId, e);
        }
        return out.toByteArray();
    }

    /** Runs {@code publish} every {@code periodMs} [ms] on a daemon thread until {@link #close()}. Once. */
    synchronized void refreshEvery(long periodMs, Runnable publish) {
        if (closed || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policyrt-mqtt-status-" + role);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(publish, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Stops the refreshes. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
