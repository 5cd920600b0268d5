package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.MessageHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import io.policyrt.drivers.mqtt.testing.SubscribeDroppingProxy;
import io.policyrt.drivers.mqtt.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against a real mosquitto (and the embedded Moquette broker), started by each test. */
class MqttTransportIT {
    static final NanoClock CLOCK = SystemNanoClock.INSTANCE;
    static final long FUTURE_TOLERANCE_NANOS = 500_000_000L;

    @TempDir
    Path dir;
    final List<AutoCloseable> closeAfter = new ArrayList<>();

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

    MqttConnection connection(MqttSettings s, String role, MqttTopics topics) throws MqttTransportException {
        return closing(new MqttConnection(s, role, role.equals("controller") ? topics.status() : topics.robotStatus(), CLOCK));
    }

    static boolean odometryX(LatestValue<Odometry> slot, double x) {
        slot.refresh();
        return slot.hasValue() && slot.latest().xM() == x;
    }

    @Test
    void sensors_reach_the_slots_and_bad_messages_are_counted_not_delivered() throws Exception {
        MosquittoBroker broker = closing(MosquittoBroker.start(dir));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        MqttConnection controller = connection(MqttSettings.of(broker.uri(), "ctl"), "controller", topics);
        MqttSensorSource source = new MqttSensorSource(controller, topics, CLOCK, InboundRules.withFutureTolerance(FUTURE_TOLERANCE_NANOS));
        SensorSlots slots = new SensorSlots();
        source.start(slots);
        MqttConnection robot = connection(MqttSettings.of(broker.uri(), "bot"), "robot", topics);
        robot.start();
        BinaryCodec codec = BinaryCodec.INSTANCE;
        String odom = topics.odometry().name();

        long t = CLOCK.nanoTime();
        robot.publish(odom, codec.encodeOdometry(5, new Odometry().set(t, 1.0, 2, 0, 0, 0)), 1, false);
        Eventually.until("first odometry", () -> odometryX(slots.odometry(), 1.0));
        // Duplicate, older stamp, garbage, NaN, future stamp: all dropped, each counted.
        robot.publish(odom, codec.encodeOdometry(5, new Odometry().set(t, 9.0, 2, 0, 0, 0)), 1, false);
        robot.publish(odom, codec.encodeOdometry(6, new Odometry().set(t - 1_000_000, 9.0, 2, 0, 0, 0)), 1, false);
        robot.publish(odom, "not odometry".getBytes(StandardCharsets.UTF_8), 1, false);
        byte[] nan = codec.encodeOdometry(7, new Odometry().set(t + 1, 9.0, 2, 0, 0, 0));
        java.nio.ByteBuffer.wrap(nan).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(20, Double.NaN);
        robot.publish(odom, nan, 1, false);
        robot.publish(odom, codec.encodeOdometry(8, new Odometry().set(t + 60_000_000_000L, 9.0, 2, 0, 0, 0)), 1, false);
        robot.publish(odom, new byte[topics.odometry().maxPayloadBytes() + 1], 1, false);
        // Then a good one with a later stamp: the topic is not locked by the bad ones.
        robot.publish(odom, codec.encodeOdometry(9, new Odometry().set(t + 2, 3.0, 2, 0, 0, 0)), 1, false);
        Eventually.until("odometry after the bad ones", () -> odometryX(slots.odometry(), 3.0));
        InboundChannel<?, ?> in = source.channels().get(0);
        assertThat(in.accepted()).isEqualTo(2);
        assertThat(in.rejected(Reject.DUPLICATE)).isEqualTo(1);
        assertThat(in.rejected(Reject.OUT_OF_ORDER)).isEqualTo(1);
        assertThat(in.rejected(Reject.MALFORMED)).isEqualTo(1);
        assertThat(in.rejected(Reject.NON_FINITE)).isEqualTo(1);
        assertThat(in.rejected(Reject.FUTURE_STAMP)).isEqualTo(1);
        assertThat(in.rejected(Reject.OVERSIZED)).isEqualTo(1);
        assertThat(in.latency().snapshot().getTotalCount()).isEqualTo(2);
        assertThat(controller.handlerFailures()).isZero();
    }

    @Test
    void commands_arrive_in_order_with_their_stamps_and_the_status_is_retained() throws Exception {
        MosquittoBroker broker = closing(MosquittoBroker.start(dir));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.JSON);
        MqttConnection controller = connection(MqttSettings.of(broker.uri(), "ctl"), "controller", topics);
        controller.start();
        MqttCommandSink sink = closing(new MqttCommandSink(controller, topics));
        List<WheelCommand> received = new CopyOnWriteArrayList<>();
        List<String> status = new CopyOnWriteArrayList<>();
        MqttConnection robot = connection(MqttSettings.of(broker.uri(), "bot"), "robot", topics);
        robot.subscribe(topics.wheelCommand(), p -> {
            WheelCommand w = new WheelCommand();
            assertThat(JsonCodec.INSTANCE.decodeWheelCommand(p, new MessageHeader(), w)).isEqualTo(Reject.NONE);
            received.add(w);
        });
        robot.subscribe(new TopicSpec(topics.status(), PayloadFormat.JSON, 1, 4096), p -> status.add(new String(p, StandardCharsets.UTF_8)));
        robot.start();
        for (int i = 1; i <= 50; i++) {
            long t = CLOCK.nanoTime();
            sink.send(new WheelCommand().set(t, i, -i), new VelocityCommand().set(t, 0.01 * i, 0));
            Thread.sleep(2); // a 500 Hz controller; the sink may coalesce but never reorder
        }
        Eventually.until("the last command", () -> !received.isEmpty() && received.get(received.size() - 1).leftRadps() == 50);
        for (int i = 1; i < received.size(); i++) {
            assertThat(received.get(i).stampNanos()).isGreaterThan(received.get(i - 1).stampNanos());
        }
        Eventually.until("the retained online status", () -> status.stream().anyMatch(s -> s.contains("\"state\":\"online\"")));
        controller.close();
        Eventually.until("the offline status", () -> status.stream().anyMatch(s -> s.contains("\"reason\":\"stopped\"")));
    }

    @Test
    void killed_broker_is_survived_and_sensors_resume_after_its_restart() throws Exception {
        MosquittoBroker broker = closing(MosquittoBroker.start(dir));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        MqttConnection controller = connection(MqttSettings.of(broker.uri(), "ctl"), "controller", topics);
        MqttSensorSource source = new MqttSensorSource(controller, topics, CLOCK, InboundRules.withFutureTolerance(FUTURE_TOLERANCE_NANOS));
        SensorSlots slots = new SensorSlots();
        source.start(slots);
        MqttConnection robot = connection(MqttSettings.of(broker.uri(), "bot"), "robot", topics);
        AtomicInteger robotConnects = new AtomicInteger();
        robot.onConnect(robotConnects::incrementAndGet);
        robot.start();
        String odom = topics.odometry().name();
        robot.publish(odom, BinaryCodec.INSTANCE.encodeOdometry(1, new Odometry().set(CLOCK.nanoTime(), 1.0, 0, 0, 0, 0)), 0, false);
        Eventually.until("odometry before the kill", () -> odometryX(slots.odometry(), 1.0));

        broker.kill();
        Eventually.until("both clients notice", () -> controller.connectionLosses() == 1 && robot.connectionLosses() == 1);
        assertThat(robot.publish(odom, BinaryCodec.INSTANCE.encodeOdometry(2, new Odometry().set(CLOCK.nanoTime(), 2.0, 0, 0, 0, 0)), 0,
                false)).as("publishing while down fails at once instead of blocking").isFalse();
        broker.restart();
        Eventually.until("both reconnect", () -> controller.isConnected() && robot.isConnected() && robotConnects.get() >= 2);
        // The controller resubscribed in connectComplete: fresh odometry reaches the slot again.
        Eventually.until("odometry after the restart", () -> {
            robot.publish(odom, BinaryCodec.INSTANCE.encodeOdometry(3, new Odometry().set(CLOCK.nanoTime(), 3.0, 0, 0, 0, 0)), 0, false);
            return odometryX(slots.odometry(), 3.0);
        });
        assertThat(controller.connects()).isEqualTo(2);
    }

    @Test
    void closing_during_an_outage_stops_the_reconnect_attempts() throws Exception {
        MosquittoBroker broker = closing(MosquittoBroker.start(dir));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        MqttConnection c = new MqttConnection(MqttSettings.of(broker.uri(), "gone"), "controller", topics.status(), CLOCK);
        c.start();
        broker.kill();
        Eventually.until("the loss is noticed", () -> c.connectionLosses() == 1);
        c.close();
        Thread.sleep(2500); // longer than the 1 s reconnect delay: attempts would have started
        broker.restart();
        Thread.sleep(1500);
        assertThat(c.isConnected()).isFalse();
        assertThat(c.connects()).isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("gone") && t.isAlive()
                && !t.isDaemon());
    }

    @Test
    void tls_with_the_test_ca_and_a_password_connects_and_carries_messages() throws Exception {
        Path pki = dir.resolve("pki");
        TestPki.ca(pki, "ca");
        TestPki.ServerFiles server = TestPki.server(pki, "ca");
        Path clientP12 = TestPki.clientKeyStore(pki, "ca", "p12secret");
        Path passwd = MosquittoBroker.writePasswordFile(dir, "robot", "s3cret");
        MosquittoBroker broker = closing(MosquittoBroker.start(dir.resolve("broker"), server, passwd));
        assertThat(broker.uri()).startsWith("ssl://");
        MqttTopics topics = MqttTopics.standard("fleet", "r7", PayloadFormat.BINARY);
        MqttSettings.Tls tls = new MqttSettings.Tls(server.caCert(), clientP12, "p12secret".toCharArray());
        MqttConnection controller = connection(MqttSettings.of(broker.uri(), "ctl").withTls(tls)
                .withCredentials("robot", "s3cret".toCharArray()), "controller", topics);
        MqttSensorSource source = new MqttSensorSource(controller, topics, CLOCK, InboundRules.withFutureTolerance(FUTURE_TOLERANCE_NANOS));
        SensorSlots slots = new SensorSlots();
        source.start(slots);
        MqttConnection robot = connection(MqttSettings.of(broker.uri(), "bot").withTls(new MqttSettings.Tls(server.caCert(), null, null))
                .withCredentials("robot", "s3cret".toCharArray()), "robot", topics);
        robot.start();
        robot.publish(topics.odometry().name(), BinaryCodec.INSTANCE.encodeOdometry(1, new Odometry().set(CLOCK.nanoTime(), 4.0, 0, 0, 0, 0)),
                1, false);
        Eventually.until("odometry over TLS", () -> odometryX(slots.odometry(), 4.0));
    }

    @Test
    void tls_with_the_wrong_ca_or_a_wrong_password_is_refused_with_a_clear_error() throws Exception {
        Path pki = dir.resolve("pki");
        TestPki.ca(pki, "ca");
        TestPki.ServerFiles server = TestPki.server(pki, "ca");
        Path otherCa = TestPki.ca(dir.resolve("other"), "impostor");
        Path passwd = MosquittoBroker.writePasswordFile(dir, "robot", "s3cret");
        MosquittoBroker broker = closing(MosquittoBroker.start(dir.resolve("broker"), server, passwd));
        MqttTopics topics = MqttTopics.standard("fleet", "r7", PayloadFormat.BINARY);

        MqttConnection wrongCa = connection(MqttSettings.of(broker.uri(), "a").withTls(new MqttSettings.Tls(otherCa, null, null))
                .withCredentials("robot", "s3cret".toCharArray()), "controller", topics);
        assertThatThrownBy(wrongCa::start).isInstanceOf(MqttTransportException.class)
                .hasMessageContaining("TLS handshake").hasMessageContaining("not trusted by the CA file").hasMessageContaining(otherCa.toString());

        MqttConnection wrongPassword = connection(MqttSettings.of(broker.uri(), "b")
                .withTls(new MqttSettings.Tls(server.caCert(), null, null)).withCredentials("robot", "guess".toCharArray()),
                "controller", topics);
        assertThatThrownBy(wrongPassword::start).isInstanceOf(MqttTransportException.class)
                .hasMessageMatching("(?s).*(user name or password|not authorized).*");

        MqttConnection noPassword = connection(MqttSettings.of(broker.uri(), "c").withTls(new MqttSettings.Tls(server.caCert(), null, null)),
                "controller", topics);
        assertThatThrownBy(noPassword::start).isInstanceOf(MqttTransportException.class)
                .hasMessageMatching("(?s).*(user name or password|not authorized).*");

        Path p12 = TestPki.clientKeyStore(pki, "ca", "right");
        MqttConnection wrongKeyStorePassword = connection(MqttSettings.of(broker.uri(), "d")
                .withTls(new MqttSettings.Tls(server.caCert(), p12, "wrong".toCharArray())), "controller", topics);
        assertThatThrownBy(wrongKeyStorePassword::start).isInstanceOf(MqttTransportException.class)
                .hasMessageContaining("client key store").hasMessageContaining("wrong password");
    }

    @Test
    void unreachable_broker_is_a_clear_error() throws Exception {
        int port = MosquittoBroker.freePort();
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        MqttConnection c = connection(MqttSettings.of("tcp://127.0.0.1:" + port, "ctl"), "controller", topics);
        assertThatThrownBy(c::start).isInstanceOf(MqttTransportException.class)
                .hasMessageContaining("cannot reach the broker at tcp://127.0.0.1:" + port);
    }

    /**
     * A broker that drops the client at its first SUBSCRIBE: start() reconnects and subscribes by
     * itself, and the reconnector, which owns losses only once start() has returned, does not race it
     * (it did: start() then failed with "connect already in progress" or "client is connected").
     */
    @Test
    void a_connection_lost_while_subscribing_is_retried_by_start_alone() throws Exception {
        int brokerPort = MosquittoBroker.freePort();
        EmbeddedBroker broker = closing(EmbeddedBroker.start(brokerPort));
        SubscribeDroppingProxy proxy = closing(SubscribeDroppingProxy.start(brokerPort, 1));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        MqttConnection controller = connection(MqttSettings.of(proxy.uri(), "ctl"), "controller", topics);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        controller.subscribe(topics.odometry(), received::add);

        controller.start();
        assertThat(proxy.dropped()).isEqualTo(1);
        assertThat(controller.isConnected()).isTrue();
        assertThat(controller.connectionLosses()).isEqualTo(1);

        MqttConnection robot = connection(MqttSettings.of(broker.uri(), "bot"), "robot", topics);
        robot.start();
        robot.publish(topics.odometry().name(), new byte[] {1, 2, 3}, 0, false);
        Eventually.until("odometry on the subscription start() retried", () -> !received.isEmpty());
        // one connection dropped, one that stays: nothing else connected meanwhile
        Thread.sleep(3 * Reconnector.FIRST_RETRY_MS);
        assertThat(proxy.connections()).isEqualTo(2);
        assertThat(controller.connects()).isEqualTo(2);
    }

    @Test
    void embedded_moquette_broker_carries_sensors_and_commands() throws Exception {
        EmbeddedBroker broker = closing(EmbeddedBroker.start(MosquittoBroker.freePort()));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        MqttConnection controller = connection(MqttSettings.of(broker.uri(), "ctl"), "controller", topics);
        MqttSensorSource source = new MqttSensorSource(controller, topics, CLOCK, InboundRules.withFutureTolerance(FUTURE_TOLERANCE_NANOS));
        SensorSlots slots = new SensorSlots();
        source.start(slots);
        MqttCommandSink sink = closing(new MqttCommandSink(controller, topics));
        List<WheelCommand> received = new CopyOnWriteArrayList<>();
        MqttConnection robot = connection(MqttSettings.of(broker.uri(), "bot"), "robot", topics);
        robot.subscribe(topics.wheelCommand(), p -> {
            WheelCommand w = new WheelCommand();
            if (BinaryCodec.INSTANCE.decodeWheelCommand(p, new MessageHeader(), w) == Reject.NONE) {
                received.add(w);
            }
        });
        robot.start();
        robot.publish(topics.odometry().name(), BinaryCodec.INSTANCE.encodeOdometry(1, new Odometry().set(CLOCK.nanoTime(), 5.0, 0, 0, 0, 0)),
                0, false);
        Eventually.until("odometry through Moquette", () -> odometryX(slots.odometry(), 5.0));
        long t = CLOCK.nanoTime();
        sink.send(new WheelCommand().set(t, 1.5, 2.5), new VelocityCommand().set(t, 0.2, 0.1));
        Eventually.until("a command through Moquette", () -> !received.isEmpty());
        assertThat(received.get(0).rightRadps()).isEqualTo(2.5);
    }
}
