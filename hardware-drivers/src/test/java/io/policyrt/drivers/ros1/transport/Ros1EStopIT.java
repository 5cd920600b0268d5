package io.policyrt.drivers.ros1.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros1.testing.RawTcprosPublisher;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import io.policyrt.ros1.msg.std_msgs.Bool;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ROS 1 e-stop as a safety function, against a real rosmaster: the latch's source is the
 * publishing node's caller id, so only the node that engaged releases (after the hold time); an
 * unreadable e-stop frame engages, held by its sender; in release-topic mode only the release
 * topic releases. The latch runs on a manual clock, so "after the hold time" is a step of that
 * clock, not a sleep; the peers (rostopic, Java nodes, a raw TCPROS publisher) run in real time.
 */
class Ros1EStopIT {
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final String BOOL = "std_msgs/Bool";

    @TempDir
    Path dir;
    private RosMaster master;
    private Ros1Node controller;
    private final ManualClock latchClock = new ManualClock(TimeUnit.SECONDS.toNanos(1000));

    @BeforeEach
    void start() throws Exception {
        master = RosMaster.start(dir.resolve("master"));
        controller = node("policyrt_controller");
    }

    @AfterEach
    void stop() throws Exception {
        controller.shutdown();
        master.close();
    }

    private Ros1Node node(String name) throws Exception {
        return Ros1Node.start(Ros1NodeSettings.resolve(name, master.uri(), "127.0.0.1", Map.of()));
    }

    /** The controller's sensor source on the standard topics, its e-stop latch on the manual clock with {@code release}. */
    private Ros1SensorSource source(SensorSlots slots) {
        Ros1SensorSource source = new Ros1SensorSource(controller, Ros1TransportSettings.standard(), SystemNanoClock.INSTANCE,
                InboundRules.DEFAULTS);
        source.start(slots);
        return source;
    }

    private SensorSlots slots(EStopRules.Release release) {
        return new SensorSlots(100, latchClock, new EStopRules(release, HOLD_NANOS, 0));
    }

    /** {@code rostopic pub -1 TOPIC std_msgs/Bool "data: VALUE" [__name:=NAME]}, run to its end (it latches for 3 s, then exits). */
    private void rostopicPubOnce(String topic, boolean value, String nodeName) throws Exception {
        String data = "data: " + value;
        try (RosPeer pub = nodeName == null ? RosPeer.rostopic(master, dir, "pub", "-1", topic, BOOL, data)
                : RosPeer.rostopic(master, dir, "pub", "-1", topic, BOOL, data, "__name:=" + nodeName)) {
            assertThat(pub.process().waitFor(60, TimeUnit.SECONDS)).as("rostopic pub -1 exits").isTrue();
            assertThat(pub.process().exitValue()).as("rostopic pub -1 exit code").isZero();
        }
    }

    /** rostopic and rospy peers are Python processes that take seconds to start: 30 s, not the usual 20. */
    private static void await(String what, BooleanSupplier condition) {
        Eventually.until(what, Duration.ofSeconds(30), condition);
    }

    /**
     * The commands of the README: an engage from {@code rostopic pub -1 ... __name:=estop_button}
     * is held by {@code /estop_button}; a plain {@code rostopic pub -1 ... "data: false"} (an
     * anonymous node, {@code /rostopic_<pid>_<ms>}, latched) is another source and cannot release
     * it, even after the hold time; the same command with {@code __name:=estop_button} does.
     */
    @Test
    void only_the_node_that_engaged_releases_it_after_the_hold_time() throws Exception {
        SensorSlots slots = slots(EStopRules.Release.SAME_SOURCE);
        Ros1SensorSource source = source(slots);
        EStopLatch estop = slots.estop();
        assertThat(InboundChannel.named(source.channels(), "/estop_release")).as("no release topic in same-source mode").isNull();
        assertThat(controller.master().getSystemState().subscribers()).containsKey("/estop").doesNotContainKey("/estop_release");

        rostopicPubOnce("/estop", true, "estop_button");
        await("engaged", estop::latched);
        assertThat(estop.holders()).isEqualTo("/estop_button");
        assertThat(estop.engages()).isEqualTo(1);

        latchClock.advance(HOLD_NANOS); // the hold time has passed: only the source matters now
        rostopicPubOnce("/estop", false, null);
        await("the anonymous node's release refused", () -> estop.refusedReleases() == 1);
        assertThat(estop.latched()).isTrue();
        assertThat(estop.holders()).isEqualTo("/estop_button");

        rostopicPubOnce("/estop", false, "estop_button");
        await("released by the node that engaged", () -> !estop.latched());
        assertThat(estop.releases()).isEqualTo(1);
        assertThat(estop.holders()).isEmpty();
        assertThat(estop.engages()).isEqualTo(1);
        assertThat(estop.refusedReleases()).isEqualTo(1);
        InboundChannel<?, ?> channel = InboundChannel.named(source.channels(), "/estop");
        assertThat(channel.accepted()).isEqualTo(3);
        assertThat(channel.rejectedTotal()).isZero();
    }

    /**
     * Two Java nodes as two buttons: {@code /panel_b}'s latched false does not release
     * {@code /panel_a}'s engage, nor does {@code /panel_a}'s own false before the hold time;
     * {@code /panel_a}'s false after it does. (A test peer publishes as a distinct source by
     * being a node of its own name.)
     */
    @Test
    void a_latched_false_from_another_node_does_not_release_and_an_early_one_from_the_same_node_neither() throws Exception {
        SensorSlots slots = slots(EStopRules.Release.SAME_SOURCE);
        source(slots);
        EStopLatch estop = slots.estop();
        Ros1Node panelA = node("panel_a");
        Ros1Node panelB = node("panel_b");
        try {
            TopicPublisher<Bool> a = panelA.advertise("/estop", Bool.TYPE, true);
            TopicPublisher<Bool> b = panelB.advertise("/estop", Bool.TYPE, true);
            await("both buttons connected", () -> a.subscriberCount() == 1 && b.subscriberCount() == 1);
            Bool msg = new Bool();
            msg.data = true;
            a.publish(msg);
            await("engaged by /panel_a", estop::latched);
            assertThat(estop.holders()).isEqualTo("/panel_a");

            msg.data = false;
            b.publish(msg); // latched: every reconnect would send it again
            await("/panel_b's release refused", () -> estop.refusedReleases() == 1);
            a.publish(msg); // before the hold time
            await("/panel_a's early release refused", () -> estop.refusedReleases() == 2);
            assertThat(estop.latched()).isTrue();

            latchClock.advance(HOLD_NANOS);
            b.publish(msg);
            await("/panel_b's release refused again", () -> estop.refusedReleases() == 3);
            assertThat(estop.latched()).isTrue();
            a.publish(msg);
            await("released by /panel_a", () -> !estop.latched());
            assertThat(estop.engages()).isEqualTo(1);
            assertThat(estop.releases()).isEqualTo(1);
        } finally {
            panelB.shutdown();
            panelA.shutdown();
        }
    }

    /**
     * A publisher that answers the handshake as {@code /broken_button} and sends a zero-length
     * frame (a std_msgs/Bool needs one byte), then one with a byte left over: each engages, held
     * by {@code /broken_button}, and is counted MALFORMED; a well-formed false from the same
     * node after the hold time releases.
     */
    @Test
    void a_malformed_estop_frame_engages_held_by_its_publisher() throws Exception {
        SensorSlots slots = slots(EStopRules.Release.SAME_SOURCE);
        Ros1SensorSource source = source(slots);
        EStopLatch estop = slots.estop();
        InboundChannel<?, ?> channel = InboundChannel.named(source.channels(), "/estop");
        try (RawTcprosPublisher button = RawTcprosPublisher.start(master, "/broken_button", "/estop", Bool.TYPE)) {
            button.awaitSubscribers(1);
            button.sendFrame();
            await("engaged by the unreadable frame", estop::latched);
            assertThat(estop.holders()).isEqualTo("/broken_button");
            assertThat(estop.engages()).isEqualTo(1);
            assertThat(channel.rejected(Reject.MALFORMED)).isEqualTo(1);

            button.sendFrame((byte) 0, (byte) 0); // a false and a byte left over: unreadable too
            await("engaged again", () -> estop.engages() == 2);
            assertThat(channel.rejected(Reject.MALFORMED)).isEqualTo(2);
            assertThat(channel.accepted()).isZero();

            latchClock.advance(HOLD_NANOS);
            button.sendFrame((byte) 0); // a well-formed false: the stream is still in step
            await("released by /broken_button", () -> !estop.latched());
            assertThat(estop.releases()).isEqualTo(1);
            // the channel counts a message after the slot has acted on it
            await("the false counted", () -> channel.accepted() == 1);
        }
    }

    /**
     * safety.estop.release: release_topic. The release topic is subscribed; a false on the e-stop
     * topic, even from the node that engaged, only reports the button let go; {@code rostopic pub
     * -1 /estop_release std_msgs/Bool "data: false"} (any node) releases once the hold time has
     * passed; a true, or an unreadable frame, on the release topic engages.
     */
    @Test
    void in_release_topic_mode_only_the_release_topic_releases() throws Exception {
        SensorSlots slots = slots(EStopRules.Release.RELEASE_TOPIC);
        Ros1SensorSource source = source(slots);
        EStopLatch estop = slots.estop();
        InboundChannel<?, ?> estopChannel = InboundChannel.named(source.channels(), "/estop");
        InboundChannel<?, ?> releaseChannel = InboundChannel.named(source.channels(), "/estop_release");
        assertThat(releaseChannel).as("the release topic's channel").isNotNull();
        assertThat(controller.master().getSystemState().subscribers()).containsKeys("/estop", "/estop_release");
        Ros1Node button = node("estop_button");
        try {
            TopicPublisher<Bool> pub = button.advertise("/estop", Bool.TYPE, false);
            await("button connected", () -> pub.subscriberCount() == 1);
            Bool msg = new Bool();
            msg.data = true;
            pub.publish(msg);
            await("engaged", estop::latched);
            latchClock.advance(HOLD_NANOS);
            msg.data = false;
            pub.publish(msg);
            await("the button's false received", () -> estopChannel.accepted() == 2);
            assertThat(estop.latched()).as("a false on the e-stop topic does not release in this mode").isTrue();
            assertThat(estop.releases()).isZero();

            rostopicPubOnce("/estop_release", false, null);
            await("released on the release topic", () -> !estop.latched());
            assertThat(estop.releases()).isEqualTo(1);
            await("the release counted", () -> releaseChannel.accepted() == 1);

            try (RawTcprosPublisher reset = RawTcprosPublisher.start(master, "/reset_panel", "/estop_release", Bool.TYPE)) {
                reset.awaitSubscribers(1);
                reset.sendFrame((byte) 1);
                await("a true on the release topic engages", estop::latched);
                assertThat(estop.holders()).isEqualTo("/reset_panel");
                latchClock.advance(HOLD_NANOS);
                reset.sendFrame((byte) 0);
                await("released again", () -> !estop.latched());
                reset.sendFrame();
                await("an unreadable release frame engages", estop::latched);
                assertThat(estop.holders()).isEqualTo("/reset_panel");
                assertThat(releaseChannel.rejected(Reject.MALFORMED)).isEqualTo(1);
                assertThat(estop.engages()).isEqualTo(3);
            }
        } finally {
            button.shutdown();
        }
    }
}
