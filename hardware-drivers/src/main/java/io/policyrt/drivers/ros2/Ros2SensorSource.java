package io.policyrt.drivers.ros2;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.ros2.msg.BoolMessage;
import io.policyrt.drivers.ros2.msg.BoolType;
import io.policyrt.drivers.ros2.msg.LaserScanMessage;
import io.policyrt.drivers.ros2.msg.LaserScanType;
import io.policyrt.drivers.ros2.msg.ObstacleTrackType;
import io.policyrt.drivers.ros2.msg.OdometryType;
import io.policyrt.drivers.ros2.msg.PathMessage;
import io.policyrt.drivers.ros2.msg.PathType;
import io.policyrt.drivers.scan.NearestObstacleExtractor;
import io.policyrt.drivers.scan.ScanObstacleSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The controller's sensors over ROS 2: nav_msgs/Odometry, nav_msgs/Path, std_msgs/Bool e-stop,
 * and the obstacle either as policyrt_msgs/ObstacleTrack or reduced from sensor_msgs/LaserScan by
 * the {@link NearestObstacleExtractor}. Each subscription decodes on its DDS thread straight into
 * the loop's slot (odometry, obstacle track) or into a preallocated holder (path, scan, e-stop),
 * then publishes; rejects are counted per topic and logged at most once a second.
 */
public final class Ros2SensorSource implements SensorSource {
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
    private final long futureToleranceNanos;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(Ros2SensorSource.class), TimeUnit.SECONDS.toNanos(1));
    private volatile List<Ros2Inbound<?>> inbound = List.of();
    private Ros2Inbound<Odometry> odometry;

    public Ros2SensorSource(Ros2Participant participant, Ros2Topics topics, Options options, NanoClock clock, long futureToleranceNanos) {
        this.participant = participant;
        this.topics = topics;
        this.options = options;
        this.clock = clock;
        this.futureToleranceNanos = futureToleranceNanos;
    }

    @Override
    public void start(SensorSlots slots) throws Ros2TransportException {
        List<Ros2Inbound<?>> all = new ArrayList<>();
        LatestValue<Odometry> odomSlot = slots.odometry();
        odometry = new Ros2Inbound<>(topics.odometry(), clock, futureToleranceNanos, log) {
            @Override
            protected Odometry target() { return odomSlot.claim(); }

            @Override
            protected long convert(Odometry o, long now) { return o.stampNanos(); }

            @Override
            protected void publish() { odomSlot.publish(); }
        };
        participant.subscribe(topics.odometry(), new OdometryType("odom", options.robotFrameId()), odometry);
        all.add(odometry);

        LatestValue<PathReference> pathSlot = slots.path();
        int pathCapacity = Math.min(options.pathMaxPoses(), pathSlot.claim().capacity());
        PathMessage path = new PathMessage(pathCapacity);
        Ros2Inbound<PathMessage> pathIn = new Ros2Inbound<>(topics.path(), clock, futureToleranceNanos, log) {
            @Override
            protected PathMessage target() { return path; }

            @Override
            protected long convert(PathMessage p, long now) {
                // Planners often leave the header stamp at zero: such a path counts from its arrival.
                long stamp = p.stampNanos() > 0 ? p.stampNanos() : now;
                pathSlot.claim().set(stamp, p.xM(), p.yM(), p.count(), options.pathTargetSpeedMps());
                return stamp;
            }

            @Override
            protected void publish() { pathSlot.publish(); }

            @Override
            protected String subscriberBufferHint() { return "ros2.path_max_poses=" + pathCapacity; }
        };
        participant.subscribe(topics.path(), new PathType(pathCapacity, "map"), pathIn);
        all.add(pathIn);

        LatestValue<EStopSignal> estopSlot = slots.estop();
        BoolMessage bool = new BoolMessage();
        Ros2Inbound<BoolMessage> estop = new Ros2Inbound<>(topics.estop(), clock, futureToleranceNanos, log) {
            @Override
            protected BoolMessage target() { return bool; }

            @Override
            protected long convert(BoolMessage b, long now) {
                estopSlot.claim().set(now, b.data());
                return Long.MIN_VALUE;
            }

            @Override
            protected void publish() { estopSlot.publish(); }
        };
        participant.subscribe(topics.estop(), new BoolType(), estop);
        all.add(estop);

        LatestValue<ObstacleTrack> obstacleSlot = slots.obstacle();
        if (options.obstacleSource() == ObstacleSource.TRACK) {
            Ros2Inbound<ObstacleTrack> track = new Ros2Inbound<>(topics.obstacle(), clock, futureToleranceNanos, log) {
                @Override
                protected ObstacleTrack target() { return obstacleSlot.claim(); }

                @Override
                protected long convert(ObstacleTrack o, long now) { return o.stampNanos(); }

                @Override
                protected void publish() { obstacleSlot.publish(); }
            };
            participant.subscribe(topics.obstacle(), new ObstacleTrackType(options.robotFrameId(), "odom"), track);
            all.add(track);
        } else if (options.obstacleSource() == ObstacleSource.SCAN) {
            NearestObstacleExtractor extractor = new NearestObstacleExtractor(options.scan());
            LaserScanMessage scan = new LaserScanMessage(options.scanMaxRays());
            Ros2Inbound<LaserScanMessage> scanIn = new Ros2Inbound<>(topics.scan(), clock, futureToleranceNanos, log) {
                @Override
                protected LaserScanMessage target() { return scan; }

                @Override
                protected long convert(LaserScanMessage s, long now) {
                    extractor.extract(s.stampNanos(), s.angleMinRad(), s.angleIncrementRad(), s.rangeMinM(), s.rangeMaxM(),
                            s.rangesM(), s.count(), obstacleSlot.claim());
                    return s.stampNanos();
                }

                @Override
                protected void publish() { obstacleSlot.publish(); }

                @Override
                protected String subscriberBufferHint() { return "ros2.scan_max_rays=" + options.scanMaxRays(); }
            };
            participant.subscribe(topics.scan(), new LaserScanType(options.scanMaxRays(), "laser"), scanIn);
            all.add(scanIn);
        }
        inbound = List.copyOf(all);
    }

    /** The inbound topics: odometry, path, e-stop, then the obstacle track or scan (empty before start). */
    public List<Ros2Inbound<?>> inbound() { return inbound; }

    public Ros2Inbound<Odometry> odometry() { return odometry; }

    /** The inbound topic named {@code name} (e.g. /estop), or null. */
    public Ros2Inbound<?> byName(String name) {
        for (Ros2Inbound<?> t : inbound) {
            if (t.topic().name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Total rejects over every sensor topic. Any thread. */
    public long rejectedTotal() {
        long n = 0;
        for (Ros2Inbound<?> t : inbound) {
            n += t.rejectedTotal();
        }
        return n;
    }

    /** {@code {"/odom":{...},...}} counts per topic. */
    public String countsJson() {
        StringBuilder sb = new StringBuilder();
        for (Ros2Inbound<?> t : inbound) {
            sb.append(sb.length() > 0 ? "," : "").append('"').append(t.topic().name()).append("\":").append(t.countsJson());
        }
        return "{" + sb + "}";
    }

    /** The participant belongs to the caller, who closes it. */
    @Override
    public void close() {
    }
}
