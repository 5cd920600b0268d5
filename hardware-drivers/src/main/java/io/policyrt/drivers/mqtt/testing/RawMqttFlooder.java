package io.policyrt.drivers.mqtt.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A hostile MQTT 3.1.1 peer written on a plain socket: it connects, then writes PUBLISH packets
 * with malformed payloads to the given topics, round robin, as fast as the socket takes them
 * (no client library between it and the broker, so nothing throttles it). A reader thread
 * discards whatever the broker sends back (PUBACKs). Also sends single huge PUBLISHes.
 *
 * <p>In the main source set because the benchmarks' soak run floods a live controller with it, not
 * only the broker tests.
 */
public final class RawMqttFlooder implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;

    private RawMqttFlooder(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        InputStream in = socket.getInputStream();
        this.reader = new Thread(() -> {
            byte[] sink = new byte[1 << 16];
            try {
                while (in.read(sink) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // closed
            }
        }, "flooder-reader");
        reader.setDaemon(true);
    }

    /** Connects with a clean session and waits for the CONNACK. */
    public static RawMqttFlooder connect(int port, String clientId) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(false);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        RawMqttFlooder f = new RawMqttFlooder(s);
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(4); // 3.1.1
        v.write(0x02); // clean session
        v.write(0);
        v.write(60); // keep-alive 60 s
        writeString(v, clientId);
        f.out.write(packet(0x10, v.toByteArray()));
        f.out.flush();
        InputStream in = s.getInputStream();
        byte[] connack = in.readNBytes(4);
        if (connack.length != 4 || (connack[0] & 0xff) != 0x20 || connack[3] != 0) {
            s.close();
            throw new IOException("broker refused the flooder's CONNECT");
        }
        s.setSoTimeout(0);
        f.reader.start();
        return f;
    }

    /**
     * Publishes malformed payloads (random bytes, 1 to 64 of them) round robin over {@code topics}
     * at {@code qos} (0 or 1) for {@code durationMs}, as fast as possible.
     *
     * @return how many were written
     */
    public long flood(List<String> topics, int qos, long durationMs) throws IOException {
        Random rng = new Random(13);
        int variants = 64;
        byte[][][] packets = new byte[topics.size()][variants][];
        for (int t = 0; t < topics.size(); t++) {
            for (int k = 0; k < variants; k++) {
                byte[] payload = new byte[1 + rng.nextInt(64)];
                rng.nextBytes(payload);
                packets[t][k] = publish(topics.get(t), payload, qos, 1 + k);
            }
        }
        long sent = 0;
        int id = 0;
        long end = System.nanoTime() + durationMs * 1_000_000L;
        while (System.nanoTime() - end < 0) {
            for (int burst = 0; burst < 256; burst++) {
                byte[] p = packets[(int) (sent % topics.size())][(int) ((sent / topics.size()) % variants)];
                if (qos > 0) { // a fresh packet id each time, 1..65535
                    id = id % 65535 + 1;
                    int at = packetIdOffset(p);
                    p[at] = (byte) (id >> 8);
                    p[at + 1] = (byte) id;
                }
                out.write(p);
                sent++;
            }
        }
        out.flush();
        return sent;
    }

    /** One PUBLISH at QoS 0 with {@code payloadBytes} bytes of zeros, streamed without building it in memory. */
    public void publishHuge(String topic, int payloadBytes) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, topic);
        byte[] head = v.toByteArray();
        out.write(0x30);
        writeLength(out, head.length + payloadBytes);
        out.write(head);
        byte[] zeros = new byte[1 << 16];
        for (int left = payloadBytes; left > 0; left -= zeros.length) {
            out.write(zeros, 0, Math.min(left, zeros.length));
        }
        out.flush();
    }

    /** Whether the broker has closed the connection (the reader saw the end of the stream). */
    public boolean isClosedByBroker() {
        return !reader.isAlive();
    }

    @Override
    public void close() throws IOException {
        try {
            out.write(new byte[] {(byte) 0xe0, 0}); // DISCONNECT
            out.flush();
        } catch (IOException ignored) {
            // already gone
        }
        socket.close();
    }

    private static byte[] publish(String topic, byte[] payload, int qos, int id) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, topic);
        if (qos > 0) {
            v.write(id >> 8);
            v.write(id);
        }
        v.write(payload);
        return packet(0x30 | (qos << 1), v.toByteArray());
    }

    /** Where a QoS 1 PUBLISH's packet id starts: after the fixed header and the topic name. */
    private static int packetIdOffset(byte[] packet) {
        int at = 1;
        while ((packet[at] & 0x80) != 0) {
            at++;
        }
        at++;
        int topicLength = ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
        return at + 2 + topicLength;
    }

    private static byte[] packet(int type, byte[] body) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(type);
        writeLength(p, body.length);
        p.write(body);
        return p.toByteArray();
    }

    private static void writeLength(OutputStream o, int length) throws IOException {
        int x = length;
        do {
            int b = x % 128;
            x /= 128;
            o.write(x > 0 ? b | 0x80 : b);
        } while (x > 0);
    }

    private static void writeString(ByteArrayOutputStream o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write(b.length >> 8);
        o.write(b.length);
        o.write(b);
    }
}
