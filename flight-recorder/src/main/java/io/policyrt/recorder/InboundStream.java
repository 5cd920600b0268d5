package io.policyrt.recorder;

import io.policyrt.recorder.mcap.McapEncodings;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One inbound topic's messages on their way to the recording: the receiving thread copies each
 * message (its raw bytes, or a copy of the decoded domain value) with its receive time, verdict
 * and sender into a preallocated slot of a bounded ring; the recorder's writer thread writes it
 * to the topic's channel and its verdict to {@value #VERDICT_TOPIC}. A full ring drops the message
 * and counts it; the receiving thread never waits. Slots grow to the largest payload seen, so
 * steady state allocates nothing.
 *
 * <p>Producers: any thread; concurrent producers are serialized by the stream's monitor (never
 * held by the writer thread). Made by {@link FlightRecorder#inbound}.
 */
public final class InboundStream {
    /** The channel of every inbound message's verdict. */
    public static final String VERDICT_TOPIC = "/policyrt/inbound";

    /**
     * How a topic's messages are stored.
     *
     * @param topic           the channel's topic (the transport's topic name)
     * @param transport       the transport's kind, for the channel metadata
     * @param messageEncoding e.g. {@code json}, or a layout name for binary payloads
     * @param schemaName      the schema's name
     * @param schemaEncoding  e.g. {@code jsonschema}, or empty
     * @param schemaData      the schema (empty with an empty encoding)
     * @param rawBytes        true: the payload bytes are recorded as they came; false: the decoded
     *                        domain value, as JSON
     */
    public record Layout(String topic, String transport, String messageEncoding, String schemaName, String schemaEncoding,
                         byte[] schemaData, boolean rawBytes, Map<String, String> channelMetadata) {

        /**
         * Decoded values (a transport that hands over no frames of a registered encoding): JSON with
         * the value's JSON Schema.
         */
        public static Layout decodedValues(String topic, String transport, Class<?> valueType) {
            byte[] schema = DomainValues.schema(valueType);
            return new Layout(topic, transport, McapEncodings.MESSAGE_JSON, schemaName(valueType),
                    McapEncodings.SCHEMA_JSONSCHEMA, schema != null ? schema : ANY_OBJECT, false,
                    Map.of("recorded", "decoded value (the transport's own bytes are not recorded)"));
        }

        /** JSON payloads as they came, with the JSON Schema of the message kind the topic carries. */
        public static Layout jsonPayloads(String topic, String transport, Class<?> valueType) {
            byte[] schema = DomainValues.schema(valueType);
            return new Layout(topic, transport, McapEncodings.MESSAGE_JSON, schemaName(valueType),
                    McapEncodings.SCHEMA_JSONSCHEMA, schema != null ? schema : ANY_OBJECT, true,
                    Map.of("recorded", "payload as received"));
        }

        /**
         * Binary payloads as they came: the message encoding and the schema's name name the
         * layout ({@code layout}), the schema has no data.
         */
        public static Layout binaryPayloads(String topic, String transport, Class<?> valueType, String layout) {
            return new Layout(topic, transport, layout, layout + "/" + valueType.getSimpleName(), McapEncodings.SCHEMA_NONE,
                    new byte[0], true, Map.of("recorded", "payload as received", "layout", layout));
        }

        /**
         * Messages as they came in an encoding of the MCAP registry (ROS 1 {@code ros1} frames, ROS 2
         * {@code cdr} samples), with the type's full definition as the schema ({@code ros1msg},
         * {@code ros2msg}) and the transport's properties of the topic as channel metadata (the ROS 2
         * {@code offered_qos_profiles}).
         */
        public static Layout wireFrames(String topic, String transport, String messageEncoding, String typeName,
                                        String definitionEncoding, String definition, Map<String, String> properties) {
            Map<String, String> metadata = new java.util.LinkedHashMap<>(properties);
            metadata.put("recorded", "message as received");
            return new Layout(topic, transport, messageEncoding, typeName, definitionEncoding,
                    definition.getBytes(java.nio.charset.StandardCharsets.UTF_8), true, Map.copyOf(metadata));
        }

        private static String schemaName(Class<?> valueType) {
            String name = DomainValues.schemaName(valueType);
            return name != null ? name : "policyrt." + valueType.getSimpleName();
        }

        private static final byte[] ANY_OBJECT = "{\"type\":\"object\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static final class Slot {
        long monotonicNanos;
        long receivedNanos;
        String verdict;
        boolean accepted;
        String source;
        byte[] bytes = new byte[256];
        int length;
        boolean hasMessage;
        Object value;
    }

    private final Layout layout;
    private final Slot[] slots;
    private final int mask;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private volatile long dropped;
    private volatile long offered;

    /** Written by the writer thread only: the channel ids, 0 until registered. */
    int channelId;
    long messageSequence;

    InboundStream(Layout layout, int capacity) {
        this.layout = layout;
        int n = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        slots = new Slot[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new Slot();
        }
        mask = n - 1;
    }

    public Layout layout() { return layout; }

    /**
     * One message whose payload bytes are recorded as they came.
     *
     * @param receivedNanos the receiver's clock [ns]
     * @param verdict       {@code NONE} when accepted, else the reject reason's name
     * @param payload       the bytes, or null when the transport refused the message before it had them
     */
    public synchronized void recordBytes(long receivedNanos, String verdict, boolean accepted, String source, byte[] payload) {
        Slot s = claim();
        if (s == null) {
            return;
        }
        fill(s, receivedNanos, verdict, accepted, source);
        s.hasMessage = payload != null;
        if (payload != null) {
            if (s.bytes.length < payload.length) {
                s.bytes = Arrays.copyOf(payload, Math.max(payload.length, s.bytes.length * 2));
            } else {
                System.arraycopy(payload, 0, s.bytes, 0, payload.length);
            }
            s.length = payload.length;
        }
        publish();
    }

    /**
     * One message whose bytes are recorded as they came, read from a transport's receive buffer
     * (absolute reads: {@code frame}'s position and limit are left alone).
     *
     * @param frame       the transport's buffer, the message at indexes 0 to {@code lengthBytes}; null
     *                    when the transport refused the message before it had its bytes
     */
    public synchronized void recordBytes(long receivedNanos, String verdict, boolean accepted, String source, ByteBuffer frame,
                                         int lengthBytes) {
        Slot s = claim();
        if (s == null) {
            return;
        }
        fill(s, receivedNanos, verdict, accepted, source);
        s.hasMessage = frame != null;
        if (frame != null) {
            if (s.bytes.length < lengthBytes) {
                s.bytes = new byte[Math.max(lengthBytes, s.bytes.length * 2)];
            }
            frame.get(0, s.bytes, 0, lengthBytes);
            s.length = lengthBytes;
        }
        publish();
    }

    /** One message whose decoded domain value is recorded as JSON; {@code value} null when decoding failed. */
    public synchronized void recordValue(long receivedNanos, String verdict, boolean accepted, String source, Object value) {
        Slot s = claim();
        if (s == null) {
            return;
        }
        fill(s, receivedNanos, verdict, accepted, source);
        Object copy = value == null ? null : DomainValues.copy(value, s.value);
        s.hasMessage = copy != null;
        if (copy != null) {
            s.value = copy;
        }
        publish();
    }

    private Slot claim() {
        offered = offered + 1;
        long seq = published.get();
        if (seq - consumed.get() >= slots.length) {
            dropped = dropped + 1;
            return null;
        }
        return slots[(int) (seq & mask)];
    }

    private static void fill(Slot s, long receivedNanos, String verdict, boolean accepted, String source) {
        s.monotonicNanos = System.nanoTime();
        s.receivedNanos = receivedNanos;
        s.verdict = verdict;
        s.accepted = accepted;
        s.source = source;
    }

    private void publish() {
        published.lazySet(published.get() + 1);
    }

    /** The oldest message not yet released, or null. Writer thread. */
    Slot peek() {
        long seq = consumed.get();
        return seq < published.get() ? slots[(int) (seq & mask)] : null;
    }

    /** Writer thread. */
    void release() {
        consumed.lazySet(consumed.get() + 1);
    }

    /** Messages handed to the stream. Any thread. */
    public long offered() { return offered; }
    /** Messages dropped because the ring was full. Any thread. */
    public long dropped() { return dropped; }
}
