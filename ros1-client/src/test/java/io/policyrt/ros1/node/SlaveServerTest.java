package io.policyrt.ros1.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.ros1.xmlrpc.XmlRpcCall;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slave API's HTTP server on its own, with a stand-in API: deadlines, the 503 when the
 * workers are full, and the per-peer connection cap. Bounds on time are generous (a loaded
 * two-core machine); what is asserted is the answer, not its speed.
 */
class SlaveServerTest {
    private static final XmlRpcCodec CODEC = new XmlRpcCodec(XmlRpcLimits.DEFAULT);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private SlaveServer server(SlaveApiLimits limits, Function<XmlRpcCall, byte[]> api) throws IOException {
        SlaveServer s = new SlaveServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CODEC, limits, api, "/test");
        toClose.add(s);
        return s;
    }

    private static byte[] echo(XmlRpcCall call) {
        return XmlRpcCodec.writeResponse(List.of(1, "", call.methodName()));
    }

    private Socket connect(SlaveServer s, String from) throws IOException {
        Socket socket = new Socket();
        toClose.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()));
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Sends one call on a fresh connection from {@code from} and returns the whole HTTP answer. */
    static String call(int port, String from, String method) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(30_000);
            byte[] body = XmlRpcCodec.writeCall(method, List.of("/probe"));
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void twenty_idle_one_byte_connections_hold_no_worker_and_a_call_is_still_answered() throws Exception {
        SlaveServer s = server(SlaveApiLimits.DEFAULT, SlaveServerTest::echo);
        for (int i = 0; i < 20; i++) {
            connect(s, "127.0.0.1").getOutputStream().write('P');
        }
        long start = System.nanoTime();
        String answer = call(s.port(), "127.0.0.1", "getPid");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("getPid");
        // 20 idle sockets cost a buffer each, not a thread: the call does not wait for them
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
    }

    @Test
    void a_request_that_does_not_arrive_whole_within_the_deadline_gets_408_and_is_closed() throws Exception {
        SlaveServer s = server(SlaveApiLimits.DEFAULT.withRequestDeadlineMs(300), SlaveServerTest::echo);
        Socket slow = connect(s, "127.0.0.1");
        slow.getOutputStream().write("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n<method".getBytes(StandardCharsets.US_ASCII));
        String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(s.timedOutRequests()).isEqualTo(1);
        assertThat(call(s.port(), "127.0.0.1", "getPid")).startsWith("HTTP/1.1 200");
    }

    @Test
    void a_full_worker_pool_answers_503_and_serves_again_once_a_worker_is_free() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        SlaveServer s = server(SlaveApiLimits.DEFAULT.withWorkers(1, 0), call -> {
            if (call.methodName().equals("block")) {
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return echo(call);
        });
        ExecutorService clients = Executors.newFixedThreadPool(1);
        try {
            Future<String> first = clients.submit(() -> call(s.port(), "127.0.0.1", "block"));
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            // the one worker is busy and no request may wait: the next is refused, not run on the selector thread
            assertThat(call(s.port(), "127.0.0.1", "getPid")).startsWith("HTTP/1.1 503");
            assertThat(s.overloadedRequests()).isEqualTo(1);
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").contains("block");
            // the worker takes new work once it is back at the queue (a moment after its answer went out)
            String again = "";
            for (int i = 0; i < 100 && !again.startsWith("HTTP/1.1 200"); i++) {
                again = call(s.port(), "127.0.0.1", "getPid");
            }
            assertThat(again).startsWith("HTTP/1.1 200");
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void connections_beyond_the_per_peer_cap_get_503_while_other_addresses_are_served() throws Exception {
        SlaveServer s = server(SlaveApiLimits.DEFAULT.withConnections(128, 3), SlaveServerTest::echo);
        for (int i = 0; i < 3; i++) {
            connect(s, "127.0.0.1").getOutputStream().write('P');
        }
        // the accept of the fourth may race the accounting of the first three; poll until it is refused
        String answer = "";
        for (int i = 0; i < 100 && !answer.startsWith("HTTP/1.1 503"); i++) {
            answer = call(s.port(), "127.0.0.1", "getPid");
        }
        assertThat(answer).startsWith("HTTP/1.1 503");
        assertThat(call(s.port(), "127.0.0.2", "getPid")).startsWith("HTTP/1.1 200");
    }

    @Test
    void wrong_verb_missing_length_and_oversized_headers_are_refused_with_their_status() throws Exception {
        SlaveServer s = server(SlaveApiLimits.DEFAULT, SlaveServerTest::echo);
        assertThat(raw(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(raw(s, "POST / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 411");
        assertThat(raw(s, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")).startsWith("HTTP/1.1 411");
        assertThat(raw(s, "POST / HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n")).startsWith("HTTP/1.1 431");
        assertThat(raw(s, "POST / HTTP/1.1\r\nContent-Length: " + (XmlRpcLimits.DEFAULT.maxDocumentBytes() + 1) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
        assertThat(raw(s, "hello\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(s.refusedRequests()).isEqualTo(6);
    }

    private String raw(SlaveServer s, String request) throws IOException {
        Socket socket = connect(s, "127.0.0.1");
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        byte[] head = socket.getInputStream().readNBytes(12);
        socket.close();
        return new String(head, StandardCharsets.US_ASCII);
    }
}
