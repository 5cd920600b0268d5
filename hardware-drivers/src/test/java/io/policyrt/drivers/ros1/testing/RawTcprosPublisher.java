package io.policyrt.drivers.ros1.testing;

import com.sun.net.httpserver.HttpServer;
import io.policyrt.ros1.msg.RosMessageType;
import io.policyrt.ros1.node.MasterClient;
import io.policyrt.ros1.node.Ros1ApiException;
import io.policyrt.ros1.tcpros.ConnectionHeader;
import io.policyrt.ros1.xmlrpc.XmlRpcClient;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A ROS 1 publisher made of raw sockets, for hostile-input tests: it registers with a real
 * master as node {@code callerId} publishing {@code topic}, answers {@code requestTopic} on its
 * own slave API and the TCPROS handshake correctly (with its caller id, the type's md5 sum and
 * definition), and then writes to every connected subscriber exactly the bytes a test gives it:
 * a well-formed frame, a zero-length or truncated one, or anything else.
 *
 * <pre>{@code
 * try (RawTcprosPublisher button = RawTcprosPublisher.start(master, "/broken_button", "/estop", Bool.TYPE)) {
 *     button.awaitSubscribers(1);
 *     button.sendFrame();          // a zero-length frame: a std_msgs/Bool needs one byte
 *     button.sendFrame((byte) 0);  // a well-formed false
 * }
 * }</pre>
 */
public final class RawTcprosPublisher implements AutoCloseable {
    private final String callerId;
    private final String topic;
    private final RosMessageType<?> type;
    private final ServerSocket tcpros;
    private final HttpServer slaveApi;
    private final URI slaveUri;
    private final MasterClient master;
    private final List<Socket> subscribers = new CopyOnWriteArrayList<>();

    private RawTcprosPublisher(RosMaster master, String callerId, String topic, RosMessageType<?> type) throws IOException {
        this.callerId = callerId;
        this.topic = topic;
        this.type = type;
        this.tcpros = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.slaveApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        // every call is answered as requestTopic: the master sends a publisher none, and subscribers only ask that
        slaveApi.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] reply = XmlRpcCodec.writeResponse(List.of(1, "", List.of("TCPROS", "127.0.0.1", tcpros.getLocalPort())));
            ex.sendResponseHeaders(200, reply.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(reply);
            }
        });
        slaveApi.start();
        this.slaveUri = URI.create("http://127.0.0.1:" + slaveApi.getAddress().getPort() + "/");
        this.master = new MasterClient(URI.create(master.uri()), callerId,
                new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(10)));
        Thread acceptor = new Thread(this::accept, "test-raw-publisher" + topic.replace('/', '_'));
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts the publisher and registers it with {@code master}, which tells the topic's subscribers. */
    public static RawTcprosPublisher start(RosMaster master, String callerId, String topic, RosMessageType<?> type)
            throws IOException, Ros1ApiException {
        RawTcprosPublisher p = new RawTcprosPublisher(master, callerId, topic, type);
        try {
            p.master.registerPublisher(topic, type.name(), p.slaveUri);
        } catch (Ros1ApiException | RuntimeException e) {
            p.closeSockets();
            throw e;
        }
        return p;
    }

    private void accept() {
        try {
            while (!tcpros.isClosed()) {
                Socket s = tcpros.accept();
                try {
                    s.setSoTimeout(10_000);
                    ConnectionHeader.readFrom(s.getInputStream(), 1 << 20);
                    new ConnectionHeader(Map.of(ConnectionHeader.CALLER_ID, callerId, ConnectionHeader.TOPIC, topic,
                            ConnectionHeader.MD5SUM, type.md5sum(), ConnectionHeader.TYPE, type.name(),
                            ConnectionHeader.MESSAGE_DEFINITION, type.definition(), ConnectionHeader.LATCHING, "0"))
                            .writeTo(s.getOutputStream());
                    subscribers.add(s);
                } catch (IOException e) {
                    s.close();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Waits up to 30 s until {@code n} subscribers finished their handshake. */
    public void awaitSubscribers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subscribers.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + n + " subscriber(s) of " + topic + " connected to " + callerId + " within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Sends one TCPROS frame, its length and then {@code body}, to every connected subscriber. */
    public void sendFrame(byte... body) throws IOException {
        sendBytes(ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).put(body).array());
    }

    /** Sends {@code bytes} as they are to every connected subscriber. */
    public void sendBytes(byte[] bytes) throws IOException {
        for (Socket s : subscribers) {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }

    public int subscribers() { return subscribers.size(); }

    public String callerId() { return callerId; }

    /** Unregisters from the master and closes every socket. */
    @Override
    public void close() {
        try {
            master.unregisterPublisher(topic, slaveUri);
        } catch (Ros1ApiException | RuntimeException e) {
            // the master may be gone already
        }
        closeSockets();
    }

    private void closeSockets() {
        slaveApi.stop(0);
        try {
            tcpros.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : subscribers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
