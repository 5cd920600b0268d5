package io.policyrt.launch.transport;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.BinaryCodec;
import io.policyrt.drivers.mqtt.JsonCodec;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.MqttTransport;
import io.policyrt.drivers.mqtt.PathBuffer;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import io.policyrt.drivers.ros1.testing.RawTcprosPublisher;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import io.policyrt.drivers.ros2.testing.CyclonePeer;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.ros1.msg.geometry_msgs.PoseStamped;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.msg.std_msgs.Bool;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** One {@link RobotPeer} per registered transport, each on its real peer, started on a free loopback port or a fresh domain. */
final class RobotPeers {
    private RobotPeers() {
    }

    /**
     * Why {@code c} has no meaning on transport {@code kind}, or null when it applies; known
     * without starting a peer.
     */
    static String notApplicable(String kind, RobotPeer.Case c) {
        if (c == RobotPeer.Case.SHUTDOWN_REQUEST && !"ros1".equals(kind)) {
            return "only ROS 1 lets a peer ask a process to shut down (the slave API's shutdown, which rosnode kill sends)";
        }
        return "sim".equals(kind) ? new InProcess().notApplicable(c) : null;
    }

    /**
     * Why a restarted peer may not yet be heard again on {@code kind}, or null when the transport
     * must recover. ROS 2: in about one run in three the odometry reader is never given a sample
     * from the restarted Cyclone peer, although the peer's writer reports the match and commands
     * reach the new peer (see hardware-drivers/README.md, "A ROS 2 peer that restarts").
     */
    static String knownRestartGap(String kind) {
        return "ros2".equals(kind) ? "the odometry reader may not hear a restarted DDS peer" : null;
    }

    /** The robot's side of {@code kind}, started; files it needs go below {@code dir}. */
    static RobotPeer start(String kind, java.nio.file.Path dir) throws Exception {
        switch (kind) {
            case "sim": return new InProcess();
            case "mqtt": return new Mqtt(dir);
            case "ros1": return new Ros1(dir);
            case "ros2": return new Ros2();
            default: throw new IllegalArgumentException("the contract suite has no robot peer for transport '" + kind
                    + "': add one to RobotPeers (a new transport is done when it passes this suite)");
        }
    }

    /** The embedded simulator: its own thread writes the sensors into the slots; there is nothing in between to fail. */
    static final class InProcess extends RobotPeer {
        @Override
        String kind() { return "sim"; }

        @Override
        String notApplicable(Case c) {
            switch (c) {
                case BAD_INPUT: return "in process nothing is decoded: the simulator writes domain values into the slots";
                case STALE_INPUT: return "the simulator's thread writes odometry at its sensor rate for as long as the link is open";
                case PEER_RESTART: return "the simulator runs in the controller's process: there is no peer to restart";
                case CLOSE_UNDER_FLOOD: return "the simulator runs in the controller's process: there is no peer to flood the"
                        + " inputs, and its thread stops with the link";
                case ESTOP: return "the simulated robot has no e-stop publisher (the latch's rules are the same for every"
                        + " transport: EStopLatchTest, ControlTickSafetyTest)";
                case STALLED_LOOP: return "in process there is no command hand-off to keep a deadman: the simulated motor driver"
                        + " reads the controller's command slot, and its own command timeout stops the wheels";
                default: return null;
            }
        }

        @Override
        void configure(RuntimeConfig c) {
            c.transport.kind = "sim";
            c.sim.path = "straight";
            c.sim.encounter = "crossing";
        }

        // The simulated robot publishes its own sensors; a test cannot inject any.
        @Override
        void odometry(long stampNanos, double xM, double vMps) { }

        @Override
        void nonFiniteOdometry(long stampNanos) { }

        @Override
        void obstacle(long stampNanos) { }

        @Override
        void path(long stampNanos, int poses) { }

        @Override
        void estop(boolean engaged) { }

        @Override
        void estopFrom(String source, boolean engaged) { }

        @Override
        String unreadableEStop(String source) { return ""; }

        @Override
        String estopSourceName(String source) { return source; }

        @Override
        Reject undecodablePath(long stampNanos) { return Reject.NONE; }

        @Override
        double lastCommandVMps() { return Double.NaN; }

        @Override
        long commandsReceived() { return 0; }

        @Override
        void restart() { }

        @Override
        public void close() { }
    }

    /** mosquitto on a free loopback port, and the robot's own MQTT connection publishing binary payloads. */
    static final class Mqtt extends RobotPeer {
        private final MosquittoBroker broker;
        private final MqttTopics topics = MqttTopics.standard("policyrt", "contract", PayloadFormat.BINARY);
        private final MqttConnection robot;
        private final BinaryCodec codec = BinaryCodec.INSTANCE;
        private final MessageHeader header = new MessageHeader();
        private final VelocityCommand velocity = new VelocityCommand();
        private final AtomicLong commands = new AtomicLong();
        private volatile double lastVMps = Double.NaN;
        private long sequence;

        Mqtt(java.nio.file.Path dir) throws Exception {
            broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("mosquitto")));
            robot = new MqttConnection(MqttSettings.of(broker.uri(), "policyrt-contract-robot"), MqttTransport.ROBOT,
                    topics.robotStatus(), SystemNanoClock.INSTANCE);
            robot.subscribe(topics.velocityCommand(), payload -> {
                if (codec.decodeVelocityCommand(payload, header, velocity) == Reject.NONE) {
                    lastVMps = velocity.vMps();
                    commands.incrementAndGet();
                }
            });
            robot.start();
        }

        @Override
        String kind() { return "mqtt"; }

        @Override
        void configure(RuntimeConfig c) {
            c.transport.kind = "mqtt";
            c.mqtt.brokerUri = broker.uri();
            c.mqtt.robotId = "contract";
            c.mqtt.format = "binary";
            c.mqtt.topics.estop.format = "json"; // a binary e-stop names no source: the topic would be the only one
        }

        @Override
        synchronized void odometry(long stampNanos, double xM, double vMps) {
            robot.publish(topics.odometry().name(), codec.encodeOdometry(sequence++, new Odometry().set(stampNanos, xM, 0, 0, vMps, 0)),
                    0, false);
        }

        @Override
        synchronized void nonFiniteOdometry(long stampNanos) {
            byte[] p = codec.encodeOdometry(sequence++, new Odometry().set(stampNanos, 1, 0, 0, 0, 0));
            ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putDouble(20, Double.NaN); // x, after version, kind, sequence and stamp
            robot.publish(topics.odometry().name(), p, 0, false);
        }

        @Override
        synchronized void obstacle(long stampNanos) {
            robot.publish(topics.obstacle().name(), codec.encodeObstacle(sequence++,
                    new ObstacleTrack().set(stampNanos, ObstacleTrack.Frame.WORLD, 3, 1, 0, 0, 0.3)), 0, false);
        }

        @Override
        synchronized void path(long stampNanos, int poses) {
            double[] xs = new double[poses];
            double[] ys = new double[poses];
            for (int i = 0; i < poses; i++) {
                xs[i] = i;
            }
            robot.publish(topics.path().name(), codec.encodePath(sequence++, stampNanos, new PathBuffer(poses).set(xs, ys, poses, 0.5)),
                    1, false);
        }

        @Override
        synchronized void estop(boolean engaged) {
            estopFrom(null, engaged);
        }

        @Override
        synchronized void estopFrom(String source, boolean engaged) {
            robot.publish(topics.estop().name(), JsonCodec.INSTANCE.encodeEStop(sequence++,
                    new EStopSignal().set(SystemNanoClock.INSTANCE.nanoTime(), engaged, source)), 1, false);
        }

        @Override
        String estopSourceName(String source) { return source; }

        /** MQTT names no sender: an unreadable payload is held by its topic. */
        @Override
        synchronized String unreadableEStop(String source) {
            robot.publish(topics.estop().name(), ("{\"engaged\":tru, \"source\":\"" + source + "\"}").getBytes(StandardCharsets.US_ASCII),
                    1, false);
            return topics.estop().name();
        }

        @Override
        Reject undecodablePath(long stampNanos) {
            byte[] garbage = new byte[300];
            ThreadLocalRandom.current().nextBytes(garbage);
            garbage[0] = 'x'; // not the layout's magic "PR"
            robot.publish(topics.path().name(), garbage, 1, false);
            return Reject.MALFORMED;
        }

        @Override
        double lastCommandVMps() { return lastVMps; }

        @Override
        long commandsReceived() { return commands.get(); }

        @Override
        void restart() throws Exception {
            broker.kill();
            broker.restart();
        }

        @Override
        public void close() throws Exception {
            robot.close();
            broker.close();
        }
    }

    /** rosmaster on a free loopback port and the robot's node (our ROS 1 client) publishing the sensor topics. */
    static final class Ros1 extends RobotPeer {
        private final RosMaster master;
        private final AtomicLong commands = new AtomicLong();
        private volatile double lastVMps = Double.NaN;
        private Ros1Node node;
        private TopicPublisher<io.policyrt.ros1.msg.nav_msgs.Odometry> odometry;
        private TopicPublisher<io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack> obstacle;
        private TopicPublisher<Path> path;
        private TopicPublisher<Bool> estop;
        /** E-stop publishers of other nodes, by node name: each is a source of its own. */
        private final Map<String, Ros1Node> estopNodes = new HashMap<>();
        private final Map<String, TopicPublisher<Bool>> estopPublishers = new HashMap<>();
        private final Map<String, RawTcprosPublisher> rawPublishers = new HashMap<>();

        private final java.nio.file.Path dir;

        Ros1(java.nio.file.Path dir) throws Exception {
            this.dir = dir;
            master = RosMaster.start(Files.createDirectories(dir.resolve("master")));
            join();
        }

        /** {@code rosnode kill}, Debian's own tool: it calls the node's slave API shutdown. */
        @Override
        void askControllerToShutDown(RuntimeConfig config) throws Exception {
            try (RosPeer kill = RosPeer.tool(master, dir.resolve("rosnode"), "rosnode", "kill", "/" + config.ros1.nodeName)) {
                kill.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        private synchronized void join() throws Exception {
            node = Ros1Node.start(Ros1NodeSettings.resolve("/contract_robot", master.uri(), "127.0.0.1", Map.of()));
            odometry = node.advertise("/odom", io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE, false);
            obstacle = node.advertise("/obstacle", io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack.TYPE, false);
            path = node.advertise("/path", Path.TYPE, false);
            estop = node.advertise("/estop", Bool.TYPE, false);
            node.subscribe("/cmd_vel", Twist.TYPE, (Twist m) -> {
                lastVMps = m.linear.x;
                commands.incrementAndGet();
            });
        }

        @Override
        String kind() { return "ros1"; }

        @Override
        void configure(RuntimeConfig c) {
            c.transport.kind = "ros1";
            c.ros1.masterUri = master.uri();
            c.ros1.host = "127.0.0.1";
        }

        private static io.policyrt.ros1.msg.nav_msgs.Odometry odometryMessage(long stampNanos, double xM, double vMps) {
            io.policyrt.ros1.msg.nav_msgs.Odometry o = new io.policyrt.ros1.msg.nav_msgs.Odometry();
            o.header.stamp.setNanos(stampNanos);
            o.pose.pose.position.x = xM;
            o.pose.pose.orientation.w = 1;
            o.twist.twist.linear.x = vMps;
            return o;
        }

        @Override
        synchronized void odometry(long stampNanos, double xM, double vMps) {
            odometry.publish(odometryMessage(stampNanos, xM, vMps));
        }

        @Override
        synchronized void nonFiniteOdometry(long stampNanos) {
            odometry.publish(odometryMessage(stampNanos, Double.NaN, 0));
        }

        @Override
        synchronized void obstacle(long stampNanos) {
            io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack t = new io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack();
            t.header.stamp.setNanos(stampNanos);
            t.header.frame_id = "odom";
            t.present = true;
            t.position.x = 3;
            t.position.y = 1;
            t.radius = 0.3;
            obstacle.publish(t);
        }

        @Override
        synchronized void path(long stampNanos, int poses) {
            Path p = new Path();
            p.header.stamp.setNanos(stampNanos);
            p.poses = new PoseStamped[poses];
            for (int i = 0; i < poses; i++) {
                p.poses[i] = new PoseStamped();
                p.poses[i].pose.position.x = i;
                p.poses[i].pose.orientation.w = 1;
            }
            path.publish(p);
        }

        @Override
        synchronized void estop(boolean engaged) {
            Bool b = new Bool();
            b.data = engaged;
            estop.publish(b);
        }

        /** A node called {@code source}, latched like a button node, so the controller gets its state when it connects. */
        @Override
        synchronized void estopFrom(String source, boolean engaged) throws Exception {
            TopicPublisher<Bool> p = estopPublishers.get(source);
            if (p == null) {
                Ros1Node n = Ros1Node.start(Ros1NodeSettings.resolve("/" + source, master.uri(), "127.0.0.1", Map.of()));
                estopNodes.put(source, n);
                p = n.advertise("/estop", Bool.TYPE, true);
                estopPublishers.put(source, p);
            }
            Bool b = new Bool();
            b.data = engaged;
            p.publish(b);
        }

        @Override
        String estopSourceName(String source) { return "/" + source; }

        /** A zero-length frame on /estop from a raw TCPROS publisher registered as node {@code source}. */
        @Override
        synchronized String unreadableEStop(String source) throws Exception {
            RawTcprosPublisher raw = rawPublishers.get(source);
            if (raw == null) {
                raw = RawTcprosPublisher.start(master, "/" + source, "/estop", Bool.TYPE);
                rawPublishers.put(source, raw);
            }
            raw.awaitSubscribers(1);
            raw.sendFrame();
            return "/" + source;
        }

        /** ROS 1 frames are typed by the md5 sum of the connection handshake: a path the converter refuses stands in. */
        @Override
        synchronized Reject undecodablePath(long stampNanos) {
            path(stampNanos, 1); // one pose is not a path
            return Reject.INVALID;
        }

        @Override
        double lastCommandVMps() { return lastVMps; }

        @Override
        long commandsReceived() { return commands.get(); }

        /** The robot's node shuts down and a new one with the same name joins: the controller reconnects to it. */
        @Override
        void restart() throws Exception {
            synchronized (this) {
                node.shutdown();
            }
            Thread.sleep(200);
            join();
        }

        @Override
        public void close() throws Exception {
            synchronized (this) {
                node.shutdown();
                for (Ros1Node n : estopNodes.values()) {
                    n.shutdown();
                }
                for (RawTcprosPublisher r : rawPublishers.values()) {
                    r.close();
                }
            }
            master.close();
        }
    }

    /** The Cyclone DDS C peer (rmw_cyclonedds's wire format) on a fresh domain, localhost only. */
    static final class Ros2 extends RobotPeer {
        private final int domain = ThreadLocalRandom.current().nextInt(20, 200);
        private volatile CyclonePeer peer;
        /** E-stop writers of other participants, by source name: one C peer process each, hence a GUID each. */
        private final Map<String, CyclonePeer> estopPeers = new HashMap<>();
        private final Map<String, String> estopGuids = new HashMap<>();

        Ros2() throws Exception {
            peer = join();
        }

        private CyclonePeer join() throws Exception {
            CyclonePeer p = CyclonePeer.start(domain);
            p.send("pub odom /odom be vol");
            p.send("pub obstacle /obstacle be vol");
            p.send("pub path /path rel tl");
            p.send("pub bool /estop rel vol");
            p.send("sub twist /cmd_vel rel vol");
            return p;
        }

        private static String stamp(long nanos) {
            return (nanos / 1_000_000_000L) + " " + (nanos % 1_000_000_000L);
        }

        @Override
        String kind() { return "ros2"; }

        @Override
        void configure(RuntimeConfig c) {
            c.transport.kind = "ros2";
            c.ros2.domainId = domain;
            c.ros2.localhostOnly = true;
            c.ros2.obstacleSource = "track";
        }

        @Override
        void odometry(long stampNanos, double xM, double vMps) throws Exception {
            peer.send("odom /odom " + stamp(stampNanos) + " " + xM + " 0 0 " + vMps + " 0");
        }

        @Override
        void nonFiniteOdometry(long stampNanos) throws Exception {
            peer.send("odom /odom " + stamp(stampNanos) + " nan 0 0 0 0");
        }

        @Override
        void obstacle(long stampNanos) throws Exception {
            peer.send("obstacle /obstacle " + stamp(stampNanos) + " 3 1 0 0 0.3");
        }

        @Override
        void path(long stampNanos, int poses) throws Exception {
            peer.send("path /path " + stamp(stampNanos) + " " + poses);
        }

        @Override
        void estop(boolean engaged) throws Exception {
            peer.send("bool /estop " + (engaged ? 1 : 0));
        }

        @Override
        synchronized void estopFrom(String source, boolean engaged) throws Exception {
            estopPeer(source, "bool").send("bool /estop " + (engaged ? 1 : 0));
        }

        @Override
        synchronized String estopSourceName(String source) { return estopGuids.get(source); }

        /**
         * A writer whose type carries an octet where std_msgs/Bool has a boolean: it matches, and
         * its value 2 is no boolean, which the controller refuses (MALFORMED) in that writer's name.
         */
        @Override
        synchronized String unreadableEStop(String source) throws Exception {
            CyclonePeer p = estopPeer(source, "octet_bool");
            p.send("bool /estop 2");
            return estopGuids.get(source);
        }

        private CyclonePeer estopPeer(String source, String kind) throws Exception {
            CyclonePeer p = estopPeers.get(source);
            if (p == null) {
                p = CyclonePeer.start(domain);
                p.send("pub " + kind + " /estop rel vol");
                estopPeers.put(source, p);
                estopGuids.put(source, p.writerGuid("/estop"));
            }
            return p;
        }

        /** More poses than ros2.path_max_poses (4096): the CDR type refuses the sample. */
        @Override
        Reject undecodablePath(long stampNanos) throws Exception {
            path(stampNanos, 5000);
            return Reject.OVERSIZED;
        }

        @Override
        double lastCommandVMps() {
            String line = peer.lastSample(l -> l.startsWith("twist /cmd_vel "));
            return line == null ? Double.NaN : Double.parseDouble(line.split(" ")[2]);
        }

        @Override
        long commandsReceived() {
            return peer.samples().stream().filter(l -> l.startsWith("twist /cmd_vel ")).count();
        }

        @Override
        String state() {
            try {
                return "the peer's /odom writer matches " + peer.matched("/odom") + " readers, its /cmd_vel reader "
                        + peer.matched("/cmd_vel") + " writers";
            } catch (Exception e) {
                return "the peer does not answer: " + e;
            }
        }

        /** The C peer exits and a new one joins the domain, as a restarted driver would: discovery must find it again. */
        @Override
        void restart() throws Exception {
            CyclonePeer old = peer;
            old.close();
            peer = join();
        }

        @Override
        public synchronized void close() {
            peer.close();
            estopPeers.values().forEach(CyclonePeer::close);
        }
    }
}
