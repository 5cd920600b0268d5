package io.policyrt.drivers.mqtt.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of an MQTT broker that drops its first connections the moment the
 * client sends SUBSCRIBE, as a broker that closes a client right after CONNECT does (Moquette under
 * load); later connections pass through untouched.
 */
public final class SubscribeDroppingProxy implements AutoCloseable {
    private static final int SUBSCRIBE = 8;

    private final ServerSocket server;
    private final int brokerPort;
    private final int connectionsToDrop;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private SubscribeDroppingProxy(int brokerPort, int connectionsToDrop) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.brokerPort = brokerPort;
        this.connectionsToDrop = connectionsToDrop;
        Thread acceptor = new Thread(this::accept, "subscribe-dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port and forwards to the broker on {@code brokerPort}. */
    public static SubscribeDroppingProxy start(int brokerPort, int connectionsToDrop) throws IOException {
        return new SubscribeDroppingProxy(brokerPort, connectionsToDrop);
    }

    public String uri() { return "tcp://127.0.0.1:" + server.getLocalPort(); }
    /** Client connections accepted so far. */
    public int connections() { return connections.get(); }
    /** Connections dropped at their SUBSCRIBE. */
    public int dropped() { return dropped.get(); }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                boolean drop = connections.incrementAndGet() <= connectionsToDrop;
                daemon(() -> clientToBroker(client, broker, drop));
                daemon(() -> copy(broker, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Forwards whole MQTT packets (fixed header, remaining length, body), dropping at SUBSCRIBE if asked. */
    private void clientToBroker(Socket client, Socket broker, boolean dropAtSubscribe) {
        try (client; broker) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = broker.getOutputStream();
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (dropAtSubscribe && (first >> 4) == SUBSCRIBE) {
                    dropped.incrementAndGet();
                    return; // closes both sides
                }
                byte[] header = new byte[5];
                header[0] = (byte) first;
                int n = 1;
                int length = 0;
                int digit;
                int shift = 0;
                do {
                    digit = in.readUnsignedByte();
                    header[n++] = (byte) digit;
                    length |= (digit & 0x7f) << shift;
                    shift += 7;
                } while ((digit & 0x80) != 0);
                byte[] body = new byte[length];
                in.readFully(body);
                out.write(header, 0, n);
                out.write(body);
                out.flush();
            }
        } catch (IOException closed) {
            // either side went away
        }
    }

    private static void copy(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            in.transferTo(to.getOutputStream());
        } catch (IOException closed) {
            // either side went away
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "subscribe-dropping-proxy-io");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
