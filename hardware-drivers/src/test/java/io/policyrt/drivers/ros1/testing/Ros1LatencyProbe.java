package io.policyrt.drivers.ros1.testing;

import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.ros1.tcpros.TopicSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Loopback latency of the ROS 1 transport, for the README: starts its own rosmaster and measures
 * geometry_msgs/Twist (48 bytes) messages sent at a fixed rate, each carrying its sequence number.
 * <ul>
 *   <li>{@code java}: Java publisher to Java subscriber (two nodes in this JVM), one way;</li>
 *   <li>{@code java-rtt}: Java to a Java relay node and back, round trip;</li>
 *   <li>{@code rospy-rtt}: Java to a rospy relay process and back, round trip.</li>
 * </ul>
 * Arguments: {@code [messages] [rate_hz]} (default 5000 at 500 Hz, after 500 warm-up messages).
 * Run with {@code hardware-drivers/ros1-latency.sh} (see hardware-drivers/README.md).
 */
public final class Ros1LatencyProbe {
    private static final int WARMUP = 500;

    private Ros1LatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        double rateHz = args.length > 1 ? Double.parseDouble(args[1]) : 500;
        Path dir = Files.createTempDirectory("policyrt-ros1-latency");
        try (RosMaster master = RosMaster.start(dir)) {
            Ros1Node sender = node(master, "latency_sender");
            Ros1Node receiver = node(master, "latency_receiver");
            try {
                report("java -> java (one way)", oneWay(sender, receiver, messages, rateHz));
                report("java -> java relay -> java (round trip)", roundTripViaJava(sender, receiver, messages, rateHz));
                try (RosPeer relay = RosPeer.rospy(master, dir, "relay", "twist", "/rospy_ping", "/rospy_pong")) {
                    relay.awaitLine("ready"::equals, Duration.ofSeconds(60));
                    report("java -> rospy relay -> java (round trip)", roundTrip(sender, "/rospy_ping", "/rospy_pong", messages, rateHz));
                }
            } finally {
                receiver.shutdown();
                sender.shutdown();
            }
        }
    }

    private static Ros1Node node(RosMaster master, String name) throws Exception {
        return Ros1Node.start(Ros1NodeSettings.resolve(name, master.uri(), "127.0.0.1", Map.of()));
    }

    private static Histogram oneWay(Ros1Node sender, Ros1Node receiver, int messages, double rateHz) throws Exception {
        long[] sentNanos = new long[messages + WARMUP];
        Histogram h = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
        TopicSubscriber<TwistMessage> sub = receiver.subscribe("/latency_oneway", TwistMessage.TYPE, m -> {
            long now = System.nanoTime();
            int seq = (int) m.linearX;
            if (seq >= WARMUP && seq < sentNanos.length) {
                h.recordValue(Math.min(now - sentNanos[seq], h.getHighestTrackableValue()));
            }
        });
        TopicPublisher<TwistMessage> pub = sender.advertise("/latency_oneway", TwistMessage.TYPE, false);
        await(() -> sub.connectedPublishers() == 1 && pub.subscriberCount() == 1);
        send(pub, sentNanos, rateHz);
        await(() -> sub.delivered() >= sentNanos.length || h.getTotalCount() >= messages);
        sender.unadvertise("/latency_oneway");
        receiver.unsubscribe("/latency_oneway");
        return h;
    }

    private static Histogram roundTripViaJava(Ros1Node sender, Ros1Node relayNode, int messages, double rateHz) throws Exception {
        TopicPublisher<TwistMessage> back = relayNode.advertise("/java_pong", TwistMessage.TYPE, false);
        relayNode.subscribe("/java_ping", TwistMessage.TYPE, back::publish);
        try {
            return roundTrip(sender, "/java_ping", "/java_pong", messages, rateHz);
        } finally {
            relayNode.unsubscribe("/java_ping");
            relayNode.unadvertise("/java_pong");
        }
    }

    private static Histogram roundTrip(Ros1Node node, String ping, String pong, int messages, double rateHz) throws Exception {
        long[] sentNanos = new long[messages + WARMUP];
        Histogram h = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
        long[] received = new long[1];
        TopicSubscriber<TwistMessage> sub = node.subscribe(pong, TwistMessage.TYPE, m -> {
            long now = System.nanoTime();
            int seq = (int) m.linearX;
            received[0]++;
            if (seq >= WARMUP && seq < sentNanos.length) {
                h.recordValue(Math.min(now - sentNanos[seq], h.getHighestTrackableValue()));
            }
        });
        TopicPublisher<TwistMessage> pub = node.advertise(ping, TwistMessage.TYPE, false);
        await(() -> sub.connectedPublishers() == 1 && pub.subscriberCount() == 1);
        send(pub, sentNanos, rateHz);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.getTotalCount() < messages && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        node.unadvertise(ping);
        node.unsubscribe(pong);
        return h;
    }

    private static void send(TopicPublisher<TwistMessage> pub, long[] sentNanos, double rateHz) {
        TwistMessage m = new TwistMessage();
        long periodNanos = Math.round(1e9 / rateHz);
        long next = System.nanoTime();
        for (int seq = 0; seq < sentNanos.length; seq++) {
            next += periodNanos;
            while (System.nanoTime() < next) {
                LockSupport.parkNanos(next - System.nanoTime());
            }
            m.linearX = seq;
            sentNanos[seq] = System.nanoTime();
            pub.publish(m);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the connection or the messages");
            }
            Thread.sleep(10);
        }
    }

    private static void report(String what, Histogram h) {
        System.out.printf(Locale.ROOT, "%-42s n=%6d  p50=%7.1f us  p99=%7.1f us  p99.9=%7.1f us  max=%8.1f us%n", what,
                h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }
}
