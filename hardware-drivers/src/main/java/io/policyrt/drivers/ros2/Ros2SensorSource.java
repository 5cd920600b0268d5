package io.policyrt.drivers.ros2;

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
import io.policyrt.drivers.transport.ChannelSource;
import io.policyrt.drivers.ros2.msg.BoolMessage;
import io.policyrt.drivers.ros2.msg.BoolType;
import io.policyrt.drivers.ros2.msg.LaserScanMessage;
import io.policyrt.drivers.ros2.msg.LaserScanType;
import io.policyrt.drivers.ros2.msg.ObstacleTrackType;
import io.policyrt.drivers.ros2.msg.OdometryType;
import io.policyrt.drivers.ros2.msg.PathMessage;
import io.policyrt.drivers.ros2.msg.PathType;
import io.policyrt.drivers.ros2.msg.Ros2MessageType;
import io.policyrt.drivers.scan.NearestObstacleExtractor;
import io.policyrt.drivers.scan.ScanObstacleSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's sensors over ROS 2: nav_msgs/Odometry, nav_msgs/Path, std_msgs/Bool e-stop
 * (and, when the e-stop is released by a release topic, the std_msgs/Bool release topic), and the
 * obstacle either as policyrt_msgs/ObstacleTrack or reduced from sensor_msgs/LaserScan by the
 * {@link NearestObstacleExtractor}. Each subscription takes its sample on its DDS thread into a
 * preallocated holder and hands it to an {@link InboundChannel} that writes the loop's slot. The
 * e-stop's samples name their writer's GUID as their source, so the latch tells senders apart.
 */
public final class Ros2SensorSource implements ChannelSource {
    /**
     * @param pathTargetSpeedMps nav_msgs/Path carries no speed: the path's target speed
     * @param pathMaxPoses       longest path accepted (poses); sizes the receive buffer
     * @param scanMaxRays        longest scan accepted (rays); sizes the receive buffer
     * @param robotFrameId       frame id of the robot's base (an obstacle track in it is in the robot frame)
     */
    public record Options(ObstacleSource obstacleSource, ScanObstacleSettings scan, double pathTargetSpeedMps, int pathMaxPoses,
                          int scanMaxRays, String robotFrameId) {
        public static Options defaults() {
            return new Options(ObstacleSource.TRACK, ScanObstacleSettings.defaults(), 0.5, 4096, 4096, "base_link");
        }
    }

    private final Ros2Participant participant;
    private final Ros2Topics topics;
    private final Options options;
    private final NanoClock clock;
    private final InboundRules inbound;
    private volatile List<InboundChannel<?, ?>> channels = List.of();
    private volatile InboundTaps taps = InboundTaps.NONE;

    public Ros2SensorSource(Ros2Participant participant, Ros2Topics topics, Options options, NanoClock clock, InboundRules inbound) {
        this.participant = participant;
        this.topics = topics;
        this.options = options;
        this.clock = clock;
        this.inbound = inbound;
    }

    @Override
    public void tapChannels(InboundTaps taps) {
        this.taps = taps;
    }

    @Override
    public void start(SensorSlots slots) throws Ros2TransportException {
        List<InboundChannel<?, ?>> all = new ArrayList<>();
        all.add(subscribe(topics.odometry(), new OdometryType("odom", options.robotFrameId()), new Odometry(), slots.odometry(),
                new Odometry(), (o, into, now) -> copy(o, into).stampNanos(), "type's"));
        int pathCapacity = Math.min(options.pathMaxPoses(), slots.path().latest().capacity());
        all.add(subscribe(topics.path(), new PathType(pathCapacity, "map"), new PathMessage(pathCapacity), slots.path(),
                new PathReference(pathCapacity), (p, into, now) -> {
                    // Planners often leave the header stamp at zero: such a path counts from its arrival.
                    long stamp = p.stampNanos() > 0 ? p.stampNanos() : now;
                    into.set(stamp, p.xM(), p.yM(), p.count(), options.pathTargetSpeedMps());
                    return stamp;
                }, "ros2.path_max_poses=" + pathCapacity));
        // The e-stop and its release topic latch per sender: their samples name the writer's GUID.
        all.add(Ros2Inbound.subscribeNamingWriters(participant, topics.estop(), new BoolType(), new BoolMessage(), slots.estop(),
                new EStopSignal(), Ros2SensorSource::arrival, clock, inbound.admission(), inbound.bounds(), "type's", taps));
        if (slots.estop().rules().release() == EStopRules.Release.RELEASE_TOPIC) {
            all.add(Ros2Inbound.subscribeNamingWriters(participant, topics.estopRelease(), new BoolType(), new BoolMessage(),
                    slots.estop().releaseInput(), new EStopSignal(), Ros2SensorSource::arrival, clock, inbound.admission(),
                    inbound.bounds(), "type's", taps));
        }
        if (options.obstacleSource() == ObstacleSource.TRACK) {
            all.add(subscribe(topics.obstacle(), new ObstacleTrackType(options.robotFrameId(), "odom"), new ObstacleTrack(),
                    slots.obstacle(), new ObstacleTrack(), (o, into, now) -> copy(o, into).stampNanos(), "type's"));
        } else if (options.obstacleSource() == ObstacleSource.SCAN) {
            NearestObstacleExtractor extractor = new NearestObstacleExtractor(options.scan());
            all.add(subscribe(topics.scan(), new LaserScanType(options.scanMaxRays(), "laser"), new LaserScanMessage(options.scanMaxRays()),
                    slots.obstacle(), new ObstacleTrack(), (s, into, now) -> {
                        extractor.extract(s.stampNanos(), s.angleMinRad(), s.angleIncrementRad(), s.rangeMinM(), s.rangeMaxM(),
                                s.rangesM(), s.count(), into);
                        return s.stampNanos();
                    }, "ros2.scan_max_rays=" + options.scanMaxRays()));
        }
        channels = List.copyOf(all);
    }

    /** std_msgs/Bool has no stamp: an e-stop message is stamped on arrival (and never judged by its stamp). */
    private static long arrival(BoolMessage b, EStopSignal into, long receivedNanos) {
        return into.set(receivedNanos, b.data()).stampNanos();
    }

    private static <V extends Copyable<V>> V copy(V from, V into) {
        into.copyFrom(from);
        return into;
    }

    private <T, V extends Copyable<V>> InboundChannel<T, V> subscribe(Ros2TopicSpec topic, Ros2MessageType<T> type, T holder,
                                                                      InputSlot<V> slot, V decoded, Ros2Inbound.Converter<T, V> converter,
                                                                      String receiveBufferHint) throws Ros2TransportException {
        return Ros2Inbound.subscribe(participant, topic, type, holder, slot, decoded, converter, clock, inbound.admission(), inbound.bounds(),
                receiveBufferHint, taps);
    }

    @Override
    /** The inbound topics: odometry, path, e-stop, the e-stop release topic if subscribed, then the obstacle track or scan (empty before start). */
    public List<InboundChannel<?, ?>> channels() { return channels; }

    /** The participant belongs to the link, which closes it. */
    @Override
    public void close() {
    }
}
