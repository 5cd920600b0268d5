package io.policyrt.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.ManualClock;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-stop over MQTT against a real mosquitto: what the latch sees from retained, named, bad
 * and release-topic messages. The latch and the channels run on a manual clock, so the hold time
 * passes when a test says so; the broker, the controller's connection and the e-stop publishers
 * are real. Publishers are blocking Paho clients publishing at QoS 1, as the README tells an
 * integrator's e-stop source to.
 */
class MqttEStopIT {
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long HOLD_NANOS = 150_000_000L;

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);
    final List<AutoCloseable> closeAfter = new ArrayList<>();
    final MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.JSON);
    MosquittoBroker broker;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    <T extends AutoCloseable> T closing(T c) {
        closeAfter.add(c);
        return c;
    }

    /** The controller's MQTT sensor source on its own connection, writing into slots with these e-stop rules. */
    SensorSlots controller(EStopRules.Release release, String clientId) throws Exception {
        SensorSlots slots = new SensorSlots(100, clock, new EStopRules(release, HOLD_NANOS, 0));
        MqttConnection c = closing(new MqttConnection(MqttSettings.of(broker.uri(), clientId), MqttTransport.CONTROLLER, topics.status(),
                SystemNanoClock.INSTANCE));
        source = new MqttSensorSource(c, topics, clock, InboundRules.DEFAULTS);
        connection = c;
        source.start(slots);
        return slots;
    }

    MqttSensorSource source;
    MqttConnection connection;

    /** An integrator's e-stop publisher: a plain Paho client, clean session. */
    MqttClient publisher(String clientId) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        c.setTimeToWait(10_000);
        c.connect(o);
        closing(() -> {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        });
        return c;
    }

    static byte[] estop(boolean engaged, String source) {
        return JsonCodec.INSTANCE.encodeEStop(1, new EStopSignal().set(T0, engaged, source));
    }

    InboundChannel<?, ?> channel(String topic) {
        return InboundChannel.named(source.channels(), topic);
    }

    @Test
    void a_retained_engage_published_before_the_controller_connects_is_latched_and_handed_over_again_after_a_reconnect()
            throws Exception {
        broker = closing(MosquittoBroker.start(dir));
        MqttClient button = publisher("button");
        // The button was pressed while no controller was connected: QoS 1, retained (the blocking
        // publish returns once the broker has acknowledged, i.e. stored it).
        button.publish(topics.estop().name(), estop(true, "pendant"), 1, true);

        SensorSlots slots = controller(EStopRules.Release.SAME_SOURCE, "ctl");
        EStopLatch latch = slots.estop();
        Eventually.until("the retained engage is latched", latch::latched);
        assertThat(latch.holders()).isEqualTo("pendant");
        assertThat(latch.engages()).isEqualTo(1);

        // Another client takes the controller's client id: the broker drops the controller, which
        // reconnects on a new clean session and receives the button's retained state again.
        MqttClient usurper = publisher("ctl");
        usurper.disconnect();
        Eventually.until("the controller is back and has the retained engage again",
                () -> connection.connectionLosses() >= 1 && connection.isConnected() && latch.engages() >= 2);
        assertThat(latch.latched()).isTrue();
        assertThat(latch.holders()).isEqualTo("pendant");
        assertThat(latch.releases()).isZero();
    }

    @Test
    void only_the_engaging_source_releases_and_only_after_the_hold_time() throws Exception {
        broker = closing(MosquittoBroker.start(dir));
        SensorSlots slots = controller(EStopRules.Release.SAME_SOURCE, "ctl");
        EStopLatch latch = slots.estop();
        InboundChannel<?, ?> estop = channel(topics.estop().name());
        MqttClient console = publisher("console");
        String topic = topics.estop().name();

        console.publish(topic, estop(true, "A"), 1, false);
        Eventually.until("A's engage", latch::latched);
        console.publish(topic, estop(false, "A"), 1, false);
        Eventually.until("A's early release is refused", () -> latch.refusedReleases() == 1);
        assertThat(latch.latched()).as("A's release before the %d ms hold time", HOLD_NANOS / 1_000_000).isTrue();

        clock.advance(HOLD_NANOS);
        console.publish(topic, estop(false, "B"), 1, false);
        Eventually.until("B's release is refused", () -> latch.refusedReleases() == 2);
        assertThat(latch.latched()).as("B holds no engage and cannot clear A's").isTrue();
        assertThat(latch.holders()).isEqualTo("A");
        // Without a source field the topic is the sender: not A either.
        console.publish(topic, estop(false, null), 1, false);
        Eventually.until("the topic's release is refused", () -> latch.refusedReleases() == 3);
        assertThat(latch.holders()).isEqualTo("A");

        console.publish(topic, estop(false, "A"), 1, false);
        Eventually.until("A's release after the hold time", () -> !latch.latched());
        assertThat(latch.releases()).isEqualTo(1);
        assertThat(latch.engages()).isEqualTo(1);
        // the channel counts a message after writing it to the slot: the count may trail the latch
        Eventually.until("five e-stop messages counted", () -> estop.accepted() == 5);
        assertThat(estop.rejectedTotal()).isZero();
    }

    @Test
    void a_malformed_or_oversized_estop_message_engages_by_the_topic() throws Exception {
        broker = closing(MosquittoBroker.start(dir));
        SensorSlots slots = controller(EStopRules.Release.SAME_SOURCE, "ctl");
        EStopLatch latch = slots.estop();
        InboundChannel<?, ?> estop = channel(topics.estop().name());
        MqttClient console = publisher("console");
        String topic = topics.estop().name();

        // A release whose source is longer than 64 characters cannot be read: it engages, by the topic.
        byte[] overlong = ("{\"stamp_ns\":5,\"engaged\":false,\"source\":\"" + "A".repeat(65) + "\"}").getBytes(StandardCharsets.US_ASCII);
        console.publish(topic, overlong, 1, false);
        Eventually.until("the malformed message engages", latch::latched);
        assertThat(estop.rejected(Reject.MALFORMED)).isEqualTo(1);
        assertThat(latch.holders()).isEqualTo(topic);

        console.publish(topic, new byte[topics.estop().maxPayloadBytes() + 1], 1, false);
        Eventually.until("the oversized message engages", () -> latch.engages() == 2);
        assertThat(estop.rejected(Reject.OVERSIZED)).isEqualTo(1);
        assertThat(estop.accepted()).isZero();

        // The topic's own release (no source field) clears it once the hold time has passed.
        clock.advance(HOLD_NANOS);
        console.publish(topic, estop(false, null), 1, false);
        Eventually.until("released by the topic", () -> !latch.latched());
    }

    @Test
    void in_release_topic_mode_only_a_false_on_the_release_topic_releases() throws Exception {
        broker = closing(MosquittoBroker.start(dir));
        SensorSlots slots = controller(EStopRules.Release.RELEASE_TOPIC, "ctl");
        EStopLatch latch = slots.estop();
        assertThat(source.channels()).hasSize(5);
        InboundChannel<?, ?> estop = channel(topics.estop().name());
        InboundChannel<?, ?> release = channel(topics.estopRelease().name());
        assertThat(release).isNotNull();
        MqttClient button = publisher("button");
        MqttClient console = publisher("console");

        button.publish(topics.estop().name(), estop(true, "A"), 1, false);
        Eventually.until("A's engage", latch::latched);
        clock.advance(HOLD_NANOS);
        // The button let go: on the e-stop topic this only reports it, it releases nothing.
        button.publish(topics.estop().name(), estop(false, "A"), 1, false);
        Eventually.until("the button's false arrives", () -> estop.accepted() == 2);
        assertThat(latch.latched()).isTrue();
        assertThat(latch.releases()).isZero();

        console.publish(topics.estopRelease().name(), estop(false, "operator"), 1, false);
        Eventually.until("released on the release topic", () -> !latch.latched());
        assertThat(latch.releases()).isEqualTo(1);
        assertThat(latch.engages()).isEqualTo(1);
        // the channel counts a message after the slot has acted on it
        Eventually.until("the release counted", () -> release.accepted() == 1);
    }

    @Test
    void a_release_before_the_hold_time_or_retained_on_the_release_topic_releases_nothing() throws Exception {
        broker = closing(MosquittoBroker.start(dir));
        SensorSlots slots = controller(EStopRules.Release.RELEASE_TOPIC, "ctl");
        EStopLatch latch = slots.estop();
        InboundChannel<?, ?> release = channel(topics.estopRelease().name());
        MqttClient button = publisher("button");
        MqttClient console = publisher("console");

        button.publish(topics.estop().name(), estop(true, "A"), 1, false);
        Eventually.until("A's engage", latch::latched);
        button.publish(topics.estop().name(), estop(false, "A"), 1, false);
        console.publish(topics.estopRelease().name(), estop(false, null), 1, false);
        Eventually.until("the early release is refused", () -> latch.refusedReleases() == 1);
        assertThat(latch.latched()).as("released before the hold time").isTrue();

        // A release published with the retain flag would be replayed at every reconnect: the
        // controller refuses it, and like any refused e-stop message it engages (loudly).
        console.publish(topics.estopRelease().name(), estop(false, null), 1, true);
        SensorSlots restarted = controller(EStopRules.Release.RELEASE_TOPIC, "ctl2");
        Eventually.until("the retained release engages", () -> restarted.estop().latched());
        assertThat(restarted.estop().releases()).isZero();
        assertThat(channel(topics.estopRelease().name()).rejected(Reject.INVALID)).isEqualTo(1);
        assertThat(restarted.estop().holders()).isEqualTo(topics.estopRelease().name());
        assertThat(release.rejectedTotal()).as("the first controller got it live (not retained): a release, refused for the hold time")
                .isZero();
        console.publish(topics.estopRelease().name(), new byte[0], 1, true); // clears the retained message
    }
}
