package io.policyrt.ros1.node;

import io.policyrt.ros1.tcpros.RateLimitedWarning;
import io.policyrt.ros1.xmlrpc.XmlRpcCall;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's XML-RPC slave API endpoint: a small HTTP/1.1 server of our own, one request per
 * connection ({@code Connection: close}), bounded in every dimension a peer controls.
 *
 * <p><b>Why not the JDK's {@code com.sun.net.httpserver}.</b> It hands a connection to a worker as
 * soon as a byte arrives, so a peer that sends one byte and then nothing holds a worker; with
 * {@code CallerRunsPolicy} the request after the pool is full runs on its single dispatcher thread
 * and the whole server stops, and with any other policy the connection is dropped without an
 * answer (no 503 is possible). Its only request timeouts are the {@code sun.net.httpserver.maxReqTime}
 * and {@code maxRspTime} system properties: JVM-wide (every HTTP server in the process, including
 * a test's or another library's), read once when its configuration class loads (so setting them
 * works only if nothing touched the server first), in whole seconds. A request deadline that
 * depends on class-loading order is not a bound we can promise, so this server is our own, as the
 * TCPROS server already is.
 *
 * <p><b>How it is bounded.</b> One selector thread accepts and reads requests without blocking,
 * so an idle or slow peer costs a buffer, never a thread. A whole request (line, headers, body)
 * must arrive within {@link SlaveApiLimits#requestDeadlineMs} of the accept, or the connection
 * gets 408 and is closed; the answer must be taken within the same time. Only a complete request
 * goes to the worker pool ({@link SlaveApiLimits#workers} threads and
 * {@link SlaveApiLimits#queuedRequests} waiting); when that is full the request is answered with
 * 503, never run on the selector thread. Connections beyond {@link SlaveApiLimits#maxConnections}
 * in all or {@link SlaveApiLimits#maxConnectionsPerPeer} from one address get 503 at once. Bodies
 * are bounded by the codec's document size (413) before they are read, headers by
 * {@link SlaveApiLimits#maxHeaderBytes} (431). Malformed XML-RPC gets a fault, other refusals an
 * HTTP status; all are counted and logged at most once a second, and the server carries on.
 */
final class SlaveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveServer.class);
    private static final long SWEEP_PERIOD_MS = 100;
    private static final int INITIAL_BUFFER_BYTES = 2048;
    private static final long LINGER_MS = 1000;

    private final SlaveApiLimits limits;
    private final XmlRpcCodec codec;
    private final Function<XmlRpcCall, byte[]> api;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread selectorThread;
    private final ThreadPoolExecutor workers;
    private final Queue<Connection> answered = new ConcurrentLinkedQueue<>();
    // selector thread only
    private final Set<Connection> open = new HashSet<>();
    private final Set<Connection> lingering = new HashSet<>();
    private final Map<InetAddress, Integer> perPeer = new HashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong overloaded = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final RateLimitedWarning refusedLog = new RateLimitedWarning(LOG, TimeUnit.SECONDS.toNanos(1));
    private volatile boolean closed;

    /**
     * Binds {@code bind} (port 0: any free port) and starts serving.
     *
     * @param api answers one well-formed call with a whole {@code methodResponse} document; runs on a worker
     */
    SlaveServer(InetSocketAddress bind, XmlRpcCodec codec, SlaveApiLimits limits, Function<XmlRpcCall, byte[]> api,
                String nodeName) throws IOException {
        this.codec = codec;
        this.limits = limits;
        this.api = api;
        String suffix = nodeName.replace('/', '_');
        this.selector = Selector.open();
        try {
            this.server = ServerSocketChannel.open();
            server.bind(bind, 64);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 30, TimeUnit.SECONDS,
                limits.queuedRequests() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.queuedRequests()), r -> {
                    Thread t = new Thread(r, "policyrt-ros1-xmlrpc" + suffix + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        this.selectorThread = new Thread(this::serve, "policyrt-ros1-xmlrpc" + suffix);
        selectorThread.setDaemon(true);
        selectorThread.start();
    }

    int port() { return server.socket().getLocalPort(); }

    /** Requests refused so far: bad verb, too large, malformed XML-RPC, unknown method, overload, deadline. */
    long refusedRequests() { return refused.get(); }

    /** Connections and requests answered with 503 so far (worker pool full, too many connections). */
    long overloadedRequests() { return overloaded.get(); }

    /** Connections closed so far because a request did not arrive, or its answer was not taken, in time. */
    long timedOutRequests() { return timedOut.get(); }

    // ------------------------------------------------------------------ selector thread

    private void serve() {
        long nextSweep = System.nanoTime();
        try {
            while (!closed) {
                selector.select(SWEEP_PERIOD_MS);
                if (closed) {
                    break;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll();
                    } else if (key.attachment() instanceof Connection c) {
                        if (key.isReadable()) {
                            read(c);
                        } else if (key.isWritable()) {
                            write(c);
                        }
                    }
                }
                selector.selectedKeys().clear();
                for (Connection c; (c = answered.poll()) != null; ) {
                    startAnswer(c);
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_PERIOD_MS);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("ros1: the slave API server stopped: {}", e.toString());
            }
        } finally {
            for (Connection c : new ArrayList<>(open)) {
                drop(c);
            }
            for (Connection c : new ArrayList<>(lingering)) {
                dropLingering(c);
            }
            closeQuietly(server);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void acceptAll() throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            InetAddress peer;
            try {
                ch.configureBlocking(false);
                peer = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
            } catch (IOException e) {
                closeQuietly(ch);
                continue;
            }
            int fromPeer = perPeer.getOrDefault(peer, 0);
            if (open.size() >= limits.maxConnections() || fromPeer >= limits.maxConnectionsPerPeer()) {
                overloaded.incrementAndGet();
                count("refused a slave API connection from " + peer.getHostAddress() + ": "
                        + (fromPeer >= limits.maxConnectionsPerPeer() ? fromPeer + " open from that address (limit "
                        + limits.maxConnectionsPerPeer() + ")" : open.size() + " open in all (limit " + limits.maxConnections() + ")"));
                try {
                    ch.write(ByteBuffer.wrap(statusResponse(503))); // a fresh socket's buffer takes it at once
                    linger(ch, peer);
                } catch (IOException e) {
                    closeQuietly(ch);
                }
                continue;
            }
            Connection c = new Connection(ch, peer, System.nanoTime() + deadlineNanos());
            perPeer.put(peer, fromPeer + 1);
            open.add(c);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(Connection c) {
        try {
            if (c.lingering) {
                ByteBuffer sink = ByteBuffer.allocate(4096);
                for (int i = 0; i < 16; i++) {
                    int r = c.channel.read(sink);
                    if (r < 0) {
                        dropLingering(c);
                        return;
                    }
                    if (r == 0) {
                        return;
                    }
                    sink.clear();
                }
                return;
            }
            if (!c.in.hasRemaining() && !grow(c)) {
                return;
            }
            int r = c.channel.read(c.in);
            if (r < 0) {
                drop(c); // the peer gave up before its request was whole
                return;
            }
            if (c.headerEnd < 0 && !parseHeaders(c)) {
                return;
            }
            if (c.headerEnd >= 0 && c.in.position() >= c.headerEnd + c.contentLength) {
                dispatch(c);
            }
        } catch (IOException e) {
            drop(c);
        }
    }

    /** Makes room for more of the headers; false (and answered 431) when they are already too long. */
    private boolean grow(Connection c) {
        if (c.headerEnd < 0) {
            if (c.in.capacity() >= limits.maxHeaderBytes()) {
                refuse(c, 431, "request headers exceed " + limits.maxHeaderBytes() + " bytes");
                return false;
            }
            c.in = ByteBuffer.allocate(Math.min(limits.maxHeaderBytes(), 2 * c.in.capacity())).put(c.in.flip());
        }
        return true;
    }

    /** Reads the request line and headers once they are whole; false when the request was refused or is incomplete. */
    private boolean parseHeaders(Connection c) {
        byte[] b = c.in.array();
        int end = indexOfBlankLine(b, c.in.position());
        if (end < 0) {
            if (c.in.position() >= limits.maxHeaderBytes()) {
                refuse(c, 431, "request headers exceed " + limits.maxHeaderBytes() + " bytes");
            }
            return false;
        }
        String[] lines = new String(b, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            refuse(c, 400, "not an HTTP/1.x request line");
            return false;
        }
        if (!"POST".equals(requestLine[0])) {
            refuse(c, 405, "only POST is served, got " + abbreviate(requestLine[0]));
            return false;
        }
        long length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                refuse(c, 400, "malformed header line");
                return false;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("transfer-encoding")) {
                refuse(c, 411, "chunked bodies are not served; send Content-Length");
                return false;
            }
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    length = -2;
                }
                if (length < 0) {
                    refuse(c, 400, "bad Content-Length");
                    return false;
                }
            }
        }
        if (length < 0) {
            refuse(c, 411, "no Content-Length");
            return false;
        }
        int max = codec.limits().maxDocumentBytes();
        if (length > max) {
            refuse(c, 413, "request of " + length + " bytes exceeds " + max);
            return false;
        }
        c.headerEnd = end + 4;
        c.contentLength = (int) length;
        int needed = c.headerEnd + c.contentLength;
        if (c.in.capacity() < needed) {
            c.in = ByteBuffer.allocate(needed).put(c.in.flip());
        }
        return true;
    }

    private void dispatch(Connection c) {
        c.key.interestOps(0);
        byte[] body = Arrays.copyOfRange(c.in.array(), c.headerEnd, c.headerEnd + c.contentLength);
        c.in = null;
        c.atWorker = true;
        try {
            workers.execute(() -> answer(c, body));
        } catch (RejectedExecutionException e) {
            c.atWorker = false;
            overloaded.incrementAndGet();
            refuse(c, 503, "all " + limits.workers() + " workers busy and " + limits.queuedRequests() + " requests waiting");
        }
    }

    private void startAnswer(Connection c) {
        c.atWorker = false;
        if (!c.channel.isOpen()) {
            return;
        }
        c.deadlineNanos = System.nanoTime() + deadlineNanos();
        write(c);
        if (c.key.isValid() && c.out != null && c.out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void write(Connection c) {
        try {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
                finish(c);
            }
        } catch (IOException e) {
            drop(c);
        }
    }

    /** The answer is out: leave the connection open to read what the peer still sends, so closing does not reset it. */
    private void finish(Connection c) {
        open.remove(c);
        perPeer.computeIfPresent(c.peer, (p, n) -> n <= 1 ? null : n - 1);
        if (lingering.size() >= limits.maxConnections()) {
            c.key.cancel();
            closeQuietly(c.channel);
            return;
        }
        try {
            c.channel.shutdownOutput();
        } catch (IOException e) {
            c.key.cancel();
            closeQuietly(c.channel);
            return;
        }
        c.lingering = true;
        c.in = null;
        c.out = null;
        c.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        lingering.add(c);
        c.key.interestOps(SelectionKey.OP_READ);
    }

    /**
     * After a refusal at accept: half-closes {@code ch} and reads (discards) until the peer closes
     * or {@link #LINGER_MS} passes, like {@link #finish}. A peer whose request was refused before it
     * was read would otherwise get a reset instead of the answer. At most {@code maxConnections}
     * linger; beyond that a connection is closed at once. Lingering connections do not count
     * towards the caps.
     */
    private void linger(SocketChannel ch, InetAddress peer) throws IOException {
        if (lingering.size() >= limits.maxConnections()) {
            closeQuietly(ch);
            return;
        }
        ch.shutdownOutput();
        Connection c = new Connection(ch, peer, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS));
        c.lingering = true;
        c.in = null;
        lingering.add(c);
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
    }

    private void dropLingering(Connection c) {
        lingering.remove(c);
        c.key.cancel();
        closeQuietly(c.channel);
    }

    private void sweep(long now) {
        for (Connection c : new ArrayList<>(lingering)) {
            if (now - c.deadlineNanos >= 0) {
                dropLingering(c);
            }
        }
        for (Connection c : new ArrayList<>(open)) {
            if (c.atWorker || now - c.deadlineNanos < 0) {
                continue;
            }
            timedOut.incrementAndGet();
            if (c.out == null) {
                count("closed a slave API connection from " + c.peer.getHostAddress() + ": no whole request within "
                        + limits.requestDeadlineMs() + " ms");
                try {
                    c.channel.write(ByteBuffer.wrap(statusResponse(408)));
                } catch (IOException ignored) {
                    // closing anyway
                }
            } else {
                count("closed a slave API connection to " + c.peer.getHostAddress() + ": answer not taken within "
                        + limits.requestDeadlineMs() + " ms");
            }
            drop(c);
        }
    }

    private void refuse(Connection c, int status, String why) {
        count("refused a slave API request from " + c.peer.getHostAddress() + ": " + why);
        c.key.interestOps(0);
        c.in = null;
        c.out = ByteBuffer.wrap(statusResponse(status));
        startAnswer(c);
    }

    private void drop(Connection c) {
        if (!open.remove(c)) {
            return;
        }
        perPeer.computeIfPresent(c.peer, (p, n) -> n <= 1 ? null : n - 1);
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
    }

    // ------------------------------------------------------------------ workers

    private void answer(Connection c, byte[] body) {
        byte[] reply;
        try {
            XmlRpcCall call = codec.parseCall(body);
            reply = api.apply(call);
        } catch (XmlRpcException e) {
            count("malformed request from " + c.peer.getHostAddress() + ": " + e.getMessage());
            reply = XmlRpcCodec.writeFault(-1, e.getMessage());
        } catch (RuntimeException e) {
            count("request from " + c.peer.getHostAddress() + " failed: " + e);
            reply = XmlRpcCodec.writeFault(-1, "internal error: " + e);
        }
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + reply.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        c.out = ByteBuffer.allocate(head.length + reply.length).put(head).put(reply).flip();
        answered.add(c);
        selector.wakeup();
    }

    // ------------------------------------------------------------------ helpers

    private long deadlineNanos() {
        return TimeUnit.MILLISECONDS.toNanos(limits.requestDeadlineMs());
    }

    private void count(String what) {
        refused.incrementAndGet();
        synchronized (refusedLog) {
            refusedLog.warn("ros1:", what);
        }
    }

    private static byte[] statusResponse(int status) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
        String allow = status == 405 ? "Allow: POST\r\n" : "";
        return ("HTTP/1.1 " + status + " " + reason + "\r\n" + allow + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOfBlankLine(byte[] b, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Stops accepting, closes every connection, and waits briefly for the selector and the workers. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        workers.shutdownNow();
        try {
            if (selectorThread != Thread.currentThread()) {
                selectorThread.join(2000);
            }
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection's state; touched by the selector thread, and by one worker while {@link #atWorker}. */
    private static final class Connection {
        final SocketChannel channel;
        final InetAddress peer;
        SelectionKey key;
        volatile long deadlineNanos;
        ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER_BYTES);
        int headerEnd = -1;
        int contentLength;
        volatile ByteBuffer out;
        volatile boolean atWorker;
        boolean lingering;

        Connection(SocketChannel channel, InetAddress peer, long deadlineNanos) {
            this.channel = channel;
            this.peer = peer;
            this.deadlineNanos = deadlineNanos;
        }
    }
}
