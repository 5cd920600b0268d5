package io.policyrt.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import io.policyrt.drivers.mqtt.testing.RawMqttFlooder;
import java.nio.file.Files;
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
 * What the broker's configuration closes and what it does not: a huge payload with and without
 * mosquitto's {@code message_size_limit}, the example ACL of {@code config/mosquitto-acl.example},
 * and credentials over plain TCP.
 */
class MqttBrokerLimitsIT {
    static final NanoClock CLOCK = SystemNanoClock.INSTANCE;
    static final int HUGE_BYTES = 100 * 1024 * 1024;

    @TempDir
    Path dir;
    final List<AutoCloseable> closeAfter = new ArrayList<>();
    MqttConnection lastController;

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

    static boolean odometryX(LatestValue<Odometry> slot, double x) {
        slot.refresh();
        return slot.hasValue() && slot.latest().xM() == x;
    }

    /** The controller's sensors on {@code broker}, started. */
    MqttSensorSource controller(MosquittoBroker broker, MqttTopics topics, MqttSettings settings, SensorSlots slots) throws Exception {
        MqttConnection c = closing(new MqttConnection(settings, "controller", topics.status(), CLOCK));
        lastController = c;
        MqttSensorSource source = new MqttSensorSource(c, topics, CLOCK, InboundRules.withFutureTolerance(500_000_000L));
        source.start(slots);
        return source;
    }

    void sendOdometry(MqttConnection robot, MqttTopics topics, double x) {
        robot.publish(topics.odometry().name(), BinaryCodec.INSTANCE.encodeOdometry(1, new Odometry().set(CLOCK.nanoTime(), x, 0, 0, 0, 0)),
                0, false);
    }

    @Test
    void a_100_mb_payload_on_a_broker_without_a_size_limit_is_counted_oversized_and_the_controller_keeps_running() throws Exception {
        MosquittoBroker broker = closing(MosquittoBroker.start(dir));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        SensorSlots slots = new SensorSlots();
        MqttSensorSource source = controller(broker, topics, MqttSettings.of(broker.uri(), "ctl"), slots);
        MqttConnection robot = closing(new MqttConnection(MqttSettings.of(broker.uri(), "bot"), "robot", topics.robotStatus(), CLOCK));
        robot.start();
        sendOdometry(robot, topics, 1.0);
        Eventually.until("odometry before", () -> odometryX(slots.odometry(), 1.0));
        InboundChannel<?, ?> odom = source.channels().get(0);

        // Without message_size_limit mosquitto forwards it, and Paho reads all 100 MB into one
        // array before our size check can refuse it: the check protects the decoder, not the heap.
        try (RawMqttFlooder peer = RawMqttFlooder.connect(broker.port(), "huge")) {
            peer.publishHuge(topics.odometry().name(), HUGE_BYTES);
            Eventually.until("the 100 MB payload is counted as oversized", () -> odom.rejected(Reject.OVERSIZED) == 1);
        }
        sendOdometry(robot, topics, 2.0);
        Eventually.until("odometry after the huge payload", () -> odometryX(slots.odometry(), 2.0));
        assertThat(source.channels().get(0).accepted()).isEqualTo(2);
    }

    @Test
    void a_broker_with_a_message_size_limit_drops_the_huge_payload_before_it_reaches_the_controller() throws Exception {
        MosquittoBroker broker = closing(MosquittoBroker.startWith(dir, null, "message_size_limit 65536\n"));
        MqttTopics topics = MqttTopics.standard("policyrt", "r1", PayloadFormat.BINARY);
        SensorSlots slots = new SensorSlots();
        MqttSensorSource source = controller(broker, topics, MqttSettings.of(broker.uri(), "ctl"), slots);
        MqttConnection robot = closing(new MqttConnection(MqttSettings.of(broker.uri(), "bot"), "robot", topics.robotStatus(), CLOCK));
        robot.start();
        InboundChannel<?, ?> odom = source.channels().get(0);

        try (RawMqttFlooder peer = RawMqttFlooder.connect(broker.port(), "huge")) {
            peer.publishHuge(topics.odometry().name(), 4 * 1024 * 1024);
            peer.publishHuge(topics.odometry().name(), 70_000);
            // Then a valid message from the robot: once it has arrived, anything forwarded before it would have too.
            Eventually.until("the publishes are behind us", () -> {
                sendOdometry(robot, topics, 3.0);
                return odometryX(slots.odometry(), 3.0);
            });
        }
        assertThat(odom.rejected(Reject.OVERSIZED)).as("nothing over the broker's limit reached the controller").isZero();
        assertThat(odom.rejectedTotal()).isZero();
    }

    @Test
    void the_example_acl_lets_only_the_robots_own_users_write_its_e_stop_and_sensors_or_read_its_commands() throws Exception {
        Path acl = Files.copy(repositoryFile("config/mosquitto-acl.example"), dir.resolve("acl"));
        Path passwd = MosquittoBroker.writePasswordFile(dir, "policyrt-robot1-controller", "c", "policyrt-robot1-robot", "r",
                "policyrt-robot1-estop", "e", "policyrt-robot1-monitor", "m", "intruder", "i");
        MosquittoBroker broker = closing(MosquittoBroker.startWith(dir.resolve("broker"), passwd, "acl_file " + acl.toAbsolutePath() + "\n"));
        MqttTopics topics = MqttTopics.standard("policyrt", "robot1", PayloadFormat.BINARY);
        SensorSlots slots = new SensorSlots();
        MqttSensorSource source = controller(broker, topics, MqttSettings.of(broker.uri(), "policyrt-robot1-controller")
                .withCredentials("policyrt-robot1-controller", "c".toCharArray()), slots);
        InboundChannel<?, ?> odom = source.channels().get(0);
        InboundChannel<?, ?> estop = source.channels().get(3);

        // Each hostile publish is a blocking QoS 1 publish: mosquitto acknowledges it after its
        // routing decision, so a later legitimate message arrives after it would have.
        byte[] engage = BinaryCodec.INSTANCE.encodeEStop(1, new EStopSignal().set(CLOCK.nanoTime(), true));
        byte[] odometry = BinaryCodec.INSTANCE.encodeOdometry(1, new Odometry().set(CLOCK.nanoTime(), 9.0, 0, 0, 0, 0));
        for (String[] user : new String[][] {{"intruder", "i"}, {"policyrt-robot1-robot", "r"}, {"policyrt-robot1-monitor", "m"}}) {
            try (MqttClient c = blockingClient(broker, user[0], user[1])) {
                c.publish(topics.estop().name(), engage, 1, false);
                if (!user[0].endsWith("robot")) {
                    c.publish(topics.odometry().name(), odometry, 1, false);
                }
                c.disconnect();
            }
        }
        // Reading: mosquitto grants a 3.1.1 subscription and filters on delivery, so an intruder's
        // subscription to the commands stays silent while the monitor user receives them.
        java.util.concurrent.atomic.AtomicInteger intruderGot = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger monitorGot = new java.util.concurrent.atomic.AtomicInteger();
        try (MqttClient intruder = blockingClient(broker, "intruder", "i");
             MqttClient monitor = blockingClient(broker, "policyrt-robot1-monitor", "m")) {
            intruder.subscribe(topics.wheelCommand().name(), 0, (t, m) -> intruderGot.incrementAndGet());
            monitor.subscribe(topics.wheelCommand().name(), 0, (t, m) -> monitorGot.incrementAndGet());
            Eventually.until("the monitor sees the controller's commands", () -> {
                lastController.publish(topics.wheelCommand().name(), new byte[] {1}, 0, false);
                return monitorGot.get() >= 3;
            });
            assertThat(intruderGot.get()).as("commands delivered to a user the ACL does not name").isZero();
            intruder.disconnect();
            monitor.disconnect();
        }
        // The robot's own publishers get through, after the refused ones.
        try (MqttClient r = blockingClient(broker, "policyrt-robot1-robot", "r");
             MqttClient e = blockingClient(broker, "policyrt-robot1-estop", "e")) {
            r.publish(topics.odometry().name(), BinaryCodec.INSTANCE.encodeOdometry(2, new Odometry().set(CLOCK.nanoTime(), 1.0, 0, 0, 0, 0)),
                    1, false);
            e.publish(topics.estop().name(), BinaryCodec.INSTANCE.encodeEStop(2, new EStopSignal().set(CLOCK.nanoTime(), false)), 1, false);
            Eventually.until("the robot's odometry", () -> odometryX(slots.odometry(), 1.0));
            Eventually.until("the e-stop source's message", () -> estop.accepted() == 1);
            r.disconnect();
            e.disconnect();
        }
        assertThat(odom.accepted()).as("odometry from anyone but the robot").isEqualTo(1);
        assertThat(odom.rejectedTotal()).isZero();
        assertThat(estop.accepted()).as("e-stop messages from anyone but the e-stop source").isEqualTo(1);
        assertThat(estop.rejectedTotal()).isZero();
        assertThat(slots.estop().engages()).as("only the e-stop source's release arrived").isZero();
    }

    /** A file of the repository, found from the module's working directory upwards. */
    static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    static MqttClient blockingClient(MosquittoBroker broker, String user, String password) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        c.setTimeToWait(10_000);
        c.connect(o);
        return c;
    }

    @Test
    void a_password_over_plain_tcp_to_another_host_is_refused_naming_the_fix() throws Exception {
        MqttConnection c = closing(new MqttConnection(MqttSettings.of("tcp://192.0.2.10:1883", "ctl")
                .withCredentials("robot", "s3cret".toCharArray()), "controller", "policyrt/r1/status", CLOCK));
        assertThatThrownBy(c::start).isInstanceOf(MqttTransportException.class)
                .hasMessageContaining("tcp://192.0.2.10:1883").hasMessageContaining("clear text").hasMessageContaining("ssl://");
        assertThat(MqttSettings.isLoopback("tcp://127.0.0.1:1883")).isTrue();
        assertThat(MqttSettings.isLoopback("tcp://localhost:1883")).isTrue();
        assertThat(MqttSettings.isLoopback("tcp://[::1]:1883")).isTrue();
        assertThat(MqttSettings.isLoopback("tcp://127.evil.example:1883")).isFalse();
        assertThat(MqttSettings.isLoopback("tcp://broker.lan:1883")).isFalse();
    }
}
