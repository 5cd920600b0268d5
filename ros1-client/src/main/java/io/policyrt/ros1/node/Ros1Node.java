package io.policyrt.ros1.node;

import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageType;
import io.policyrt.ros1.tcpros.MessageListener;
import io.policyrt.ros1.tcpros.TcprosServer;
import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.ros1.tcpros.TopicSubscriber;
import io.policyrt.ros1.xmlrpc.XmlRpcClient;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ROS 1 node: its slave API and TCPROS server, its publishers and subscribers, and its
 * registrations with the master.
 *
 * <p>A background check asks the master every {@code masterCheckPeriod} whether it still knows
 * this node; a master that was restarted (and so forgot every registration) gets them all again,
 * and the subscribers reconnect to whatever publishers it then lists. {@link #shutdown}
 * unregisters everything, closes every connection and stops every thread the node started.
 */
public final class Ros1Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ros1Node.class);

    private final Ros1NodeSettings settings;
    private final XmlRpcClient xmlRpcClient;
    private final MasterClient master;
    private final RosApiCaller caller;
    private final SlaveServer slaveServer;
    private final TcprosServer tcprosServer;
    private final URI slaveUri;
    private final Map<String, TopicPublisher<?>> publishers = new ConcurrentHashMap<>();
    private final Map<String, TopicSubscriber<?>> subscribers = new ConcurrentHashMap<>();
    private final AtomicInteger connectionIds = new AtomicInteger(1_000_000);
    private final AtomicInteger publisherLinks = new AtomicInteger();
    private final Thread masterCheck;
    private volatile Consumer<String> shutdownHandler;
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private volatile boolean registrationPending;
    private volatile boolean masterReachable = true;
    private volatile int reRegistrations;
    private volatile boolean shutDown;

    private Ros1Node(Ros1NodeSettings settings) throws IOException {
        this.settings = settings;
        XmlRpcCodec codec = new XmlRpcCodec(XmlRpcLimits.DEFAULT);
        this.xmlRpcClient = new XmlRpcClient(codec, settings.xmlRpcTimeout());
        this.master = new MasterClient(settings.masterUri(), settings.nodeName(), xmlRpcClient);
        this.caller = new RosApiCaller(xmlRpcClient);
        InetAddress bind = bindAddress(settings.host());
        this.slaveServer = new SlaveServer(new InetSocketAddress(bind, settings.slavePort()), codec, settings.slaveApiLimits(),
                new SlaveApi(this)::dispatch, settings.nodeName());
        TcprosServer tcpros;
        try {
            tcpros = new TcprosServer(new InetSocketAddress(bind, settings.tcprosPort()), settings.nodeName(), settings.limits(),
                    publishers::get, this::subscriberConnections);
        } catch (IOException e) {
            slaveServer.close();
            throw e;
        }
        this.tcprosServer = tcpros;
        this.slaveUri = URI.create("http://" + hostForUri(settings.host()) + ":" + slaveServer.port() + "/");
        this.masterCheck = new Thread(this::checkMasterLoop, "policyrt-ros1-master" + settings.nodeName().replace('/', '_'));
        masterCheck.setDaemon(true);
    }

    /**
     * Starts the node's servers and checks that the master answers.
     *
     * @throws Ros1ApiException when no master answers at the configured URI (the node is not left running)
     */
    public static Ros1Node start(Ros1NodeSettings settings) throws IOException, Ros1ApiException {
        Ros1Node node = new Ros1Node(settings);
        try {
            node.master.getUri();
        } catch (Ros1ApiException e) {
            node.shutdown();
            throw new Ros1ApiException("no ROS master answers at " + settings.masterUri() + " (is roscore/rosmaster running, "
                    + "and ROS_MASTER_URI right?): " + e.getMessage(), e);
        }
        node.masterCheck.start();
        LOG.info("ros1: node {} up at {} (TCPROS port {}), master {}", settings.nodeName(), node.slaveUri, node.tcprosPort(),
                settings.masterUri());
        return node;
    }

    /** Binds loopback only when the advertised host is a loopback address; otherwise every interface, as ROS does. */
    private static InetAddress bindAddress(String host) {
        try {
            InetAddress a = InetAddress.getByName(host);
            if (a.isLoopbackAddress()) {
                return a;
            }
        } catch (UnknownHostException e) {
            LOG.warn("ros1: advertised host '{}' does not resolve here; peers may not reach this node", host);
        }
        return new InetSocketAddress(0).getAddress();
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    // ------------------------------------------------------------------ publishing and subscribing

    /**
     * Advertises {@code topic} and registers it with the master.
     *
     * @param latching keep the last message and send it to each new subscriber
     * @throws IllegalStateException when this node already publishes the topic
     */
    public synchronized <M extends RosMessage> TopicPublisher<M> advertise(String topic, RosMessageType<M> type, boolean latching) {
        requireRunning();
        String resolved = GraphNames.resolve(topic, settings.nodeName());
        TopicPublisher<M> pub = new TopicPublisher<>(resolved, type, settings.nodeName(), latching, settings.limits().maxMessageBytes(),
                settings.limits().maxSubscribersPerTopic());
        if (publishers.putIfAbsent(resolved, pub) != null) {
            throw new IllegalStateException("node " + settings.nodeName() + " already publishes " + resolved);
        }
        try {
            master.registerPublisher(resolved, type.name(), slaveUri);
        } catch (Ros1ApiException e) {
            registrationPending = true;
            LOG.warn("ros1: registering publisher {} failed, will retry: {}", resolved, e.getMessage());
        }
        return pub;
    }

    /**
     * Subscribes to {@code topic}: registers with the master and connects to its publishers, now
     * and whenever the master announces new ones.
     *
     * @param listener called on a receive thread with a reused message instance
     * @throws IllegalStateException when this node already subscribes to the topic
     */
    public synchronized <M extends RosMessage> TopicSubscriber<M> subscribe(String topic, RosMessageType<M> type,
                                                                            MessageListener<M> listener) {
        requireRunning();
        String resolved = GraphNames.resolve(topic, settings.nodeName());
        TopicSubscriber<M> sub = new TopicSubscriber<>(resolved, type, settings.nodeName(), settings.tcpNoDelay(),
                settings.limits(), this::requestTopic, listener, connectionIds, publisherLinks);
        if (subscribers.putIfAbsent(resolved, sub) != null) {
            throw new IllegalStateException("node " + settings.nodeName() + " already subscribes to " + resolved);
        }
        try {
            sub.updatePublishers(master.registerSubscriber(resolved, type.name(), slaveUri));
        } catch (Ros1ApiException e) {
            registrationPending = true;
            LOG.warn("ros1: registering subscriber {} failed, will retry: {}", resolved, e.getMessage());
        }
        return sub;
    }

    /** Unregisters and closes this node's publisher of {@code topic}, if any. */
    public synchronized void unadvertise(String topic) {
        String resolved = GraphNames.resolve(topic, settings.nodeName());
        TopicPublisher<?> pub = publishers.remove(resolved);
        if (pub != null) {
            try {
                master.unregisterPublisher(resolved, slaveUri);
            } catch (Ros1ApiException e) {
                LOG.warn("ros1: unregistering publisher {} failed: {}", resolved, e.getMessage());
            }
            pub.close();
        }
    }

    /** Unregisters and closes this node's subscription to {@code topic}, if any. */
    public synchronized void unsubscribe(String topic) {
        String resolved = GraphNames.resolve(topic, settings.nodeName());
        TopicSubscriber<?> sub = subscribers.remove(resolved);
        if (sub != null) {
            try {
                master.unregisterSubscriber(resolved, slaveUri);
            } catch (Ros1ApiException e) {
                LOG.warn("ros1: unregistering subscriber {} failed: {}", resolved, e.getMessage());
            }
            sub.close();
        }
    }

    private InetSocketAddress requestTopic(URI publisherApi, String topic) throws IOException {
        Object v;
        try {
            v = caller.call(publisherApi, "requestTopic", settings.nodeName(), topic, List.of(List.of("TCPROS")));
        } catch (Ros1ApiException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!(v instanceof List<?> proto) || proto.size() < 3 || !"TCPROS".equals(proto.get(0))
                || !(proto.get(1) instanceof String host) || !(proto.get(2) instanceof Integer port) || port <= 0 || port > 65535) {
            throw new IOException("requestTopic(" + topic + ") at " + publisherApi + " did not offer TCPROS: " + v);
        }
        return new InetSocketAddress(host, port);
    }

    // ------------------------------------------------------------------ master check

    private void checkMasterLoop() {
        long periodNanos = settings.masterCheckPeriod().toNanos();
        while (!shutDown) {
            try {
                TimeUnit.NANOSECONDS.sleep(periodNanos);
            } catch (InterruptedException e) {
                return;
            }
            if (!shutDown) {
                checkMaster();
            }
        }
    }

    /** Asks the master whether it knows this node; registers everything again when it does not. */
    void checkMaster() {
        if (publishers.isEmpty() && subscribers.isEmpty()) {
            return; // a node without registrations is unknown to the master by design
        }
        try {
            URI known = master.lookupNode(settings.nodeName());
            if (!masterReachable) {
                LOG.info("ros1: master {} reachable again", settings.masterUri());
                masterReachable = true;
            }
            if (!known.toString().equals(slaveUri.toString())) {
                LOG.warn("ros1: the master lists {} at {}, not at this node's {}", settings.nodeName(), known, slaveUri);
                return;
            }
            if (registrationPending) {
                registerAll();
            }
        } catch (Ros1ApiException e) {
            if (e.answered()) {
                LOG.warn("ros1: master {} does not know node {} (restarted?): registering again", settings.masterUri(),
                        settings.nodeName());
                masterReachable = true;
                registerAll();
            } else if (masterReachable) {
                masterReachable = false;
                LOG.warn("ros1: master {} unreachable; connections stay up, registrations will be renewed when it returns: {}",
                        settings.masterUri(), e.getMessage());
            }
        }
    }

    private synchronized void registerAll() {
        boolean failed = false;
        for (TopicPublisher<?> pub : publishers.values()) {
            try {
                master.registerPublisher(pub.topic(), pub.type().name(), slaveUri);
            } catch (Ros1ApiException e) {
                failed = true;
            }
        }
        for (TopicSubscriber<?> sub : subscribers.values()) {
            try {
                sub.updatePublishers(master.registerSubscriber(sub.topic(), sub.type().name(), slaveUri));
            } catch (Ros1ApiException e) {
                failed = true;
            }
        }
        registrationPending = failed;
        reRegistrations++;
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Sets what happens when a peer calls the slave API's {@code shutdown} ({@code rosnode kill}
     * sends it; so does the master when another node registers under this node's name). By
     * default the node shuts itself down.
     *
     * <p>With a handler the node closes nothing itself: its publishers stay open until the
     * handler, or whoever it tells, calls {@link #shutdown}. That lets a controller stop its loop
     * and send its final zero over the still-open publishers first. The handler runs once (later
     * requests are logged and ignored), on a thread of its own, so the caller gets its answer at
     * once and the handler may shut the node down from there. A handler that throws is logged and
     * the node stays up: closing the publishers under a loop that may still be running is what
     * this hook exists to prevent.
     */
    public void onShutdownRequest(Consumer<String> handler) {
        this.shutdownHandler = handler;
    }

    void shutdownRequested(String why) {
        if (!shutdownRequested.compareAndSet(false, true)) {
            LOG.info("ros1: node {} is already handling a shutdown request; ignoring another: {}", settings.nodeName(), why);
            return;
        }
        Consumer<String> h = shutdownHandler;
        Runnable r = h == null ? this::shutdown : () -> {
            try {
                h.accept(why);
            } catch (RuntimeException | Error e) {
                LOG.error("ros1: the shutdown handler of node {} failed; the node stays up: {}", settings.nodeName(), e.toString());
            }
        };
        Thread t = new Thread(r, "policyrt-ros1-shutdown" + settings.nodeName().replace('/', '_'));
        t.setDaemon(true);
        t.start();
    }

    /** Unregisters from the master (best effort), closes every connection and stops the node's threads. Idempotent. */
    public void shutdown() {
        List<TopicPublisher<?>> pubs;
        List<TopicSubscriber<?>> subs;
        synchronized (this) {
            if (shutDown) {
                return;
            }
            shutDown = true;
            pubs = new ArrayList<>(publishers.values());
            subs = new ArrayList<>(subscribers.values());
            publishers.clear();
            subscribers.clear();
        }
        masterCheck.interrupt();
        for (TopicSubscriber<?> s : subs) {
            try {
                master.unregisterSubscriber(s.topic(), slaveUri);
            } catch (Ros1ApiException e) {
                LOG.debug("ros1: unregistering subscriber {} at shutdown: {}", s.topic(), e.getMessage());
            }
            s.close();
        }
        for (TopicPublisher<?> p : pubs) {
            try {
                master.unregisterPublisher(p.topic(), slaveUri);
            } catch (Ros1ApiException e) {
                LOG.debug("ros1: unregistering publisher {} at shutdown: {}", p.topic(), e.getMessage());
            }
            p.close();
        }
        tcprosServer.close();
        slaveServer.close();
        if (masterCheck.isAlive() && masterCheck != Thread.currentThread()) {
            try {
                masterCheck.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("ros1: node {} shut down", settings.nodeName());
    }

    @Override
    public void close() {
        shutdown();
    }

    private void requireRunning() {
        if (shutDown) {
            throw new IllegalStateException("node " + settings.nodeName() + " is shut down");
        }
    }

    // ------------------------------------------------------------------ views

    public String name() { return settings.nodeName(); }
    public Ros1NodeSettings settings() { return settings; }
    /** This node's slave API URI, as registered with the master. */
    public URI slaveUri() { return slaveUri; }
    public int tcprosPort() { return tcprosServer.port(); }
    public MasterClient master() { return master; }
    public boolean isShutDown() { return shutDown; }
    /** TCPROS connections refused so far (bad headers, wrong md5 or type, unknown topic). */
    public int refusedConnections() { return tcprosServer.refusedConnections(); }
    /** Slave API requests refused so far (malformed, oversized, wrong verb, overload, deadline). */
    public long refusedRequests() { return slaveServer.refusedRequests(); }
    /** Slave API connections and requests answered with HTTP 503 so far (workers or connection caps full). */
    public long overloadedRequests() { return slaveServer.overloadedRequests(); }
    /** Slave API connections closed so far because the request or the taking of its answer passed the deadline. */
    public long timedOutRequests() { return slaveServer.timedOutRequests(); }
    /** How often the node registered everything again after the master forgot it. */
    public int reRegistrations() { return reRegistrations; }

    /** Subscriber connections this node's publishers serve now. */
    int subscriberConnections() {
        int n = 0;
        for (TopicPublisher<?> p : publishers.values()) {
            n += p.subscriberCount();
        }
        return n;
    }

    TopicPublisher<?> publisher(String topic) { return publishers.get(topic); }
    TopicSubscriber<?> subscriber(String topic) { return subscribers.get(topic); }
    Collection<TopicPublisher<?>> publishers() { return publishers.values(); }
    Collection<TopicSubscriber<?>> subscribers() { return subscribers.values(); }

    List<Object> publicationList() {
        List<Object> out = new ArrayList<>();
        for (TopicPublisher<?> p : publishers.values()) {
            out.add(List.of(p.topic(), p.type().name()));
        }
        return out;
    }

    List<Object> subscriptionList() {
        List<Object> out = new ArrayList<>();
        for (TopicSubscriber<?> s : subscribers.values()) {
            out.add(List.of(s.topic(), s.type().name()));
        }
        return out;
    }
}
