package io.policyrt.ros1.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.policyrt.ros1.tcpros.RateLimitedWarning;
import io.policyrt.ros1.xmlrpc.XmlRpcCall;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's XML-RPC slave API endpoint over the JDK's HTTP server, on a pool of up to 16 threads
 * of its own (idle ones end after 30 s), so that a few peers that send slowly do not hold up the
 * master's calls. Requests are bounded in size before they are read; malformed ones get an
 * XML-RPC fault (or an HTTP error for the wrong verb or size) and are counted, and the server
 * carries on.
 */
final class SlaveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final XmlRpcCodec codec;
    private final SlaveApi api;
    private final AtomicLong refused = new AtomicLong();
    private final RateLimitedWarning refusedLog = new RateLimitedWarning(LOG, TimeUnit.SECONDS.toNanos(1));

    SlaveServer(InetSocketAddress bind, XmlRpcCodec codec, SlaveApi api, String nodeName) throws IOException {
        this.codec = codec;
        this.api = api;
        this.server = HttpServer.create(bind, 32);
        AtomicInteger n = new AtomicInteger();
        String suffix = nodeName.replace('/', '_');
        // Beyond 16 busy threads the server's own dispatcher thread runs the request: slower, never dropped.
        this.executor = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "policyrt-ros1-xmlrpc" + suffix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() { return server.getAddress().getPort(); }

    /** Requests refused so far (bad verb, too large, malformed XML-RPC, unknown method). */
    long refusedRequests() { return refused.get(); }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 405, "only POST is served");
                return;
            }
            int max = codec.limits().maxDocumentBytes();
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (declared != null) {
                long n;
                try {
                    n = Long.parseLong(declared.trim());
                } catch (NumberFormatException e) {
                    refuse(exchange, 400, "bad Content-Length");
                    return;
                }
                if (n > max) {
                    refuse(exchange, 413, "request of " + n + " bytes exceeds " + max);
                    return;
                }
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(max + 1);
            }
            if (body.length > max) {
                refuse(exchange, 413, "request exceeds " + max + " bytes");
                return;
            }
            byte[] reply;
            try {
                XmlRpcCall call = codec.parseCall(body);
                reply = api.dispatch(call);
            } catch (XmlRpcException e) {
                count("malformed request from " + exchange.getRemoteAddress() + ": " + e.getMessage());
                reply = XmlRpcCodec.writeFault(-1, e.getMessage());
            } catch (RuntimeException e) {
                count("request from " + exchange.getRemoteAddress() + " failed: " + e);
                reply = XmlRpcCodec.writeFault(-1, "internal error: " + e);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    private void refuse(HttpExchange exchange, int status, String why) throws IOException {
        count("refused a slave API request from " + exchange.getRemoteAddress() + ": " + why);
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, -1);
    }

    private void count(String what) {
        refused.incrementAndGet();
        synchronized (refusedLog) {
            refusedLog.warn("ros1:", what);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
