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
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
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
 * it publishes is finite and within limits, and every bad payload is counted as a reject. The
 * e-stop topic is the exception: there a refused message engages, and a well-formed engage is
 * accepted whatever its stamp, so the robot stops until the topic's own release.
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
             MqttEpisode e = new MqttEpisode(holdMs(MqttEpisode.config(broker.uri(), "binary"), 200))) {
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
            Eventually.until("the robot drives", () -> e.sim.simulator().vMps() > 0.3);
            List<InboundChannel<?, ?>> inbound = e.controller.link().channels();
            int estop = inbound.indexOf(InboundChannel.named(inbound, topics.estop().name()));
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
                    r += i == estop ? inbound.get(i).accepted() - acceptedBefore[i] : 0;
                }
                return r >= total;
            });
            for (int i = 0; i < inbound.size(); i++) {
                InboundChannel<?, ?> t = inbound.get(i);
                long rejected = t.rejectedTotal() - rejectedBefore[i];
                if (i == estop) { // e-stop: refused (which engages), or a well-formed engage or release, whatever its stamp
                    assertThat(rejected + t.accepted() - acceptedBefore[i]).as(t.name() + " " + t.countsJson()).isEqualTo(PER_TOPIC);
                    assertThat(rejected).as("most fuzzed e-stop payloads cannot be read").isGreaterThan(PER_TOPIC / 2);
                } else {
                    assertThat(rejected).as(t.name() + " " + t.countsJson()).isEqualTo(PER_TOPIC);
                }
                if (t.name().equals(topics.path().name())) { // nothing legitimate arrives during the fuzz
                    assertThat(t.accepted()).as(t.name()).isEqualTo(acceptedBefore[i]);
                }
                System.out.println("fuzz " + t.name() + ": " + t.countsJson());
            }
            assertThat(e.controller.loop().isRunning()).isTrue();
            assertThat(e.link().connection().handlerFailures()).isZero();
            assertThat(badCommand.get()).as("a command outside the limits or not finite").isNull();
            assertThat(commands.get() - commandsBefore).as("commands kept flowing").isGreaterThan(100);
            assertThat(e.controller.tick().governor().stopTicks(StopReason.ESTOP)).as("the fuzzed e-stop messages engaged").isPositive();
            // The engages are held by the topic (no payload names a source): the topic's own release,
            // once the hold time has passed since the last engage, lets the robot go on. The valid
            // odometry and obstacle kept arriving in between.
            long holdNanos = Math.round(e.config.safety.estop.holdMs * 1e6);
            Eventually.until("the topic's release lets the controller run", () -> {
                monitor.publish(topics.estop().name(), BinaryCodec.INSTANCE.encodeEStop(0, new EStopSignal().set(clock.nanoTime(), false)),
                        1, false);
                java.util.concurrent.locks.LockSupport.parkNanos(holdNanos / 4);
                return e.controller.tick().governor().currentReason() == StopReason.NONE;
            });
            monitor.close();
        }
    }

    /** {@code c} with the e-stop's hold time set to {@code ms}, validated again. */
    static RuntimeConfig holdMs(RuntimeConfig c, double ms) {
        c.safety.estop.holdMs = ms;
        ConfigLoader.validate(c, "test");
        return c;
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
