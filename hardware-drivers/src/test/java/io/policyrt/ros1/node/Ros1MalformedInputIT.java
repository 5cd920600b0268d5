package io.policyrt.ros1.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.policyrt.ros1.tcpros.ConnectionHeader;
import io.policyrt.ros1.tcpros.TcprosLimits;
import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.ros1.tcpros.TopicSubscriber;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.StringMessage;
import io.policyrt.ros1.xmlrpc.XmlRpcClient;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input at every door of the node: the slave API's HTTP endpoint, the TCPROS
 * server, and a subscriber's link to a publisher that sends garbage. Each is refused, the node
 * keeps serving its real peers, and shutdown leaves no thread behind.
 */
class Ros1MalformedInputIT {
    @TempDir
    Path dir;
    private RosMaster master;
    private Set<String> threadsBefore;

    @BeforeEach
    void start() throws Exception {
        threadsBefore = Ros1Nodes.ros1Threads();
        master = RosMaster.start(dir.resolve("master"));
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
    }

    private Ros1Node node(String name, TcprosLimits limits) throws Exception {
        Ros1NodeSettings s = Ros1NodeSettings.resolve(name, master.uri(), "127.0.0.1", Map.of()).withLimits(limits)
                .withMasterCheckPeriod(Duration.ofMillis(200));
        return Ros1Node.start(s);
    }

    private static HttpResponse<String> post(URI uri, byte[] body) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Declares a body one byte over the limit and sends none of it: the node must refuse on the
     * header alone. Sending the body as well would race the refusal, since a server that closes
     * with unread bytes resets the connection and the client may lose the 413 it was sent.
     */
    private static int statusOfOversizedRequest(URI api) throws IOException {
        try (Socket s = new Socket("127.0.0.1", api.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
                    + (XmlRpcLimits.DEFAULT.maxDocumentBytes() + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void malformed_slave_api_requests_are_refused_and_the_node_keeps_answering() throws Exception {
        Ros1Node node = node("target", TcprosLimits.DEFAULT);
        try {
            URI api = node.slaveUri();
            List<String> bad = List.of("garbage",
                    "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>getPid"
                            + "</methodName><params><param><value>&x;</value></param></params></methodCall>",
                    "<methodCall><methodName>getPid</methodName><params><param>" + "<value><array><data>".repeat(100)
                            + "</data></array></value>".repeat(100) + "</param></params></methodCall>",
                    "<methodCall><methodName>getPid</methodName><params><param><value><string>/x",
                    "<methodCall><methodName>getPid</methodName><params><param><value><i8>1</i8></value></param></params></methodCall>");
            for (String b : bad) {
                HttpResponse<String> r = post(api, b.getBytes(StandardCharsets.UTF_8));
                assertThat(r.statusCode()).as(b).isEqualTo(200);
                assertThat(r.body()).as(b).contains("<fault>").doesNotContain("root:");
            }
            assertThat(statusOfOversizedRequest(api)).isEqualTo(413);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(http.send(HttpRequest.newBuilder(api).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(405);
            XmlRpcClient client = new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(5));
            // well-formed calls with the wrong parameters get the API's error code, not a crash
            assertThat(client.call(api, "requestTopic", List.of("/x", 5, "y"))).asList().first().isEqualTo(-1);
            assertThat(client.call(api, "noSuchMethod", List.of("/x"))).asList().first().isEqualTo(-1);
            assertThat(node.refusedRequests()).isEqualTo(bad.size() + 2);

            // and the real API still answers, also while three peers stall in the middle of a request
            List<Socket> stalled = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", api.getPort());
                s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<methodCall>")
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            assertThat(client.call(api, "getPid", List.of("/probe")))
                    .isEqualTo(List.of(1, "", (int) ProcessHandle.current().pid()));
            assertThat(client.call(api, "getMasterUri", List.of("/probe"))).asList().last().isEqualTo(master.uri());
            for (Socket s : stalled) {
                s.close();
            }
        } finally {
            node.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    @Test
    void broken_tcpros_handshakes_cost_only_their_own_connection() throws Exception {
        Ros1Node talker = node("talker", new TcprosLimits(1024, 4096, 500));
        Ros1Node listener = node("listener", TcprosLimits.DEFAULT);
        try {
            TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
            InetSocketAddress tcpros = new InetSocketAddress("127.0.0.1", talker.tcprosPort());
            // truncated header, then the peer closes
            try (Socket s = new Socket()) {
                s.connect(tcpros);
                s.getOutputStream().write(new byte[] {100, 0, 0, 0, 5, 0, 0});
            }
            // a header length far beyond the limit
            try (Socket s = new Socket()) {
                s.connect(tcpros);
                s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f});
                assertClosedByPeer(s);
            }
            // an HTTP request on the TCPROS port: its first four bytes read as a huge length
            try (Socket s = new Socket()) {
                s.connect(tcpros);
                s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertClosedByPeer(s);
            }
            // a peer that never sends its header times out
            try (Socket s = new Socket()) {
                s.connect(tcpros);
                assertClosedByPeer(s);
            }
            // a well-formed header for a topic the node does not publish gets an error field
            try (Socket s = new Socket()) {
                s.connect(tcpros);
                new ConnectionHeader(Map.of("callerid", "/probe", "topic", "/other", "md5sum", "*", "type", "*"))
                        .writeTo(s.getOutputStream());
                ConnectionHeader reply = ConnectionHeader.readFrom(s.getInputStream(), 4096);
                assertThat(reply.get("error")).contains("does not publish /other");
            }
            Ros1Nodes.await("five refusals", () -> talker.refusedConnections() == 5);

            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            TopicSubscriber<StringMessage> sub = listener.subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
            Ros1Nodes.await("real subscriber connected", () -> pub.subscriberCount() == 1 && sub.connectedPublishers() == 1);
            pub.publish(new StringMessage().set("fine"));
            assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("fine");
        } finally {
            listener.shutdown();
            talker.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    /**
     * Twenty peers that each open the slave API's port, send one byte and go silent hold no thread:
     * the calls the graph depends on (getPid, requestTopic, publisherUpdate) are answered at once,
     * within a client timeout shorter than the node's 5 s request deadline, and each idle socket
     * is then answered 408 and closed.
     */
    @Test
    void twenty_idle_one_byte_sockets_do_not_stop_the_slave_api() throws Exception {
        Ros1Node node = node("target", TcprosLimits.DEFAULT);
        try {
            node.advertise("/chatter", StringMessage.TYPE, false);
            node.subscribe("/other", StringMessage.TYPE, m -> { });
            URI api = node.slaveUri();
            List<Socket> idle = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", api.getPort());
                s.getOutputStream().write('P');
                idle.add(s);
            }
            // 3 s: generous for a loaded machine, and short of the 5 s after which the idle sockets are dropped
            XmlRpcClient client = new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(3));
            assertThat(client.call(api, "getPid", List.of("/probe"))).isEqualTo(List.of(1, "", (int) ProcessHandle.current().pid()));
            assertThat(client.call(api, "requestTopic", List.of("/probe", "/chatter", List.of(List.of("TCPROS")))))
                    .isEqualTo(List.of(1, "ready on 127.0.0.1:" + node.tcprosPort(), List.of("TCPROS", "127.0.0.1", node.tcprosPort())));
            assertThat(client.call(api, "publisherUpdate", List.of("/master", "/other", List.of())).toString())
                    .startsWith("[1, ");
            for (Socket s : idle) {
                s.setSoTimeout(30_000);
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408");
                s.close();
            }
            assertThat(node.timedOutRequests()).isEqualTo(20);
            assertThat(client.call(api, "getPid", List.of("/probe"))).asList().first().isEqualTo(1);
        } finally {
            node.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    /**
     * The node's slave API behind a server with one worker and no queue, the worker held by a call
     * that blocks: the next call is answered 503 at once (not run on the selector thread, which
     * keeps accepting), and service resumes when the worker is free.
     */
    @Test
    void a_saturated_slave_api_answers_503_and_serves_again_afterwards() throws Exception {
        Ros1Node node = node("target", TcprosLimits.DEFAULT);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        SlaveApi real = new SlaveApi(node);
        SlaveServer server = new SlaveServer(new InetSocketAddress("127.0.0.1", 0), new XmlRpcCodec(XmlRpcLimits.DEFAULT),
                SlaveApiLimits.DEFAULT.withWorkers(1, 0), call -> {
                    if (call.methodName().equals("getBusInfo")) {
                        held.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return real.dispatch(call);
                }, "/gated");
        var clients = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            URI api = URI.create("http://127.0.0.1:" + server.port() + "/");
            XmlRpcClient client = new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(10));
            var blocked = clients.submit(() -> client.call(api, "getBusInfo", List.of("/probe")));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> refused = post(api, XmlRpcCodec.writeCall("getPid", List.of("/probe")));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(server.overloadedRequests()).isEqualTo(1);
            release.countDown();
            assertThat(blocked.get(30, TimeUnit.SECONDS)).asList().first().isEqualTo(1);
            Ros1Nodes.await("served again", () -> {
                try {
                    return post(api, XmlRpcCodec.writeCall("getPid", List.of("/probe"))).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            release.countDown();
            clients.shutdownNow();
            server.close();
            node.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    /**
     * A peer that trickles its connection header one byte every 200 ms would keep a per-read
     * timeout from ever firing; the handshake deadline (1 s here) closes it all the same, and a
     * real subscriber connects meanwhile and afterwards.
     */
    @Test
    void a_trickling_tcpros_handshake_is_closed_at_the_deadline_and_real_subscribers_connect() throws Exception {
        Ros1Node talker = node("talker", new TcprosLimits(1024, 4096, 1000));
        Ros1Node listener = node("listener", TcprosLimits.DEFAULT);
        try {
            TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
            try (Socket s = new Socket("127.0.0.1", talker.tcprosPort())) {
                s.getOutputStream().write(new byte[] {(byte) 200, 0, 0, 0});
                Thread trickle = new Thread(() -> {
                    try {
                        for (int i = 0; i < 150; i++) { // 30 s of one byte every 200 ms, unless closed first
                            Thread.sleep(200);
                            s.getOutputStream().write('a');
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed by the node: the point of the test
                    }
                }, "test-trickle");
                trickle.setDaemon(true);
                long start = System.nanoTime();
                trickle.start();
                BlockingQueue<String> got = new LinkedBlockingQueue<>();
                TopicSubscriber<StringMessage> sub = listener.subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
                Ros1Nodes.await("real subscriber connected", () -> pub.subscriberCount() == 1 && sub.connectedPublishers() == 1);
                assertClosedByPeer(s);
                // closed long before the trickle would have finished its 30 s
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
                trickle.interrupt();
                pub.publish(new StringMessage().set("fine"));
                assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("fine");
            }
            assertThat(talker.refusedConnections()).isEqualTo(1);
        } finally {
            listener.shutdown();
            talker.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    @Test
    void subscribers_beyond_the_per_topic_cap_are_refused_with_an_error_header() throws Exception {
        Ros1Node talker = node("talker", TcprosLimits.DEFAULT.withSubscriberCaps(2, 128));
        try {
            TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
            ConnectionHeader request = new ConnectionHeader(Map.of("callerid", "/probe", "topic", "/chatter", "md5sum", "*",
                    "type", "*"));
            List<Socket> accepted = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket("127.0.0.1", talker.tcprosPort());
                s.setSoTimeout(30_000);
                request.writeTo(s.getOutputStream());
                assertThat(ConnectionHeader.readFrom(s.getInputStream(), 1 << 20).get("error")).isNull();
                accepted.add(s);
            }
            Ros1Nodes.await("two subscribers", () -> pub.subscriberCount() == 2);
            try (Socket third = new Socket("127.0.0.1", talker.tcprosPort())) {
                third.setSoTimeout(30_000);
                request.writeTo(third.getOutputStream());
                assertThat(ConnectionHeader.readFrom(third.getInputStream(), 1 << 20).get("error"))
                        .contains("has 2 subscribers already");
            }
            // a subscriber that leaves frees its place, even with nothing published in between
            accepted.remove(0).close();
            Ros1Nodes.await("a place free again", () -> {
                try (Socket s = new Socket("127.0.0.1", talker.tcprosPort())) {
                    s.setSoTimeout(30_000);
                    request.writeTo(s.getOutputStream());
                    return ConnectionHeader.readFrom(s.getInputStream(), 1 << 20).get("error") == null;
                } catch (IOException e) {
                    return false;
                }
            });
            for (Socket s : accepted) {
                s.close();
            }
        } finally {
            talker.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    /**
     * publisherUpdate is accepted from anyone (ROS 1 has no authentication). A flood of updates
     * listing hundreds of unreachable publishers next to the real one starts at most the per-topic
     * number of links (one thread each), keeps the link to the real publisher, counts what it
     * ignored, and leaves the slave API answering.
     */
    @Test
    void a_publisher_update_flood_starts_a_bounded_number_of_links() throws Exception {
        Ros1Node talker = node("talker", TcprosLimits.DEFAULT);
        Ros1Node listener = node("listener", TcprosLimits.DEFAULT.withPublisherCaps(4, 8));
        try {
            TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            TopicSubscriber<StringMessage> sub = listener.subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
            Ros1Nodes.await("connected", () -> sub.connectedPublishers() == 1 && pub.subscriberCount() == 1);

            XmlRpcClient client = new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(10));
            int maxLinkThreads = 0;
            for (int round = 0; round < 20; round++) {
                List<String> uris = new java.util.ArrayList<>();
                uris.add(talker.slaveUri().toString());
                for (int i = 0; i < 200; i++) {
                    uris.add("http://127.0.0.1:" + (1 + round * 200 + i) + "/"); // nothing listens there
                }
                uris.add("not a uri");
                assertThat(client.call(listener.slaveUri(), "publisherUpdate", List.of("/hostile", "/chatter", uris)))
                        .asList().first().isEqualTo(1);
                maxLinkThreads = Math.max(maxLinkThreads, linkThreads("/chatter"));
            }
            assertThat(maxLinkThreads).isLessThanOrEqualTo(4);
            assertThat(sub.connectionStats()).hasSizeLessThanOrEqualTo(4);
            assertThat(sub.ignoredPublishers()).isEqualTo(20 * (201 - 3));
            assertThat(client.call(listener.slaveUri(), "getPid", List.of("/probe"))).asList().first().isEqualTo(1);
            pub.publish(new StringMessage().set("still linked"));
            assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("still linked");
        } finally {
            listener.shutdown();
            talker.shutdown();
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    private static int linkThreads(String topic) {
        String prefix = "policyrt-ros1-sub" + topic.replace('/', '_') + "-";
        return (int) Ros1Nodes.ros1Threads().stream().filter(n -> n.startsWith(prefix)).count();
    }

    /** The node closed the connection: end of stream, or a reset when our bytes were left unread. */
    private static void assertClosedByPeer(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        try {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            assertThat(reset.getMessage()).contains("reset");
        }
    }

    /**
     * A fake publisher (its own slave API and TCPROS socket) that answers the handshake correctly
     * and then sends, one connection each: an oversized frame length, a truncated frame, and a
     * frame whose string length lies, followed by a good message.
     */
    @Test
    void a_subscriber_survives_garbage_frames_and_reconnects() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket tcpros = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            api.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                byte[] reply = XmlRpcCodec.writeResponse(List.of(1, "", List.of("TCPROS", "127.0.0.1", tcpros.getLocalPort())));
                ex.sendResponseHeaders(200, reply.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(reply);
                }
            });
            api.start();
            Thread fake = new Thread(() -> serveGarbage(tcpros, connections), "test-fake-publisher");
            fake.setDaemon(true);
            fake.start();
            Ros1Node listener = node("listener", new TcprosLimits(1024, 64 * 1024, 2000));
            try {
                BlockingQueue<String> got = new LinkedBlockingQueue<>();
                TopicSubscriber<StringMessage> sub = listener.subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
                sub.updatePublishers(List.of("http://127.0.0.1:" + api.getAddress().getPort() + "/"));
                assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("good");
                assertThat(connections.get()).isEqualTo(3);
                assertThat(sub.delivered()).isEqualTo(1);
                assertThat(sub.connectionStats()).singleElement().satisfies(c -> assertThat(c.dropped()).isEqualTo(1));
            } finally {
                listener.shutdown();
                api.stop(0);
            }
        }
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(threadsBefore));
    }

    private static void serveGarbage(ServerSocket server, AtomicInteger connections) {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                int n = connections.incrementAndGet();
                InputStream in = s.getInputStream();
                ConnectionHeader.readFrom(in, 1 << 20);
                new ConnectionHeader(Map.of("callerid", "/fake", "md5sum", StringMessage.TYPE.md5sum(),
                        "type", StringMessage.TYPE.name(), "latching", "0")).writeTo(s.getOutputStream());
                OutputStream out = s.getOutputStream();
                ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
                if (n == 1) {
                    b.putInt(1 << 30); // beyond the 1024-byte limit
                } else if (n == 2) {
                    b.putInt(100).put(new byte[10]); // promises 100 bytes, sends 10, closes
                } else {
                    b.putInt(8).putInt(1000).putInt(0); // string length 1000 inside an 8-byte frame
                    b.putInt(8).putInt(4).put("good".getBytes(StandardCharsets.US_ASCII));
                }
                out.write(b.array(), 0, b.position());
                out.flush();
                if (n < 3) {
                    s.close();
                }
            }
        } catch (IOException e) {
            // server closed at the end of the test
        }
    }
}
