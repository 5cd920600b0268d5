package io.policyrt.drivers.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.ros2.msg.OdometryType;
import io.policyrt.drivers.ros2.testing.CyclonePeer;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import us.ihmc.pubsub.publisher.Publisher;

/**
 * Loopback round trip PolicyRT -> Cyclone DDS peer -> PolicyRT: PolicyRT writes stamped odometry
 * on /latency_ping, the C peer republishes each sample unchanged on /odom, and PolicyRT's sensor
 * source decodes it into the odometry slot, recording receipt minus stamp. Prints p50/p99/p99.9;
 * asserts only that every sample came back intact (no timing assertion: the machine is shared).
 */
class Ros2LoopbackLatencyIT {
    static final int SAMPLES = Integer.getInteger("policyrt.ros2.latency.samples", 3000);

    @Test
    void round_trip_through_a_cyclone_echo_peer() throws Exception {
        int domain = Ros2CyclonePeerIT.freshDomain();
        SensorSlots slots = new SensorSlots();
        try (Ros2Participant p = Ros2CyclonePeerIT.participant(domain); CyclonePeer peer = CyclonePeer.start(domain)) {
            Ros2SensorSource source = Ros2CyclonePeerIT.source(p, ObstacleSource.NONE, slots);
            Ros2TopicSpec ping = new Ros2TopicSpec("/latency_ping", Ros2Qos.sensorData());
            Publisher out = p.advertise(ping, new OdometryType("odom", "base_link"));
            peer.send("echo /latency_ping /odom");
            Odometry o = new Odometry();
            Eventually.until("the echo path is up", Duration.ofSeconds(30), () -> {
                write(out, o.set(SystemNanoClock.INSTANCE.nanoTime(), 0, 0, 0, 0, 0));
                LockSupport.parkNanos(20_000_000L);
                return slots.odometry().refresh();
            });
            Thread.sleep(200);
            source.channels().get(0).latency().reset();
            long acceptedBefore = source.channels().get(0).accepted();
            for (int i = 0; i < SAMPLES; i++) {
                write(out, o.set(SystemNanoClock.INSTANCE.nanoTime(), i, 0, 0, 0, 0));
                LockSupport.parkNanos(2_000_000L); // 500 Hz, one sample in flight at a time
            }
            Thread.sleep(500);
            Histogram h = source.channels().get(0).latency().snapshot();
            System.out.printf("ros2 loopback round trip via Cyclone DDS, %d samples of nav_msgs/Odometry (best effort): "
                            + "p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus%n", h.getTotalCount(), h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
            assertThat(source.channels().get(0).rejectedTotal()).isZero();
            assertThat(source.channels().get(0).accepted() - acceptedBefore).isGreaterThan(SAMPLES * 9L / 10); // best effort may drop a few
        }
    }

    private static void write(Publisher out, Odometry o) {
        try {
            out.write(o);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
