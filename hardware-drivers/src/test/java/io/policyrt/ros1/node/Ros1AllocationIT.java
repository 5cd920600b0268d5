package io.policyrt.ros1.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.ros1.tcpros.TopicSubscriber;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.TwistMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady state of a TCPROS topic allocates nothing: the publishing thread's {@code publish} and
 * the subscriber's receive thread (read frame, deserialize into the reused instance, call the
 * listener), measured with the JVM's per-thread allocation counter over 20,000 messages after
 * a warm-up.
 */
class Ros1AllocationIT {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;

    @TempDir
    Path dir;

    @Test
    void publish_and_receive_allocate_nothing_per_message_once_warm() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RosMaster master = RosMaster.start(dir)) {
            Ros1Node talker = Ros1Nodes.start(master, "alloc_talker");
            Ros1Node listener = Ros1Nodes.start(master, "alloc_listener");
            try {
                double[] sum = new double[1];
                long[] receiveThread = new long[1];
                TopicSubscriber<TwistMessage> sub = listener.subscribe("/alloc", TwistMessage.TYPE, m -> {
                    sum[0] += m.linearX;
                    receiveThread[0] = Thread.currentThread().getId();
                });
                TopicPublisher<TwistMessage> pub = talker.advertise("/alloc", TwistMessage.TYPE, false);
                Ros1Nodes.await("connected", () -> sub.connectedPublishers() == 1 && pub.subscriberCount() == 1);
                TwistMessage m = new TwistMessage();
                sendAndDrain(pub, sub, m, WARMUP);

                long publisherBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                long receiverBefore = threads.getThreadAllocatedBytes(receiveThread[0]);
                long publisherCalls = sendAndDrain(pub, sub, m, MEASURED);
                long publisherBytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - publisherBefore;
                long receiverBytes = threads.getThreadAllocatedBytes(receiveThread[0]) - receiverBefore;
                System.out.printf("TCPROS steady state over %d messages: publisher thread %d bytes, receive thread %d bytes%n",
                        MEASURED, publisherBytes, receiverBytes);
                assertThat(publisherCalls).isEqualTo(MEASURED);
                // The waiting loop in sendAndDrain runs on the publisher thread too and allocates
                // nothing either; a few hundred bytes of slack cover JVM-internal bookkeeping.
                assertThat(publisherBytes).as("publisher thread bytes for %d messages", MEASURED).isLessThan(1024);
                assertThat(receiverBytes).as("receive thread bytes for %d messages", MEASURED).isLessThan(1024);
                assertThat(sum[0]).isEqualTo((WARMUP + MEASURED) * 0.5);
            } finally {
                listener.shutdown();
                talker.shutdown();
            }
        }
    }

    /** Publishes {@code n} messages (linear.x = 0.5), pacing on the subscriber so none is dropped as a slow reader. */
    private static long sendAndDrain(TopicPublisher<TwistMessage> pub, TopicSubscriber<TwistMessage> sub, TwistMessage m, int n) {
        long start = sub.delivered();
        long calls = 0;
        for (int i = 0; i < n; i++) {
            m.linearX = 0.5;
            pub.publish(m);
            calls++;
            while (sub.delivered() - start < i + 1 - 64) {
                Thread.onSpinWait();
            }
        }
        while (sub.delivered() - start < n) {
            Thread.onSpinWait();
        }
        return calls;
    }
}
