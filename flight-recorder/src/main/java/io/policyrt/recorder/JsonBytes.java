package io.policyrt.recorder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable UTF-8 JSON text under construction, for the writer thread: names are written from
 * bytes prepared once ({@link #name(String)}), numbers without boxing. Non-finite numbers, which
 * JSON cannot hold, are written as {@code null}.
 */
final class JsonBytes {
    private byte[] buf = new byte[1024];
    private int size;
    private boolean first = true;

    /** The bytes of {@code "name":} with the name escaped, to prepare once. */
    static byte[] name(String name) {
        return ("\"" + escape(name) + "\":").getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    JsonBytes reset() {
        size = 0;
        first = true;
        return this;
    }

    byte[] array() { return buf; }
    int size() { return size; }

    JsonBytes beginObject() {
        put((byte) '{');
        first = true;
        return this;
    }

    JsonBytes endObject() {
        put((byte) '}');
        first = false;
        return this;
    }

    /** Starts a member: a comma when needed, then the prepared {@code "name":}. */
    JsonBytes key(byte[] preparedName) {
        if (!first) {
            put((byte) ',');
        }
        first = false;
        ensure(preparedName.length);
        System.arraycopy(preparedName, 0, buf, size, preparedName.length);
        size += preparedName.length;
        return this;
    }

    JsonBytes value(long v) {
        if (v == Long.MIN_VALUE) {
            return raw("-9223372036854775808");
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        ensure(20);
        int start = size;
        do {
            buf[size++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        first = false;
        return this;
    }

    JsonBytes value(double v) {
        if (!Double.isFinite(v)) {
            return raw("null");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return value((long) v);
        }
        return raw(Double.toString(v));
    }

    /** A float as its shortest decimal form (what the float holds, not its double widening). */
    JsonBytes value(float v) {
        if (!Float.isFinite(v)) {
            return raw("null");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
            return value((long) v);
        }
        return raw(Float.toString(v));
    }

    JsonBytes value(boolean v) {
        return raw(v ? "true" : "false");
    }

    JsonBytes nullValue() {
        return raw("null");
    }

    JsonBytes beginArray() {
        put((byte) '[');
        first = true;
        return this;
    }

    JsonBytes endArray() {
        put((byte) ']');
        first = false;
        return this;
    }

    /** An array element: a comma when needed, then the number. */
    JsonBytes element(double v) {
        if (!first) {
            put((byte) ',');
        }
        return value(v);
    }

    /** Any string value, escaped (allocates: for rare values such as a sender's name). */
    JsonBytes string(String s) {
        byte[] b = ("\"" + escape(s) + "\"").getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        first = false;
        return this;
    }

    /** Raw bytes that already are one JSON value. */
    JsonBytes rawJson(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        first = false;
        return this;
    }

    /** A string value that needs no escaping (an enum name, a fixed word). */
    JsonBytes plainString(String s) {
        put((byte) '"');
        raw(s);
        put((byte) '"');
        first = false;
        return this;
    }

    private JsonBytes raw(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        first = false;
        return this;
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    @Override
    public String toString() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }
}
