package io.policyrt.ros1.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCPROS connection header (http://wiki.ros.org/ROS/Connection%20Header): a little-endian
 * uint32 total length, then fields, each a uint32 length and {@code name=value} bytes. Both sides
 * send one when a connection opens; a refusal is a header with an {@code error} field.
 */
public final class ConnectionHeader {
    public static final String CALLER_ID = "callerid";
    public static final String TOPIC = "topic";
    public static final String MD5SUM = "md5sum";
    public static final String TYPE = "type";
    public static final String MESSAGE_DEFINITION = "message_definition";
    public static final String TCP_NODELAY = "tcp_nodelay";
    public static final String LATCHING = "latching";
    public static final String ERROR = "error";
    /** The md5 sum and type a subscriber sends when it takes any type (rostopic echo). */
    public static final String ANY = "*";

    private final Map<String, String> fields;

    public ConnectionHeader(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Map<String, String> fields() { return fields; }

    /** The field's value, or null. */
    public String get(String name) { return fields.get(name); }

    /** The field's value, or a protocol error naming the missing field. */
    public String require(String name) throws TcprosProtocolException {
        String v = fields.get(name);
        if (v == null) {
            throw new TcprosProtocolException("connection header lacks the '" + name + "' field (has " + fields.keySet() + ")");
        }
        return v;
    }

    /** The whole header, length prefix included. */
    public byte[] encode() {
        int total = 0;
        byte[][] encoded = new byte[fields.size()][];
        int i = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            encoded[i] = (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8);
            total += 4 + encoded[i].length;
            i++;
        }
        byte[] out = new byte[4 + total];
        int p = writeIntLe(out, 0, total);
        for (byte[] field : encoded) {
            p = writeIntLe(out, p, field.length);
            System.arraycopy(field, 0, out, p, field.length);
            p += field.length;
        }
        return out;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(encode());
        out.flush();
    }

    /**
     * Reads one header.
     *
     * @param maxBytes longest header accepted; a longer length prefix is refused before anything is allocated
     * @throws TcprosProtocolException when the bytes are not a header
     * @throws EOFException            when the peer closes before a whole header arrived
     */
    public static ConnectionHeader readFrom(InputStream in, int maxBytes) throws IOException {
        byte[] lengthBytes = readFully(in, new byte[4], 4);
        int total = readIntLe(lengthBytes, 0);
        if (total < 0 || total > maxBytes) {
            throw new TcprosProtocolException("connection header length " + Integer.toUnsignedString(total)
                    + " outside 0.." + maxBytes);
        }
        return decode(readFully(in, new byte[total], total));
    }

    /** Parses the fields of a header body (without its total length prefix). */
    public static ConnectionHeader decode(byte[] body) throws TcprosProtocolException {
        Map<String, String> fields = new LinkedHashMap<>();
        int p = 0;
        while (p < body.length) {
            if (body.length - p < 4) {
                throw new TcprosProtocolException("connection header field length truncated at byte " + p);
            }
            int len = readIntLe(body, p);
            p += 4;
            if (len < 0 || len > body.length - p) {
                throw new TcprosProtocolException("connection header field length " + Integer.toUnsignedString(len)
                        + " exceeds the " + (body.length - p) + " bytes left");
            }
            String field = new String(body, p, len, StandardCharsets.UTF_8);
            p += len;
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new TcprosProtocolException("connection header field without name=value: '"
                        + (field.length() > 40 ? field.substring(0, 40) + "..." : field) + "'");
            }
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return new ConnectionHeader(fields);
    }

    static byte[] readFully(InputStream in, byte[] buf, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new EOFException("connection closed after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return buf;
    }

    static int readIntLe(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    static int writeIntLe(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
        return p + 4;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(fields);
        shown.computeIfPresent(MESSAGE_DEFINITION, (k, v) -> "<" + v.length() + " chars>");
        return shown.toString();
    }
}
