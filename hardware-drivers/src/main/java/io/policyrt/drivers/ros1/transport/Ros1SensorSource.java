package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros1.convert.EStopFromRos;
import io.policyrt.drivers.ros1.convert.LaserScanToObstacle;
import io.policyrt.drivers.ros1.convert.ObstacleFromRos;
import io.policyrt.drivers.ros1.convert.OdometryFromRos;
import io.policyrt.drivers.ros1.convert.PathFromRos;
import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageType;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.msg.sensor_msgs.LaserScan;
import io.policyrt.ros1.msg.std_msgs.Bool;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.drivers.scan.NearestObstacleExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The controller's sensors over ROS 1: nav_msgs/Odometry, the obstacle (a
 * policyrt_msgs/ObstacleTrack topic and/or a sensor_msgs/LaserScan reduced to its nearest
 * obstacle), nav_msgs/Path and an std_msgs/Bool e-stop, each converted on its receive thread
 * straight into the loop's slots, with rejects counted per topic and logged at most once a second.
 *
 * <p>While a publisher is gone nothing arrives: the slots keep their last values, whose stamps
 * age until the safety governor stops the robot (stale odometry). The node reconnects by itself
 * and fresh values resume the loop. The node belongs to the caller; {@link #close} only
 * unsubscribes.
 */
public final class Ros1SensorSource implements SensorSource {
    private final Ros1Node node;
    private final Ros1TransportSettings topics;
    private final NanoClock clock;
    private final long futureToleranceNanos;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(Ros1SensorSource.class), TimeUnit.SECONDS.toNanos(1));
    private volatile List<Ros1Inbound<?>> inbound = List.of();
    private volatile Ros1Inbound<?> odometry;

    /** @param futureToleranceNanos stamps further ahead of {@code clock} are refused */
    public Ros1SensorSource(Ros1Node node, Ros1TransportSettings topics, NanoClock clock, long futureToleranceNanos) {
        this.node = node;
        this.topics = topics;
        this.clock = clock;
        this.futureToleranceNanos = futureToleranceNanos;
    }

    @Override
    public void start(SensorSlots slots) {
        List<Ros1Inbound<?>> all = new ArrayList<>();
        LatestValue<Odometry> odomSlot = slots.odometry();
        Ros1Inbound<io.policyrt.ros1.msg.nav_msgs.Odometry> odom = new Ros1Inbound<>(topics.odometryTopic(), clock,
                futureToleranceNanos, 0, log) {
            @Override
            protected long convert(io.policyrt.ros1.msg.nav_msgs.Odometry m, long receivedNanos) {
                return OdometryFromRos.convert(m, odomSlot.claim()).stampNanos();
            }

            @Override
            protected void publish() {
                odomSlot.publish();
            }
        };
        all.add(subscribe(odom, io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE));
        odometry = odom;

        // Two obstacle inputs may feed one slot from two receive threads: each converts into its
        // own buffer and copies it in with the slot's thread-safe write.
        LatestValue<ObstacleTrack> obstacleSlot = slots.obstacle();
        if (!topics.obstacleTopic().isEmpty()) {
            ObstacleFromRos converter = new ObstacleFromRos(topics.baseFrameId());
            ObstacleTrack buffer = new ObstacleTrack();
            all.add(subscribe(new Ros1Inbound<io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack>(topics.obstacleTopic(), clock,
                    futureToleranceNanos, 0, log) {
                @Override
                protected long convert(io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack m, long receivedNanos) {
                    return converter.convert(m, buffer).stampNanos();
                }

                @Override
                protected void publish() {
                    obstacleSlot.write(buffer);
                }
            }, io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack.TYPE));
        }
        if (!topics.scanTopic().isEmpty()) {
            LaserScanToObstacle converter = new LaserScanToObstacle(new NearestObstacleExtractor(topics.scan()));
            ObstacleTrack buffer = new ObstacleTrack();
            all.add(subscribe(new Ros1Inbound<LaserScan>(topics.scanTopic(), clock, futureToleranceNanos, 0, log) {
                @Override
                protected long convert(LaserScan m, long receivedNanos) {
                    return converter.convert(m, buffer).stampNanos();
                }

                @Override
                protected void publish() {
                    obstacleSlot.write(buffer);
                }
            }, LaserScan.TYPE));
        }

        LatestValue<PathReference> pathSlot = slots.path();
        PathFromRos pathConverter = new PathFromRos(pathSlot.claim().capacity(), topics.pathTargetSpeedMps());
        all.add(subscribe(new Ros1Inbound<Path>(topics.pathTopic(), clock, futureToleranceNanos, 0, log) {
            @Override
            protected long convert(Path m, long receivedNanos) {
                return pathConverter.convert(m, pathSlot.claim()).stampNanos();
            }

            @Override
            protected void publish() {
                pathSlot.publish();
            }
        }, Path.TYPE));

        if (!topics.estopTopic().isEmpty()) {
            LatestValue<EStopSignal> estopSlot = slots.estop();
            all.add(subscribe(new Ros1Inbound<Bool>(topics.estopTopic(), clock, futureToleranceNanos, 0, log) {
                @Override
                protected long convert(Bool m, long receivedNanos) {
                    return EStopFromRos.convert(m, receivedNanos, estopSlot.claim()).stampNanos();
                }

                @Override
                protected void publish() {
                    estopSlot.publish();
                }
            }, Bool.TYPE));
        }
        inbound = List.copyOf(all);
    }

    private <M extends RosMessage> Ros1Inbound<M> subscribe(Ros1Inbound<M> in, RosMessageType<M> type) {
        node.subscribe(in.topic(), type, in);
        return in;
    }

    /** The inbound topics: odometry first, then obstacle and/or scan, path, e-stop (empty before start). */
    public List<Ros1Inbound<?>> inbound() { return inbound; }

    /** The odometry topic (null before start). */
    public Ros1Inbound<?> odometry() { return odometry; }

    /** Total rejects over every sensor topic. Any thread. */
    public long rejectedTotal() {
        long n = 0;
        for (Ros1Inbound<?> t : inbound) {
            n += t.rejectedTotal();
        }
        return n;
    }

    /** Accepted and rejected counts per topic, e.g. {@code /odom: accepted 1200, out_of_order 1}. */
    public List<String> countLines() {
        List<String> lines = new ArrayList<>();
        for (Ros1Inbound<?> t : inbound) {
            StringBuilder sb = new StringBuilder(t.topic()).append(": accepted ").append(t.accepted());
            for (Reject r : Reject.values()) {
                if (r != Reject.NONE && t.rejected(r) > 0) {
                    sb.append(", ").append(r.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(t.rejected(r));
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    /** Unsubscribes every sensor topic; the node stays up. */
    @Override
    public void close() {
        if (node.isShutDown()) {
            return;
        }
        for (Ros1Inbound<?> t : inbound) {
            node.unsubscribe(t.topic());
        }
    }
}
