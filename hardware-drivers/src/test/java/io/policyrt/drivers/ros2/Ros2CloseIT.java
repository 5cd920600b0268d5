package io.policyrt.drivers.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.drivers.ros2.msg.OdometryType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * Closing a participant while a peer floods one of its subscriptions: the close must return, and
 * no sample may be taken after it began. A reader's delete holds the library's lock on the reader
 * while Fast-DDS waits for the reader's running callback, and the callback's take needs that lock;
 * the receive callback here pauses a millisecond before its take, so that a close without the drain
 * in {@link Ros2Participant#close} deadlocks on almost every try.
 */
class Ros2CloseIT {
    private static final int TRIES = 5;

    @Test
    void a_participant_closes_while_a_peer_floods_its_subscription() throws Exception {
        int domain = Ros2CyclonePeerIT.freshDomain();
        Ros2TopicSpec topic = new Ros2TopicSpec("/odom", Ros2Qos.reliable().withDepth(50));
        // Not try-with-resources: after a deadlocked close the domain's lock is held for good, and
        // closing the sender would hang the test instead of failing it.
        Ros2Participant sender = new Ros2Participant(new Ros2Settings(domain, true, "policyrt_flood"));
        Publisher out = sender.advertise(topic, new OdometryType("odom", "base_link"));
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread flood = new Thread(() -> {
            Odometry o = new Odometry();
            long stamp = 1;
            while (flooding.get()) {
                try {
                    out.write(o.set(++stamp, 0, 0, 0, 0.5, 0));
                } catch (java.io.IOException e) {
                    return;
                }
                LockSupport.parkNanos(50_000L);
            }
        }, "ros2-flood");
        flood.setDaemon(true);
        flood.start();
        try {
            for (int i = 0; i < TRIES; i++) {
                closeUnderFlood(domain, topic, i);
            }
        } finally {
            flooding.set(false);
            flood.join(2000);
        }
        sender.close();
    }

    private static void closeUnderFlood(int domain, Ros2TopicSpec topic, int attempt) throws Exception {
        AtomicLong taken = new AtomicLong();
        AtomicLong takenAfterClose = new AtomicLong();
        AtomicBoolean closing = new AtomicBoolean();
        Odometry holder = new Odometry();
        SampleInfo info = new SampleInfo();
        SubscriberListener<Odometry> slow = new SubscriberListener<>() {
            @Override
            public void onNewDataMessage(Subscriber<Odometry> s) {
                LockSupport.parkNanos(1_000_000L); // widens the window between the callback's start and its take
                if (s.takeNextData(holder, info)) {
                    taken.incrementAndGet();
                    if (closing.get()) {
                        takenAfterClose.incrementAndGet();
                    }
                }
            }

            @Override
            public void onSubscriptionMatched(Subscriber<Odometry> s, MatchingInfo matchingInfo) {
            }
        };
        Ros2Participant receiver = new Ros2Participant(new Ros2Settings(domain, true, "policyrt_receiver_" + attempt));
        receiver.subscribe(topic, new OdometryType("odom", "base_link"), slow);
        Eventually.until("the flood reaches the receiver", Duration.ofSeconds(30), () -> taken.get() > 50);
        Thread closer = new Thread(() -> {
            closing.set(true);
            receiver.close();
        }, "ros2-close-" + attempt);
        closer.setDaemon(true);
        long start = System.nanoTime();
        closer.start();
        closer.join(Ros2Participant.DRAIN_BOUND_MS + 10_000);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ros2 close under a flood, try %d: %d ms, %d samples taken before%n", attempt, tookMs, taken.get());
        assertThat(closer.isAlive()).as("close returned (try %d; a deadlock between a reader's delete and its running take leaves it stuck)",
                attempt).isFalse();
        // the callback that was running when close began may finish its take; none starts after
        assertThat(takenAfterClose.get()).as("samples taken after close began").isLessThanOrEqualTo(1);
    }
}
