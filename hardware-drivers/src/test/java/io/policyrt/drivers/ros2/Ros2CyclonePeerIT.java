package io.policyrt.drivers.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros2.msg.TwistStampedType;
import io.policyrt.drivers.ros2.testing.CyclonePeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * PolicyRT's ROS 2 transport against a C peer on Eclipse Cyclone DDS (as rmw_cyclonedds talks),
 * on a domain of its own per test, localhost only. Each test starts and stops its peer.
 */
class Ros2CyclonePeerIT {
    private static final Duration MATCH = Duration.ofSeconds(30);

    static int freshDomain() {
        return ThreadLocalRandom.current().nextInt(20, 200);
    }

    static Ros2Participant participant(int domain) throws Ros2TransportException {
        return new Ros2Participant(new Ros2Settings(domain, true, "policyrt_test"));
    }

    static Ros2SensorSource source(Ros2Participant p, ObstacleSource obstacle, SensorSlots slots) throws Ros2TransportException {
        Ros2SensorSource.Options o = Ros2SensorSource.Options.defaults();
        Ros2SensorSource s = new Ros2SensorSource(p, Ros2Topics.standard(), new Ros2SensorSource.Options(obstacle, o.scan(),
                o.pathTargetSpeedMps(), o.pathMaxPoses(), o.scanMaxRays(), o.robotFrameId()), SystemNanoClock.INSTANCE,
                InboundRules.withFutureTolerance(500_000_000L));
        s.start(slots);
        return s;
    }

    static String stamp() {
        long now = SystemNanoClock.INSTANCE.nanoTime();
        return (now / 1_000_000_000L) + " " + (now % 1_000_000_000L);
    }

    @Test
    void policyrt_commands_reach_the_cyclone_peer_as_twist_and_float64_multi_array() throws Exception {
        int domain = freshDomain();
        try (CyclonePeer peer = CyclonePeer.start(domain); Ros2Participant p = participant(domain)) {
            peer.send("sub twist /cmd_vel rel vol");
            peer.send("sub wheels /wheel_commands rel vol");
            Ros2CommandSink sink = new Ros2CommandSink(p, Ros2Topics.standard());
            Eventually.until("both command topics match", MATCH,
                    () -> p.publicationMatches(Ros2Topics.standard().velocityCommand()) == 1
                            && p.publicationMatches(Ros2Topics.standard().wheelCommand()) == 1);
            WheelCommand wheels = new WheelCommand().set(1, 1.5, 2.5);
            VelocityCommand vel = new VelocityCommand().set(1, 0.25, -0.5);
            sink.send(wheels, vel);
            Eventually.until("the peer prints both commands", () -> peer.lastSample(l -> l.startsWith("wheels")) != null
                    && peer.lastSample(l -> l.startsWith("twist")) != null);
            assertThat(peer.lastSample(l -> l.startsWith("twist"))).isEqualTo("twist /cmd_vel 0.25 -0.5");
            assertThat(peer.lastSample(l -> l.startsWith("wheels"))).isEqualTo("wheels /wheel_commands 2 1.5 2.5");
            sink.close();
            assertThat(sink.failed()).isZero();
        }
    }

    @Test
    void the_peer_answers_every_command_while_it_prints_a_stream_of_commands_and_no_line_is_split() throws Exception {
        // The peer prints received samples on its listener thread and replies on its main thread,
        // into one stdout; a reply landing inside a multi-part sample line was lost to the reader.
        int domain = freshDomain();
        try (CyclonePeer peer = CyclonePeer.start(domain); Ros2Participant p = participant(domain)) {
            peer.send("sub wheels /wheel_commands rel vol");
            peer.send("pub odom /odom be vol");
            Ros2CommandSink sink = new Ros2CommandSink(p, Ros2Topics.standard());
            Eventually.until("the wheel topic matches", MATCH, () -> p.publicationMatches(Ros2Topics.standard().wheelCommand()) == 1);
            AtomicBoolean streaming = new AtomicBoolean(true);
            Thread stream = new Thread(() -> {
                WheelCommand wheels = new WheelCommand();
                VelocityCommand vel = new VelocityCommand();
                for (long i = 1; streaming.get(); i++) {
                    sink.send(wheels.set(i, 1.0 / 3, -2.0 / 3), vel.set(i, 0.25, 0.5));
                    LockSupport.parkNanos(200_000);
                }
            }, "wheel-stream");
            stream.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (peer.samples().size() < 1000 && System.nanoTime() < deadline) {
                    peer.send("odom /odom " + stamp() + " 0.5 0 0 0.3 0");
                }
            } finally {
                streaming.set(false);
                stream.join();
                sink.close();
            }
            List<String> lines = peer.samples();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(1000);
            // Every line whole: the streamed command, or the stop the sink sends when it closes.
            assertThat(lines).allSatisfy(l -> assertThat(l).matches("wheels /wheel_commands 2 (0\\.3333\\d+ -0\\.6666\\d+|0 0)"));
        }
    }

    @Test
    void cmd_vel_as_twist_stamped_reaches_the_cyclone_peer_with_the_command_stamp_and_base_frame() throws Exception {
        int domain = freshDomain();
        try (CyclonePeer peer = CyclonePeer.start(domain); Ros2Participant p = participant(domain)) {
            peer.send("sub twist_stamped /cmd_vel rel vol");
            Ros2CommandSink sink = new Ros2CommandSink(p, Ros2Topics.standard(), new TwistStampedType("base_footprint"));
            Eventually.until("cmd_vel matches", MATCH, () -> p.publicationMatches(Ros2Topics.standard().velocityCommand()) == 1);
            sink.send(new WheelCommand().set(1, 1.5, 2.5), new VelocityCommand().set(1_700_000_000_250_000_000L, 0.25, -0.5));
            Eventually.until("the peer prints the command", () -> peer.lastSample(l -> l.startsWith("twist_stamped")) != null);
            assertThat(peer.lastSample(l -> l.startsWith("twist_stamped")))
                    .isEqualTo("twist_stamped /cmd_vel 1700000000 250000000 base_footprint 0.25 -0.5");
            sink.close();
            assertThat(sink.failed()).isZero();
        }
    }

    @Test
    void odometry_e_stop_and_path_published_by_cyclone_reach_the_controller_slots() throws Exception {
        int domain = freshDomain();
        SensorSlots slots = new SensorSlots();
        try (Ros2Participant p = participant(domain); CyclonePeer peer = CyclonePeer.start(domain)) {
            Ros2SensorSource source = source(p, ObstacleSource.TRACK, slots);
            peer.send("pub odom /odom be vol");
            peer.send("pub bool /estop rel vol");
            peer.send("pub path /path rel tl");
            peer.send("pub obstacle /obstacle be vol");
            peer.send("path /path " + stamp() + " 400"); // before the match: transient local delivers it late
            Eventually.until("the peer's writers match", MATCH, () -> p.subscriptionMatches(Ros2Topics.standard().odometry()) == 1
                    && p.subscriptionMatches(Ros2Topics.standard().estop()) == 1);
            Eventually.until("odometry arrives", () -> {
                send(peer, "odom /odom " + stamp() + " 1.25 -2 0.5 0.3 0.1");
                return slots.odometry().refresh();
            });
            assertThat(slots.odometry().latest().xM()).isEqualTo(1.25);
            assertThat(slots.odometry().latest().yM()).isEqualTo(-2.0);
            assertThat(slots.odometry().latest().yawRad()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(slots.odometry().latest().vMps()).isEqualTo(0.3);
            Eventually.until("the e-stop arrives", () -> {
                send(peer, "bool /estop 1");
                return slots.estop().latched();
            });
            Eventually.until("the latched 400-pose path arrives", slots.path()::refresh);
            assertThat(slots.path().latest().count()).isEqualTo(400);
            assertThat(slots.path().latest().lengthM()).isCloseTo(19.95, org.assertj.core.data.Offset.offset(1e-9));
            Eventually.until("the obstacle track arrives", () -> {
                send(peer, "obstacle /obstacle " + stamp() + " 3 1 -0.5 0 0.3");
                return slots.obstacle().refresh();
            });
            ObstacleTrack o = slots.obstacle().latest();
            assertThat(o.present()).isTrue();
            assertThat(o.frame()).isEqualTo(ObstacleTrack.Frame.WORLD);
            assertThat(o.vxMps()).isEqualTo(-0.5);
            assertThat(InboundChannel.rejectedTotal(source.channels())).isZero();
        }
    }

    @Test
    void a_1080_ray_scan_becomes_the_nearest_obstacle_and_a_scan_above_the_bound_is_refused_with_the_bound_named() throws Exception {
        int domain = freshDomain();
        SensorSlots slots = new SensorSlots();
        try (Ros2Participant p = participant(domain); CyclonePeer peer = CyclonePeer.start(domain)) {
            Ros2SensorSource source = source(p, ObstacleSource.SCAN, slots);
            peer.send("pub scan /scan be vol");
            Eventually.until("the scan writer matches", MATCH, () -> p.subscriptionMatches(Ros2Topics.standard().scan()) == 1);
            Eventually.until("a 1080-ray scan arrives", () -> {
                send(peer, "scan /scan " + stamp() + " 1080 20 1.5");
                return slots.obstacle().refresh();
            });
            // Five rays at 1.5 m straight ahead, 1/3 degree apart: a cluster about 2.6 cm wide, so
            // the radius is the 5 cm minimum and the centre sits one radius behind the near surface.
            ObstacleTrack o = slots.obstacle().latest();
            assertThat(o.present()).isTrue();
            assertThat(o.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
            assertThat(o.xM()).isCloseTo(1.55, org.assertj.core.data.Offset.offset(0.01));
            // The nearest of the five equal returns is the first, 2/3 degree right of straight ahead.
            assertThat(o.yM()).isCloseTo(1.5 * Math.sin(-2 * 2 * Math.PI / 1080), org.assertj.core.data.Offset.offset(0.002));
            InboundChannel<?, ?> scan = InboundChannel.named(source.channels(), "/scan");
            Thread.sleep(500); // let the scans sent while waiting land
            long before = scan.accepted();
            send(peer, "scan /scan " + stamp() + " 5000 20 1.0");
            Eventually.until("the 5000-ray scan is refused and counted", () -> scan.rejectedTotal() > 0);
            assertThat(scan.accepted()).isEqualTo(before);
            assertThat(slots.obstacle().latest().xM()).isCloseTo(1.55, org.assertj.core.data.Offset.offset(0.01));
            System.out.println("5000-ray scan against the 4096 bound: " + scan.countsJson());
        }
    }

    @Test
    void a_path_larger_than_the_receive_buffer_is_dropped_by_dds_without_harm_and_the_next_path_arrives() throws Exception {
        int domain = freshDomain();
        SensorSlots slots = new SensorSlots();
        try (Ros2Participant p = participant(domain); CyclonePeer peer = CyclonePeer.start(domain)) {
            Ros2SensorSource source = source(p, ObstacleSource.NONE, slots);
            peer.send("pub path /path rel tl");
            Eventually.until("the path writer matches", MATCH, () -> p.subscriptionMatches(Ros2Topics.standard().path()) == 1);
            InboundChannel<?, ?> path = InboundChannel.named(source.channels(), "/path");
            // 30,000 poses: about 2.4 MB on the wire, beyond the receive buffer that 4096 poses
            // size. The reader's fixed-size history refuses it inside DDS (before the fix, the
            // library copied it past the buffer and the JVM crashed); a normal path then arrives.
            peer.send("path /path " + stamp() + " 30000");
            Thread.sleep(1000);
            assertThat(path.accepted()).isZero();
            peer.send("path /path " + stamp() + " 400");
            Eventually.until("the next, normal path arrives", () -> path.accepted() == 1);
            assertThat(slots.path().refresh()).isTrue();
            assertThat(slots.path().latest().count()).isEqualTo(400);
            System.out.println("30000-pose path against the 4096 bound: " + path.countsJson());
        }
    }

    @Test
    void non_finite_and_out_of_order_odometry_from_cyclone_never_reaches_the_slot() throws Exception {
        int domain = freshDomain();
        SensorSlots slots = new SensorSlots();
        try (Ros2Participant p = participant(domain); CyclonePeer peer = CyclonePeer.start(domain)) {
            Ros2SensorSource source = source(p, ObstacleSource.NONE, slots);
            peer.send("pub odom /odom rel vol");
            Eventually.until("the odometry writer matches", MATCH, () -> p.subscriptionMatches(Ros2Topics.standard().odometry()) == 1);
            Eventually.until("a good sample arrives", () -> {
                send(peer, "odom /odom " + stamp() + " 1 2 0 0.5 0");
                return slots.odometry().refresh();
            });
            InboundChannel<?, ?> odom = source.channels().get(0);
            Thread.sleep(500); // let the good samples sent while waiting land
            slots.odometry().refresh();
            long accepted = odom.accepted();
            send(peer, "odom /odom " + stamp() + " nan 2 0 0.5 0");
            send(peer, "odom /odom " + stamp() + " 1 2 0 inf 0");
            send(peer, "odom /odom 1 0 1 2 0 0.5 0"); // stamped in 1970: older than the last accepted
            Eventually.until("all three are refused", () -> odom.rejectedTotal() == 3);
            assertThat(odom.rejected(Reject.NON_FINITE)).isEqualTo(2);
            assertThat(odom.rejected(Reject.OUT_OF_ORDER)).isEqualTo(1);
            assertThat(odom.accepted()).isEqualTo(accepted);
            assertThat(slots.odometry().refresh()).isFalse();
            assertThat(slots.odometry().latest().xM()).isEqualTo(1.0);
        }
    }

    @Test
    void incompatible_qos_is_reported_with_the_topic_and_both_sides_qos() throws Exception {
        int domain = freshDomain();
        try (Ros2Participant p = participant(domain); CyclonePeer peer = CyclonePeer.start(domain)) {
            source(p, ObstacleSource.NONE, new SensorSlots());
            new Ros2CommandSink(p, Ros2Topics.standard());
            peer.send("pub bool /estop be vol");   // PolicyRT's e-stop subscription requests RELIABLE
            peer.send("sub twist /cmd_vel rel tl"); // PolicyRT's cmd_vel publisher offers VOLATILE
            Eventually.until("both mismatches are reported", MATCH, () -> p.qos().mismatches().size() == 2);
            assertThat(p.qos().mismatches()).anySatisfy(m -> assertThat(m).contains("/estop")
                    .contains("requests RELIABLE/VOLATILE").contains("offers BEST_EFFORT"));
            assertThat(p.qos().mismatches()).anySatisfy(m -> assertThat(m).contains("/cmd_vel")
                    .contains("offers RELIABLE/VOLATILE").contains("requests TRANSIENT_LOCAL"));
            assertThat(p.subscriptionMatches(Ros2Topics.standard().estop())).isZero();
        }
    }

    @Test
    void localhost_discovery_works_whichever_side_starts_first() throws Exception {
        int domain = freshDomain();
        // PolicyRT first: the peer finds it with its first unicast announcements.
        try (Ros2Participant p = participant(domain)) {
            new Ros2CommandSink(p, Ros2Topics.standard());
            Thread.sleep(1500); // past PolicyRT's initial announcements
            try (CyclonePeer peer = CyclonePeer.start(domain)) {
                peer.send("sub twist /cmd_vel rel vol");
                Eventually.until("the peer started second matches", MATCH, () -> matched(peer, "/cmd_vel") == 2);
            }
        }
        domain = freshDomain();
        // The peer first: PolicyRT's initial peers (127.0.0.1) reach it.
        try (CyclonePeer peer = CyclonePeer.start(domain)) {
            peer.send("sub twist /cmd_vel rel vol");
            Thread.sleep(1500);
            try (Ros2Participant p = participant(domain)) {
                new Ros2CommandSink(p, Ros2Topics.standard());
                Eventually.until("PolicyRT started second matches", MATCH, () -> matched(peer, "/cmd_vel") == 2);
            }
        }
    }

    /** Writers the peer's reader matched: PolicyRT's publisher and its QoS probe count as two. */
    private static int matched(CyclonePeer peer, String topic) {
        try {
            return peer.matched(topic);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void send(CyclonePeer peer, String command) {
        try {
            peer.send(command);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
