package io.policyrt.launch.mqtt;

import io.policyrt.drivers.inbound.InboundChannel;
import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.mqtt.BinaryCodec;
import io.policyrt.drivers.mqtt.JsonCodec;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.mqtt.MqttSettings;
import io.policyrt.drivers.mqtt.MqttTopics;
import io.policyrt.drivers.mqtt.PathBuffer;
import io.policyrt.drivers.mqtt.PayloadCodec;
import io.policyrt.drivers.mqtt.TopicSpec;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.mqtt.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several thousand malformed, truncated, oversized, non-finite, mis-stamped and random payloads
 * on every sensor topic while the controller drives the robot: it keeps running, every command
 * it publishes is finite and within limits, and every bad payload is counted as a reject.
 */
class MqttFuzzIT {
    static final int PER_TOPIC = 1500;
    static final long HOUR_NANOS = 3_600_000_000_000L;
    final NanoClock clock = SystemNanoClock.INSTANCE;
    final Random rng = new Random(20_240_501);

    @TempDir
    Path dir;

    @Test
    void fuzzed_sensor_topics_are_counted_and_never_produce_a_bad_command() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             MqttEpisode e = new MqttEpisode(MqttEpisode.config(broker.uri(), "binary"))) {
            MqttTopics topics = e.link().topics();
            PolicySpec spec = e.policy.spec();
            double maxWheel = e.config.drive.maxWheelRadps;
            AtomicLong commands = new AtomicLong();
            AtomicReference<String> badCommand = new AtomicReference<>();
            MqttConnection monitor = new MqttConnection(MqttSettings.of(broker.uri(), "monitor"), "monitor",
                    "policyrt/it-robot/monitor/status", clock);
            monitor.subscribe(topics.wheelCommand(), p -> {
                WheelCommand w = new WheelCommand();
                Reject r = BinaryCodec.INSTANCE.decodeWheelCommand(p, new MessageHeader(), w);
                commands.incrementAndGet();
                if (r != Reject.NONE || Math.abs(w.leftRadps()) > maxWheel || Math.abs(w.rightRadps()) > maxWheel) {
                    badCommand.compareAndSet(null, r + " " + w);
                }
            });
            monitor.subscribe(topics.velocityCommand(), p -> {
                VelocityCommand v = new VelocityCommand();
                Reject r = BinaryCodec.INSTANCE.decodeVelocityCommand(p, new MessageHeader(), v);
                if (r != Reject.NONE || v.vMps() < spec.actionLow(0) - 1e-9 || v.vMps() > spec.actionHigh(0) + 1e-9
                        || v.wRadps() < spec.actionLow(1) - 1e-9 || v.wRadps() > spec.actionHigh(1) + 1e-9) {
                    badCommand.compareAndSet(null, r + " " + v);
                }
            });
            monitor.start();
            e.start();
            // An accepted e-stop release first, so that an old-stamped e-stop can only be out of order.
            monitor.publish(topics.estop().name(), BinaryCodec.INSTANCE.encodeEStop(0, new EStopSignal().set(clock.nanoTime(), false)), 1,
                    false);
            Eventually.until("the robot drives", () -> e.sim.simulator().vMps() > 0.3);
            List<InboundChannel<?, ?>> inbound = e.controller.link().channels();
            Eventually.until("the release is accepted", () -> inbound.get(3).accepted() == 1);
            long[] rejectedBefore = new long[inbound.size()];
            long[] acceptedBefore = new long[inbound.size()];
            for (int i = 0; i < inbound.size(); i++) {
                rejectedBefore[i] = inbound.get(i).rejectedTotal();
                acceptedBefore[i] = inbound.get(i).accepted();
            }

            long commandsBefore = commands.get();
            int sent = 0;
            for (int n = 0; n < PER_TOPIC; n++) {
                for (InboundChannel<?, ?> t : inbound) {
                    monitor.publish(t.name(), fuzz(t, topics), 0, false);
                    sent++;
                }
                Thread.sleep(3); // spread over about five seconds of driving
                if (n % 100 == 0) {
                    assertThat(e.controller.loop().isRunning()).isTrue();
                }
            }
            final int total = sent;
            Eventually.until("every fuzzed payload is counted", () -> {
                long r = 0;
                for (int i = 0; i < inbound.size(); i++) {
                    r += inbound.get(i).rejectedTotal() - rejectedBefore[i];
                }
                return r >= total;
            });
            for (int i = 0; i < inbound.size(); i++) {
                InboundChannel<?, ?> t = inbound.get(i);
                assertThat(t.rejectedTotal() - rejectedBefore[i]).as(t.name() + " " + t.countsJson()).isEqualTo(PER_TOPIC);
                if (i >= 2) { // path and e-stop: nothing legitimate arrives during the fuzz
                    assertThat(t.accepted()).as(t.name()).isEqualTo(acceptedBefore[i]);
                }
                System.out.println("fuzz " + t.name() + ": " + t.countsJson());
            }
            assertThat(e.controller.loop().isRunning()).isTrue();
            assertThat(e.link().connection().handlerFailures()).isZero();
            assertThat(badCommand.get()).as("a command outside the limits or not finite").isNull();
            assertThat(commands.get() - commandsBefore).as("commands kept flowing").isGreaterThan(100);
            assertThat(e.controller.tick().governor().stopTicks(StopReason.ESTOP)).isZero();
            // The valid odometry and obstacle kept arriving in between: the robot is still under way.
            Eventually.until("the controller is running", () -> e.controller.tick().governor().currentReason() == StopReason.NONE);
            monitor.close();
        }
    }

    /** The sensor topic named {@code name}. */
    static TopicSpec spec(MqttTopics topics, String name) {
        for (TopicSpec t : List.of(topics.odometry(), topics.obstacle(), topics.path(), topics.estop())) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no sensor topic " + name);
    }

    /** One bad payload for the topic, chosen at random among the kinds of damage. */
    byte[] fuzz(InboundChannel<?, ?> topic, MqttTopics topics) {
        String name = topic.name();
        int kind = rng.nextInt(9);
        switch (kind) {
            case 0: { // random bytes
                byte[] b = new byte[rng.nextInt(300)];
                rng.nextBytes(b);
                return b;
            }
            case 1: { // oversized (for the path, just past its much larger limit, sometimes)
                int limit = spec(topics, name).maxPayloadBytes();
                byte[] b = new byte[name.equals(topics.path().name()) && rng.nextInt(50) != 0 ? 300 : limit + 1 + rng.nextInt(100)];
                rng.nextBytes(b);
                return b;
            }
            case 2: { // a valid message cut short
                byte[] v = valid(name, clock.nanoTime() - HOUR_NANOS, rng.nextBoolean());
                return java.util.Arrays.copyOf(v, rng.nextInt(v.length));
            }
            case 3: { // one flipped byte of an hour-old message
                byte[] v = valid(name, clock.nanoTime() - HOUR_NANOS, false);
                v[rng.nextInt(v.length)] ^= (byte) (1 + rng.nextInt(255));
                return v;
            }
            case 4: { // one mutated character of an hour-old JSON message
                StringBuilder s = new StringBuilder(new String(valid(name, clock.nanoTime() - HOUR_NANOS, true), StandardCharsets.UTF_8));
                int at = rng.nextInt(s.length());
                switch (rng.nextInt(3)) {
                    case 0: s.deleteCharAt(at); break;
                    case 1: s.insert(at, "{}[],:\"0-.eE9aN".charAt(rng.nextInt(15))); break;
                    default: s.setCharAt(at, (char) (32 + rng.nextInt(95)));
                }
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
            case 5: { // non-finite numbers in a well-formed message
                if (name.equals(topics.estop().name())) {
                    return "{\"stamp_ns\":1e999,\"engaged\":true}".getBytes(StandardCharsets.UTF_8);
                }
                byte[] v = valid(name, clock.nanoTime(), false);
                int offset = name.equals(topics.obstacle().name()) ? 22 : 20;
                java.nio.ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putDouble(offset + 8 * rng.nextInt(2), rng.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY);
                return v;
            }
            case 6: // a minute in the future: a sender with a wrong clock
                return valid(name, clock.nanoTime() + 60_000_000_000L, rng.nextBoolean());
            case 7: // an hour-old replay
                return valid(name, clock.nanoTime() - HOUR_NANOS, rng.nextBoolean());
            default: { // another version of the binary layout, or another kind
                byte[] v = valid(name, clock.nanoTime(), false);
                if (rng.nextBoolean()) {
                    v[2] = (byte) (2 + rng.nextInt(200));
                } else {
                    v[3] = (byte) (v[3] == 1 ? 2 : 1);
                }
                return v;
            }
        }
    }

    /** A well-formed message of the topic's kind with the given stamp. */
    byte[] valid(String name, long stamp, boolean json) {
        PayloadCodec c = json ? JsonCodec.INSTANCE : BinaryCodec.INSTANCE;
        long seq = rng.nextInt(1000);
        if (name.endsWith("/odom")) {
            return c.encodeOdometry(seq, new Odometry().set(stamp, rng.nextGaussian(), rng.nextGaussian(), 1, 0.5, 0.1));
        }
        if (name.endsWith("/obstacle")) {
            return c.encodeObstacle(seq, new ObstacleTrack().set(stamp, ObstacleTrack.Frame.ROBOT, 0.5, 0, 0, 0, 0.4));
        }
        if (name.endsWith("/path")) {
            return c.encodePath(seq, stamp, new PathBuffer(3).set(new double[] {0, 1, 2}, new double[] {5, 5, 5}, 3, 0.5));
        }
        return c.encodeEStop(seq, new EStopSignal().set(stamp, true));
    }
}
