package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.transport.ChannelSource;
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

/**
 * The controller's sensors over ROS 1: nav_msgs/Odometry, the obstacle (a
 * policyrt_msgs/ObstacleTrack topic and/or a sensor_msgs/LaserScan reduced to its nearest
 * obstacle, both into the one obstacle slot), nav_msgs/Path and an std_msgs/Bool e-stop, each an
 * {@link InboundChannel} converting on its receive thread into the loop's slots.
 *
 * <p>Every message reaches its channel with its publisher's caller id (the node name in the
 * TCPROS connection header) as the source, and a frame that cannot be read as the topic's type is
 * counted by the channel as {@link Reject#MALFORMED} from that publisher ({@link Ros1Inbound#subscribe}). For the e-stop this
 * makes the latch's source the publishing node: in mode {@code same_source} only the node that
 * engaged can release (after {@code safety.estop.hold_ms}); an unreadable e-stop frame engages,
 * held by its sender. In mode {@code safety.estop.release: release_topic} the release topic is
 * subscribed as well, into the latch's
 * {@link io.policyrt.controller.safety.EStopLatch#releaseInput() release input}.
 *
 * <p>While a publisher is gone nothing arrives: the slots keep their last values, whose stamps
 * age until the safety governor stops the robot (stale odometry). The node reconnects by itself
 * and fresh values resume the loop. The node belongs to the caller; {@link #close} only
 * unsubscribes.
 */
public final class Ros1SensorSource implements ChannelSource {
    private final Ros1Node node;
    private final Ros1TransportSettings topics;
    private final NanoClock clock;
    private final InboundRules inbound;
    private volatile List<InboundChannel<?, ?>> channels = List.of();
    private volatile InboundTaps taps = InboundTaps.NONE;

    /** @param futureToleranceNanos stamps further ahead of {@code clock} are refused */
    public Ros1SensorSource(Ros1Node node, Ros1TransportSettings topics, NanoClock clock, InboundRules inbound) {
        this.node = node;
        this.topics = topics;
        this.clock = clock;
        this.inbound = inbound;
    }

    @Override
    public void tapChannels(InboundTaps taps) {
        this.taps = taps;
    }

    @Override
    public void start(SensorSlots slots) {
        List<InboundChannel<?, ?>> all = new ArrayList<>();
        all.add(subscribe(topics.odometryTopic(), io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE, slots.odometry(),
                new Odometry(), (m, into, now) -> OdometryFromRos.convert(m, into).stampNanos()));
        if (!topics.obstacleTopic().isEmpty()) {
            ObstacleFromRos track = new ObstacleFromRos(topics.baseFrameId());
            all.add(subscribe(topics.obstacleTopic(), io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack.TYPE, slots.obstacle(),
                    new ObstacleTrack(), (m, into, now) -> track.convert(m, into).stampNanos()));
        }
        if (!topics.scanTopic().isEmpty()) {
            LaserScanToObstacle scan = new LaserScanToObstacle(new NearestObstacleExtractor(topics.scan()));
            all.add(subscribe(topics.scanTopic(), LaserScan.TYPE, slots.obstacle(), new ObstacleTrack(),
                    (m, into, now) -> scan.convert(m, into).stampNanos()));
        }
        int pathCapacity = slots.path().latest().capacity();
        PathFromRos path = new PathFromRos(pathCapacity, topics.pathTargetSpeedMps());
        all.add(subscribe(topics.pathTopic(), Path.TYPE, slots.path(), new PathReference(pathCapacity),
                (m, into, now) -> path.convert(m, into).stampNanos()));
        if (!topics.estopTopic().isEmpty()) {
            all.add(subscribe(topics.estopTopic(), Bool.TYPE, slots.estop(), new EStopSignal(),
                    (m, into, now) -> EStopFromRos.convert(m, now, into).stampNanos()));
        }
        if (!topics.estopReleaseTopic().isEmpty() && slots.estop().rules().release() == EStopRules.Release.RELEASE_TOPIC) {
            all.add(subscribe(topics.estopReleaseTopic(), Bool.TYPE, slots.estop().releaseInput(), new EStopSignal(),
                    (m, into, now) -> EStopFromRos.convert(m, now, into).stampNanos()));
        }
        channels = List.copyOf(all);
    }

    private <M extends RosMessage, V extends Copyable<V>> InboundChannel<M, V> subscribe(String topic, RosMessageType<M> type,
                                                                                         InputSlot<V> slot, V decoded,
                                                                                         Ros1Inbound.Converter<M, V> converter) {
        return Ros1Inbound.subscribe(node, topic, type, slot, decoded, converter, clock, inbound.admission(), inbound.bounds(), taps);
    }

    @Override
    /** The inbound topics: odometry first, then obstacle and/or scan, path, e-stop, e-stop release (empty before start). */
    public List<InboundChannel<?, ?>> channels() { return channels; }

    /** Unsubscribes every sensor topic; the node stays up. */
    @Override
    public void close() {
        if (node.isShutDown()) {
            return;
        }
        for (InboundChannel<?, ?> c : channels) {
            node.unsubscribe(c.name());
        }
    }
}
