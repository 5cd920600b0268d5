package io.policyrt.drivers.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros2.testing.CyclonePeer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The e-stop over ROS 2 against Cyclone DDS writers. Each CyclonePeer process is a DDS participant
 * of its own, so each peer's writer has a GUID of its own and is a source of its own for the latch.
 * The samples travel over real DDS; the latch reads a manual clock, so the hold time passes when a
 * test says so. Each test starts its peers once and never restarts them.
 */
class Ros2EStopIT {
    private static final Duration MATCH = Duration.ofSeconds(30);
    private static final long HOLD_NANOS = 200_000_000L;
    private static final Ros2Topics TOPICS = Ros2Topics.standard();

    private final ManualClock latchClock = new ManualClock(1_000_000_000L);

    private SensorSlots slots(EStopRules.Release release) {
        return new SensorSlots(SensorSlots.DEFAULT_PATH_CAPACITY, latchClock, new EStopRules(release, HOLD_NANOS, 0));
    }

    @Test
    void only_the_engaging_writer_releases_the_e_stop_and_only_after_the_hold_time() throws Exception {
        int domain = Ros2CyclonePeerIT.freshDomain();
        SensorSlots slots = slots(EStopRules.Release.SAME_SOURCE);
        EStopLatch estop = slots.estop();
        try (Ros2Participant p = Ros2CyclonePeerIT.participant(domain); CyclonePeer a = CyclonePeer.start(domain);
             CyclonePeer b = CyclonePeer.start(domain)) {
            Ros2SensorSource source = Ros2CyclonePeerIT.source(p, ObstacleSource.NONE, slots);
            InboundChannel<?, ?> channel = InboundChannel.named(source.channels(), "/estop");
            assertThat(InboundChannel.named(source.channels(), "/estop_release")).as("no release topic in same_source mode").isNull();
            a.send("pub bool /estop rel vol");
            b.send("pub bool /estop rel vol");
            String writerA = a.writerGuid("/estop");
            String writerB = b.writerGuid("/estop");
            assertThat(writerA).isNotEqualTo(writerB);
            awaitMatched(p, TOPICS.estop(), 2, a, b);

            send(a, "bool /estop 1");
            awaitAccepted(channel, 1);
            assertThat(estop.latched()).isTrue();
            assertThat(estop.engages()).isEqualTo(1);
            assertThat(estop.holders()).as("the source is the writer's GUID, as the peer itself reports it").isEqualTo(writerA);

            send(b, "bool /estop 0"); // another participant's false (a button-state publisher, say)
            awaitAccepted(channel, 2);
            assertThat(estop.latched()).isTrue();
            assertThat(estop.refusedReleases()).isEqualTo(1);

            send(a, "bool /estop 0"); // the engaging writer, but before the hold time
            awaitAccepted(channel, 3);
            assertThat(estop.latched()).isTrue();
            assertThat(estop.refusedReleases()).isEqualTo(2);

            latchClock.advance(HOLD_NANOS);
            send(b, "bool /estop 0"); // the hold time has passed, and B still holds nothing to release
            awaitAccepted(channel, 4);
            assertThat(estop.latched()).isTrue();
            assertThat(estop.holders()).isEqualTo(writerA);
            assertThat(estop.refusedReleases()).isEqualTo(3);

            send(a, "bool /estop 0");
            awaitAccepted(channel, 5);
            assertThat(estop.latched()).isFalse();
            assertThat(estop.holders()).isEmpty();
            assertThat(estop.releases()).isEqualTo(1);
            assertThat(estop.engages()).isEqualTo(1);
            assertThat(channel.rejectedTotal()).isZero();
        }
    }

    @Test
    void a_writer_that_leaves_keeps_its_engage_held_and_its_leaving_is_no_e_stop_message() throws Exception {
        int domain = Ros2CyclonePeerIT.freshDomain();
        SensorSlots slots = slots(EStopRules.Release.SAME_SOURCE);
        EStopLatch estop = slots.estop();
        try (Ros2Participant p = Ros2CyclonePeerIT.participant(domain); CyclonePeer stays = CyclonePeer.start(domain)) {
            Ros2SensorSource source = Ros2CyclonePeerIT.source(p, ObstacleSource.NONE, slots);
            InboundChannel<?, ?> channel = InboundChannel.named(source.channels(), "/estop");
            stays.send("pub bool /estop rel vol");
            String writer;
            try (CyclonePeer leaves = CyclonePeer.start(domain)) {
                leaves.send("pub bool /estop rel vol");
                writer = leaves.writerGuid("/estop");
                awaitMatched(p, TOPICS.estop(), 2, stays, leaves);
                send(leaves, "bool /estop 1");
                awaitAccepted(channel, 1);
            } // its participant is deleted: DDS tells the reader that the writer is gone
            Eventually.until("the reader sees the writer gone", MATCH, () -> p.subscriptionMatches(TOPICS.estop()) == 1);
            latchClock.advance(HOLD_NANOS);
            send(stays, "bool /estop 0"); // a message after the leave, so that anything DDS delivered for it has landed
            awaitAccepted(channel, 2);
            assertThat(channel.rejectedTotal()).as("no sample, readable or not, for the writer's leaving").isZero();
            assertThat(estop.engages()).isEqualTo(1);
            assertThat(estop.latched()).as("an engage outlives its writer").isTrue();
            assertThat(estop.holders()).isEqualTo(writer);
        }
    }

    @Test
    void an_e_stop_sample_the_controller_cannot_read_engages_in_its_writers_name() throws Exception {
        int domain = Ros2CyclonePeerIT.freshDomain();
        SensorSlots slots = slots(EStopRules.Release.SAME_SOURCE);
        EStopLatch estop = slots.estop();
        try (Ros2Participant p = Ros2CyclonePeerIT.participant(domain); CyclonePeer corrupt = CyclonePeer.start(domain)) {
            Ros2SensorSource source = Ros2CyclonePeerIT.source(p, ObstacleSource.NONE, slots);
            InboundChannel<?, ?> channel = InboundChannel.named(source.channels(), "/estop");
            // A std_msgs/Bool writer whose data byte is written as given: 2 is no boolean (a
            // publisher with a corrupt bool); the controller refuses the sample as malformed.
            corrupt.send("pub octet_bool /estop rel vol");
            String writer = corrupt.writerGuid("/estop");
            awaitMatched(p, TOPICS.estop(), 1, corrupt);

            send(corrupt, "bool /estop 2");
            // The channel counts a refusal before it hands it to the latch: wait for the latch.
            Eventually.until("the refused sample engages", Eventually.GENEROUS, () -> estop.engages() == 1, channel::countsLine);
            assertThat(channel.rejected(Reject.MALFORMED)).isEqualTo(1);
            assertThat(channel.accepted()).isZero();
            assertThat(estop.latched()).as("a refused e-stop message engages").isTrue();
            assertThat(estop.holders()).as("held in the name of the writer that sent it").isEqualTo(writer);

            latchClock.advance(HOLD_NANOS);
            send(corrupt, "bool /estop 0"); // a readable false from the same writer, after the hold time
            awaitAccepted(channel, 1);
            assertThat(estop.latched()).isFalse();
            assertThat(estop.releases()).isEqualTo(1);
        }
    }

    @Test
    void with_a_release_topic_only_a_false_there_releases_and_a_true_there_engages() throws Exception {
        int domain = Ros2CyclonePeerIT.freshDomain();
        SensorSlots slots = slots(EStopRules.Release.RELEASE_TOPIC);
        EStopLatch estop = slots.estop();
        try (Ros2Participant p = Ros2CyclonePeerIT.participant(domain); CyclonePeer button = CyclonePeer.start(domain);
             CyclonePeer operator = CyclonePeer.start(domain)) {
            Ros2SensorSource source = Ros2CyclonePeerIT.source(p, ObstacleSource.NONE, slots);
            InboundChannel<?, ?> estopChannel = InboundChannel.named(source.channels(), "/estop");
            InboundChannel<?, ?> releaseChannel = InboundChannel.named(source.channels(), "/estop_release");
            assertThat(releaseChannel).as("release_topic mode subscribes the release topic").isNotNull();
            button.send("pub bool /estop rel vol");
            operator.send("pub bool /estop_release rel vol");
            String buttonWriter = button.writerGuid("/estop");
            String operatorWriter = operator.writerGuid("/estop_release");
            awaitMatched(p, TOPICS.estop(), 1, button);
            awaitMatched(p, TOPICS.estopRelease(), 1, operator);

            send(button, "bool /estop 1");
            awaitAccepted(estopChannel, 1);
            assertThat(estop.holders()).isEqualTo(buttonWriter);

            latchClock.advance(HOLD_NANOS);
            send(button, "bool /estop 0"); // the button let go: reported, but it releases nothing
            awaitAccepted(estopChannel, 2);
            assertThat(estop.latched()).isTrue();
            assertThat(estop.refusedReleases()).isZero();

            send(operator, "bool /estop_release 1"); // a true on the release topic engages, in its writer's name
            awaitAccepted(releaseChannel, 1);
            assertThat(estop.engages()).isEqualTo(2);
            assertThat(estop.holders()).isEqualTo(buttonWriter + "," + operatorWriter);

            send(operator, "bool /estop_release 0"); // before the operator's own engage has held for the hold time
            awaitAccepted(releaseChannel, 2);
            assertThat(estop.latched()).isTrue();
            assertThat(estop.holders()).as("the button's engage, held long enough, is released").isEqualTo(operatorWriter);
            assertThat(estop.refusedReleases()).isEqualTo(1);

            latchClock.advance(HOLD_NANOS);
            send(operator, "bool /estop_release 0");
            awaitAccepted(releaseChannel, 3);
            assertThat(estop.latched()).isFalse();
            assertThat(estop.releases()).isEqualTo(2);
            assertThat(InboundChannel.rejectedTotal(source.channels())).isZero();
        }
    }

    /**
     * Waits until PolicyRT's subscription on {@code topic} matched {@code writers} writers and each
     * peer's writer matched PolicyRT's reader and its QoS probe, so that no sample sent after this
     * is lost to discovery.
     */
    private static void awaitMatched(Ros2Participant p, Ros2TopicSpec topic, int writers, CyclonePeer... peers) {
        Eventually.until(topic.name() + " matches both ways", MATCH, () -> {
            if (p.subscriptionMatches(topic) != writers) {
                return false;
            }
            for (CyclonePeer peer : peers) {
                if (matched(peer, topic.name()) != 2) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void awaitAccepted(InboundChannel<?, ?> channel, long n) {
        Eventually.until(channel.name() + " has accepted " + n, Eventually.GENEROUS, () -> channel.accepted() == n, channel::countsLine);
    }

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
