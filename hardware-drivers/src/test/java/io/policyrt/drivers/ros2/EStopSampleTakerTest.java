package io.policyrt.drivers.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.drivers.ros2.msg.BoolMessage;
import io.policyrt.drivers.ros2.msg.BoolType;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.common.SerializedPayload;
import us.ihmc.pubsub.subscriber.Subscriber;

/**
 * The e-stop's sample path without DDS: a scripted subscriber does what the IHMC Fast-DDS binding
 * does in {@code takeNextData(data, info)} (fill the SampleInfo with the writer's GUID, then decode
 * the payload with the topic's type, or return false when the native take finds nothing), so every
 * way a sample can fail reaches the latch with the sender it must be held under. Ros2EStopIT does
 * the same against real Cyclone DDS writers, where a sample DDS cannot hand over cannot be made.
 */
class EStopSampleTakerTest {
    private static final byte[] PREFIX_A = {0x01, 0x10, (byte) 0xd2, 0x2a, (byte) 0x92, 0x42, 0x23, 0x68, (byte) 0xc3, (byte) 0xc0, 0x2d, (byte) 0x8d};
    private static final byte[] ENTITY_A = {0, 0, 0x01, 0x03};
    private static final String WRITER_A = "01.10.d2.2a.92.42.23.68.c3.c0.2d.8d.00.00.01.03";

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final BoolType type = new BoolType();
    private SensorSlots slots;
    private InboundChannel<BoolMessage, EStopSignal> channel;
    private ScriptedSubscriber subscriber;
    private SampleTaker<BoolMessage> taker;

    @BeforeEach
    void setUp() {
        slots = new SensorSlots(16, clock, new EStopRules(EStopRules.Release.SAME_SOURCE, 200_000_000L, 0));
        channel = Ros2Inbound.channel("/estop", slots.estop(), new EStopSignal(), (b, into, now) -> into.set(now, b.data()).stampNanos(),
                clock, new StampAdmission(50_000_000L, 0), InputBounds.DEFAULTS);
        subscriber = new ScriptedSubscriber(type);
        taker = SampleTaker.namingWriters(new BoolMessage(), channel, type.taken(), "type's");
    }

    @Test
    void a_sample_the_type_refuses_engages_in_the_name_of_its_writer_which_alone_can_release_it() {
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 2); // a boolean byte of 2: no std_msgs/Bool
        taker.onNewDataMessage(subscriber);
        assertThat(channel.rejected(Reject.MALFORMED)).isEqualTo(1);
        assertThat(slots.estop().latched()).isTrue();
        assertThat(slots.estop().engages()).isEqualTo(1);
        assertThat(slots.estop().holders()).isEqualTo(WRITER_A);
        clock.advance(200_000_000L); // the hold time
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 0);
        taker.onNewDataMessage(subscriber);
        assertThat(slots.estop().latched()).as("the same writer's false after the hold time releases").isFalse();
        assertThat(slots.estop().releases()).isEqualTo(1);
    }

    @Test
    void a_sample_dds_announced_but_could_not_hand_over_engages_in_the_topics_name_not_the_previous_writers() {
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 0); // writer A says "not pressed": nothing held
        taker.onNewDataMessage(subscriber);
        assertThat(slots.estop().latched()).isFalse();
        subscriber.nothing(); // the native take finds no sample: no writer is known
        taker.onNewDataMessage(subscriber);
        assertThat(channel.rejected(Reject.UNREADABLE)).isEqualTo(1);
        assertThat(slots.estop().latched()).isTrue();
        assertThat(slots.estop().holders()).as("never the previous sample's writer").isEqualTo("/estop");
        clock.advance(200_000_000L);
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 0);
        taker.onNewDataMessage(subscriber);
        assertThat(slots.estop().latched()).as("writer A holds no engage, so it cannot release the topic's").isTrue();
        assertThat(slots.estop().refusedReleases()).isEqualTo(1);
    }

    @Test
    void a_decoder_failure_of_any_kind_engages_and_never_escapes_to_the_dds_thread() {
        subscriber.failing(new IllegalStateException("a bug"));
        taker.onNewDataMessage(subscriber);
        assertThat(channel.rejected(Reject.MALFORMED)).isEqualTo(1);
        assertThat(slots.estop().holders()).isEqualTo(WRITER_A);
    }

    @Test
    void sensors_are_taken_without_a_sample_info_and_name_the_topic() {
        SampleTaker<BoolMessage> anonymous = SampleTaker.anonymous(new BoolMessage(), channel, type.taken(), "type's");
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 1);
        anonymous.onNewDataMessage(subscriber);
        assertThat(subscriber.lastInfo).isNull();
        assertThat(slots.estop().holders()).isEqualTo("/estop");
    }

    /** A recorder's tap gets each sample's CDR as it came (also a refused one), none for a sample never taken. */
    @Test
    void the_tap_gets_each_samples_cdr_also_a_refused_one_and_none_when_nothing_was_taken() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        channel.tap((c, receivedNanos, verdict, source, message, decoded, wire) -> seen.add(verdict + " " + (wire == null ? "no bytes"
                : String.format("%d bytes, encapsulation %02x%02x, data %d", wire.lengthBytes(), wire.bytes().get(0), wire.bytes().get(1),
                        wire.bytes().get(4)))));
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 0);
        taker.onNewDataMessage(subscriber);
        subscriber.next(PREFIX_A, ENTITY_A, (byte) 2); // no boolean: refused
        taker.onNewDataMessage(subscriber);
        subscriber.nothing();
        taker.onNewDataMessage(subscriber);
        assertThat(seen).containsExactly("NONE 5 bytes, encapsulation 0001, data 0", "MALFORMED 5 bytes, encapsulation 0001, data 2",
                "UNREADABLE no bytes");
        assertThat(type.newInstance().taken()).as("the DDS layer's instance shares the frame").isSameAs(type.taken());
    }

    @Test
    void a_steady_writer_is_named_without_allocating_per_sample() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        WriterGuidNames names = new WriterGuidNames();
        Guid guid = new Guid();
        System.arraycopy(PREFIX_A, 0, guid.getGuidPrefix().getValue(), 0, 12);
        System.arraycopy(ENTITY_A, 0, guid.getEntity().getValue(), 0, 4);
        String first = names.nameOf(guid);
        assertThat(first).isEqualTo(WRITER_A);
        for (int i = 0; i < 20_000; i++) {
            names.nameOf(guid);
        }
        int same = 0;
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            same += names.nameOf(guid) == first ? 1 : 0;
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(same).as("the cached name, every time").isEqualTo(10_000);
        assertThat(allocated).isLessThan(1_000);
        guid.getEntity().getValue()[2] = 0x02;
        assertThat(names.nameOf(guid)).as("another writer of the same participant is another source")
                .isEqualTo("01.10.d2.2a.92.42.23.68.c3.c0.2d.8d.00.00.02.03");
        guid.fromPrimitives(0, 0);
        assertThat(names.nameOf(guid)).as("the unknown GUID names no writer").isNull();
    }

    /** Takes as the IHMC Fast-DDS binding does: SampleInfo first, then the type's decode of the payload. */
    private static final class ScriptedSubscriber implements Subscriber<BoolMessage> {
        private final BoolType type;
        private final SerializedPayload payload;
        private final byte[] prefix = new byte[12];
        private final byte[] entity = new byte[4];
        private boolean available;
        private RuntimeException failure;
        SampleInfo lastInfo;

        ScriptedSubscriber(BoolType type) {
            this.type = type;
            this.payload = new SerializedPayload(type.getTypeSize());
        }

        void next(byte[] writerPrefix, byte[] writerEntity, byte data) {
            System.arraycopy(writerPrefix, 0, prefix, 0, 12);
            System.arraycopy(writerEntity, 0, entity, 0, 4);
            type.serialize(new BoolMessage(), payload);
            payload.getData().put(4, data);
            available = true;
            failure = null;
        }

        void nothing() {
            available = false;
        }

        void failing(RuntimeException e) {
            next(PREFIX_A, ENTITY_A, (byte) 1);
            failure = e;
        }

        @Override
        public boolean takeNextData(BoolMessage data, SampleInfo info) {
            lastInfo = info;
            if (!available) {
                return false;
            }
            available = false;
            if (info != null) {
                Guid g = info.getSampleIdentity().getGuid();
                System.arraycopy(prefix, 0, g.getGuidPrefix().getValue(), 0, 12);
                System.arraycopy(entity, 0, g.getEntity().getValue(), 0, 4);
            }
            if (failure != null) {
                throw failure;
            }
            type.deserialize(payload, data);
            return true;
        }

        @Override public Guid getGuid() { return new Guid(); }
        @Override public void waitForUnreadMessage(int timeoutMs) { }
        @Override public boolean readNextData(BoolMessage data, SampleInfo info) { throw new UnsupportedOperationException(); }
        @Override public BoolMessage readNextData() { throw new UnsupportedOperationException(); }
        @Override public BoolMessage takeNextData() { throw new UnsupportedOperationException(); }
        @Override public BoolMessage readNextData(SampleInfo info) { throw new UnsupportedOperationException(); }
        @Override public BoolMessage takeNextData(SampleInfo info) { throw new UnsupportedOperationException(); }
        @Override public SubscriberAttributes getAttributes() { return null; }
        @Override public boolean isInCleanState() { return true; }
        @Override public boolean hasMatched() { return true; }
        @Override public boolean isAvailable() { return true; }
        @Override public boolean isRemoved() { return false; }
        @Override public long getNumberOfReceivedMessages() { return 0; }
        @Override public long getCurrentMessageSize() { return 0; }
        @Override public long getLargestMessageSize() { return 0; }
        @Override public long getCumulativePayloadBytes() { return 0; }
    }
}
