package io.policyrt.ros1.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.ros1.tcpros.TopicSubscriber;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import io.policyrt.drivers.ros1.testing.StringMessage;
import io.policyrt.drivers.ros1.testing.TwistMessage;
import io.policyrt.ros1.xmlrpc.XmlRpcClient;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import io.policyrt.ros1.xmlrpc.XmlRpcLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node against real ROS peers: rosmaster, rostopic and rospy from Debian's ros-core, and other Java nodes. */
class Ros1NodeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private RosMaster master;
    private final List<AutoCloseable> closeLater = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startMaster() throws Exception {
        master = RosMaster.start(dir.resolve("master"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        master.close();
    }

    private Ros1Node node(String name) throws Exception {
        Ros1Node n = Ros1Nodes.start(master, name);
        closeLater.add(n);
        return n;
    }

    private <T extends AutoCloseable> T later(T c) {
        closeLater.add(c);
        return c;
    }

    /** Publishes "java N" every 20 ms on a daemon thread until the test ends. */
    private void keepPublishing(TopicPublisher<StringMessage> pub) {
        Thread t = new Thread(() -> {
            StringMessage m = new StringMessage();
            for (int n = 1; !Thread.currentThread().isInterrupted(); n++) {
                try {
                    pub.publish(m.set("java " + n));
                    Thread.sleep(20);
                } catch (InterruptedException | IllegalStateException e) {
                    return;
                }
            }
        }, "test-publisher");
        t.setDaemon(true);
        t.start();
        closeLater.add(t::interrupt);
    }

    @Test
    void java_publisher_reaches_rostopic_echo() throws Exception {
        TopicPublisher<StringMessage> pub = node("java_talker").advertise("/chatter", StringMessage.TYPE, false);
        keepPublishing(pub);
        RosPeer echo = later(RosPeer.rostopic(master, dir, "echo", "/chatter"));
        String line = echo.awaitLine(l -> l.startsWith("data:"), WAIT);
        assertThat(line).matches("data: \"java \\d+\"");
    }

    @Test
    void java_publisher_reaches_a_rospy_subscriber() throws Exception {
        TopicPublisher<StringMessage> pub = node("java_talker").advertise("chatter", StringMessage.TYPE, false);
        keepPublishing(pub);
        RosPeer listener = later(RosPeer.rospy(master, dir, "listen", "string", "/chatter"));
        assertThat(listener.awaitLine(l -> l.startsWith("got "), WAIT)).matches("got java \\d+");
        assertThat(pub.subscriberCount()).isEqualTo(1);
    }

    @Test
    void rostopic_pub_reaches_a_java_subscriber() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        node("java_listener").subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
        later(RosPeer.rostopic(master, dir, "pub", "-r", "20", "/chatter", "std_msgs/String", "data: 'from rostopic'"));
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("from rostopic");
    }

    @Test
    void rospy_twist_publisher_reaches_a_java_subscriber() throws Exception {
        BlockingQueue<double[]> got = new LinkedBlockingQueue<>();
        node("java_listener").subscribe("/cmd_vel", TwistMessage.TYPE, m -> got.add(new double[] {m.linearX, m.angularZ}));
        later(RosPeer.rospy(master, dir, "talk", "twist", "/cmd_vel", "20"));
        double[] first = got.poll(30, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        // the peer sends linear.x = n/100 and angular.z = -n/100 for its n-th message
        assertThat(first[1]).isEqualTo(-first[0]);
        assertThat(first[0]).isPositive();
    }

    @Test
    void java_to_java_through_the_master_with_latching() throws Exception {
        Ros1Node talker = node("java_talker");
        TopicPublisher<StringMessage> pub = talker.advertise("/latched", StringMessage.TYPE, true);
        pub.publish(new StringMessage().set("only once"));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        node("java_listener").subscribe("/latched", StringMessage.TYPE, m -> got.add(m.data()));
        // published before the subscriber existed: only latching delivers it
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("only once");
        MasterClient.SystemState state = talker.master().getSystemState();
        assertThat(state.publishers().get("/latched")).containsExactly("/java_talker");
        assertThat(state.subscribers().get("/latched")).containsExactly("/java_listener");
    }

    @Test
    void subscriber_follows_a_publisher_that_goes_away_and_comes_back() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        TopicSubscriber<StringMessage> sub = node("java_listener").subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
        Ros1Node first = Ros1Nodes.start(master, "java_talker");
        TopicPublisher<StringMessage> pub1 = first.advertise("/chatter", StringMessage.TYPE, false);
        Ros1Nodes.await("first publisher connected", () -> sub.connectedPublishers() == 1);
        pub1.publish(new StringMessage().set("before"));
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("before");

        first.shutdown(); // unregisters: the master tells the subscriber its publisher list is empty
        Ros1Nodes.await("link to the first publisher dropped", () -> sub.connectedPublishers() == 0);

        Ros1Node second = node("java_talker"); // same name, new ports
        TopicPublisher<StringMessage> pub2 = second.advertise("/chatter", StringMessage.TYPE, false);
        Ros1Nodes.await("second publisher connected", () -> sub.connectedPublishers() == 1);
        pub2.publish(new StringMessage().set("after"));
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("after");
    }

    @Test
    void nodes_register_again_after_a_master_restart_and_meet_new_peers() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        Ros1Node listener = node("java_listener");
        TopicSubscriber<StringMessage> sub = listener.subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
        TopicPublisher<StringMessage> pub = node("java_talker").advertise("/chatter", StringMessage.TYPE, false);
        Ros1Nodes.await("connected", () -> sub.connectedPublishers() == 1);

        master.kill();
        pub.publish(new StringMessage().set("while the master is down")); // peer-to-peer links do not need the master
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("while the master is down");

        master.restart();
        Ros1Nodes.await("listener registered again", () -> listener.reRegistrations() > 0);
        Ros1Nodes.await("master knows both again", () -> {
            try {
                MasterClient.SystemState s = listener.master().getSystemState();
                return List.of("/java_talker").equals(s.publishers().get("/chatter"))
                        && List.of("/java_listener").equals(s.subscribers().get("/chatter"));
            } catch (Ros1ApiException e) {
                return false;
            }
        });
        // a publisher that only the new master knows of
        later(RosPeer.rostopic(master, dir, "pub", "-r", "20", "/chatter", "std_msgs/String", "data: 'new peer'"));
        Ros1Nodes.await("the new publisher's message", () -> got.contains("new peer"));
    }

    @Test
    void a_subscriber_with_another_md5_is_refused_and_the_publisher_carries_on() throws Exception {
        Ros1Node talker = node("java_talker");
        TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
        var wrong = new io.policyrt.ros1.msg.RosMessageType<>("std_msgs/String", "0123456789abcdef0123456789abcdef",
                "string data\n", StringMessage::new);
        TopicSubscriber<StringMessage> bad = node("wrong_listener").subscribe("/chatter", wrong, m -> { });
        Ros1Nodes.await("refusal", () -> talker.refusedConnections() == 1);
        assertThat(bad.connectedPublishers()).isZero();
        assertThat(pub.subscriberCount()).isZero();

        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        node("good_listener").subscribe("/chatter", StringMessage.TYPE, m -> got.add(m.data()));
        Ros1Nodes.await("good subscriber connected", () -> pub.subscriberCount() == 1);
        pub.publish(new StringMessage().set("still serving"));
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("still serving");
    }

    @Test
    void a_rospy_subscriber_of_another_type_is_refused_with_an_error_header() throws Exception {
        Ros1Node talker = node("java_talker");
        TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
        keepPublishing(pub);
        RosPeer listener = later(RosPeer.rospy(master, dir, "listen", "twist", "/chatter"));
        listener.awaitLine("ready"::equals, WAIT);
        // rospy retries a refused connection now and then; each attempt is refused again
        Ros1Nodes.await("rospy's geometry_msgs/Twist subscription refused", () -> talker.refusedConnections() >= 1);
        assertThat(pub.subscriberCount()).isZero();
        Thread.sleep(500);
        assertThat(listener.process().isAlive()).isTrue();
        assertThat(listener.output()).doesNotContain("got ");
    }

    /**
     * What rosnode kill sends: a slave API shutdown call. With a handler, the node closes nothing
     * before the handler has run: the handler finds the publisher still connected, publishes a
     * zero over it, and only then shuts the node down; the subscriber's last message is the zero.
     */
    @Test
    void a_shutdown_call_runs_the_handler_before_anything_closes_and_its_zero_reaches_the_subscriber() throws Exception {
        Ros1Node talker = node("java_talker");
        TopicPublisher<TwistMessage> pub = talker.advertise("/cmd_vel", TwistMessage.TYPE, false);
        BlockingQueue<Double> got = new LinkedBlockingQueue<>();
        TopicSubscriber<TwistMessage> sub = node("robot").subscribe("/cmd_vel", TwistMessage.TYPE, m -> got.add(m.linearX));
        Ros1Nodes.await("connected", () -> sub.connectedPublishers() == 1 && pub.subscriberCount() == 1);
        TwistMessage cmd = new TwistMessage();
        cmd.linearX = 0.5;
        pub.publish(cmd);
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo(0.5);

        BlockingQueue<String> handled = new LinkedBlockingQueue<>();
        talker.onShutdownRequest(why -> {
            // the loop would stop here; the publisher must still be open and connected
            handled.add(why + "; subscribers=" + pub.subscriberCount() + "; shut down=" + talker.isShutDown());
            TwistMessage zero = new TwistMessage();
            pub.publish(zero);
            talker.shutdown();
        });
        XmlRpcClient client = new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(10));
        assertThat(client.call(talker.slaveUri(), "shutdown", List.of("/rosnode", "user request")))
                .isEqualTo(List.of(1, "shutdown", 0));
        assertThat(handled.poll(30, TimeUnit.SECONDS)).isEqualTo("user request; subscribers=1; shut down=false");
        assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo(0.0);
        Ros1Nodes.await("node shut down by its handler", talker::isShutDown);
        assertThat(handled).isEmpty();
    }

    @Test
    void shutdown_unregisters_and_stops_every_thread() throws Exception {
        var before = Ros1Nodes.ros1Threads();
        Ros1Node talker = Ros1Nodes.start(master, "java_talker");
        Ros1Node listener = Ros1Nodes.start(master, "java_listener");
        TopicPublisher<StringMessage> pub = talker.advertise("/chatter", StringMessage.TYPE, false);
        TopicSubscriber<StringMessage> sub = listener.subscribe("/chatter", StringMessage.TYPE, m -> { });
        Ros1Nodes.await("connected", () -> sub.connectedPublishers() == 1 && pub.subscriberCount() == 1);
        assertThat(Ros1Nodes.ros1Threads()).hasSizeGreaterThan(before.size());

        listener.shutdown();
        talker.shutdown();
        MasterClient probe = new MasterClient(Ros1Nodes.uri(master.uri()), "/probe",
                new XmlRpcClient(new XmlRpcCodec(XmlRpcLimits.DEFAULT), Duration.ofSeconds(5)));
        MasterClient.SystemState state = probe.getSystemState();
        assertThat(state.publishers()).doesNotContainKey("/chatter");
        assertThat(state.subscribers()).doesNotContainKey("/chatter");
        Ros1Nodes.await("no thread left", () -> Ros1Nodes.ros1Threads().equals(before));
    }
}
