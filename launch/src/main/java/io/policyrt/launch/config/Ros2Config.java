package io.policyrt.launch.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code ros2} section: the ROS 2 transport (transport kind ros2, and {@code policyrt sim
 * serve --transport ros2}). See config/ros2.yaml, which lists every key with its default.
 */
public final class Ros2Config {
    public static final List<String> RELIABILITY = List.of("reliable", "best_effort");
    public static final List<String> DURABILITY = List.of("volatile", "transient_local");
    public static final List<String> OBSTACLE_SOURCES = List.of("track", "scan", "none");
    public static final List<String> CMD_VEL_TYPES = List.of("twist", "twist_stamped");

    /** DDS domain; default: the ROS_DOMAIN_ID environment variable, or 0. */
    @JsonProperty("domain_id")
    public Integer domainId;
    /** Unicast discovery on 127.0.0.1 only, no multicast (machines and CI without a multicast route). */
    @JsonProperty("localhost_only")
    public boolean localhostOnly = false;
    /** DDS participant name of the controller; the simulator's gets the suffix _sim. */
    @JsonProperty("participant_name")
    public String participantName = "policyrt";
    /** Frame id of the robot's base: an obstacle track in this frame is in the robot frame. */
    @JsonProperty("robot_frame_id")
    public String robotFrameId = "base_link";
    /**
     * twist (geometry_msgs/Twist) or twist_stamped (geometry_msgs/TwistStamped in robot_frame_id,
     * what ros2_control's diff_drive_controller reads since Jazzy).
     */
    @JsonProperty("cmd_vel_type")
    public String cmdVelType = "twist";
    /** track (policyrt_msgs/ObstacleTrack), scan (sensor_msgs/LaserScan through the nearest-obstacle extractor) or none. */
    @JsonProperty("obstacle_source")
    public String obstacleSource = "track";
    /** nav_msgs/Path carries no speed: the target speed along the path [m/s]. */
    @JsonProperty("path_target_speed_mps")
    public double pathTargetSpeedMps = 0.5;
    /** Longest path accepted [poses]; longer ones are refused whole. */
    @JsonProperty("path_max_poses")
    public int pathMaxPoses = 4096;
    /** Longest laser scan accepted [rays]; longer ones are refused whole. */
    @JsonProperty("scan_max_rays")
    public int scanMaxRays = 4096;
    /** How a laser scan becomes the obstacle (obstacle_source scan). */
    public Scan scan = new Scan();
    public Topics topics = new Topics();

    /** Laser scan to nearest obstacle (see NearestObstacleExtractor). */
    public static final class Scan {
        @JsonProperty("cluster_gap_m")
        public double clusterGapM = 0.15;
        @JsonProperty("min_radius_m")
        public double minRadiusM = 0.05;
        @JsonProperty("max_radius_m")
        public double maxRadiusM = 0.5;
        @JsonProperty("max_range_m")
        public double maxRangeM = 8.0;
        @JsonProperty("mount_x_m")
        public double mountXM = 0;
        @JsonProperty("mount_y_m")
        public double mountYM = 0;
        @JsonProperty("mount_yaw_rad")
        public double mountYawRad = 0;
    }

    /** Per-topic name and QoS; unset fields keep the defaults. */
    public static final class Topics {
        public Topic odom = new Topic();
        public Topic path = new Topic();
        public Topic obstacle = new Topic();
        public Topic scan = new Topic();
        public Topic estop = new Topic();
        /** std_msgs/Bool whose false releases the e-stop; subscribed only with safety.estop.release: release_topic. */
        @JsonProperty("estop_release")
        public Topic estopRelease = new Topic();
        @JsonProperty("cmd_vel")
        public Topic cmdVel = new Topic();
        @JsonProperty("cmd_wheels")
        public Topic cmdWheels = new Topic();
    }

    /** One topic: absolute name and QoS of PolicyRT's endpoint. */
    public static final class Topic {
        public String name;
        /** reliable or best_effort. */
        public String reliability;
        /** volatile or transient_local. */
        public String durability;
        /** KEEP_LAST depth. */
        public Integer depth;
    }

    static void validate(String where, Ros2Config r) {
        if (r == null) {
            throw new ConfigException(where + ": key 'ros2' must be a mapping");
        }
        if (r.domainId != null && (r.domainId < 0 || r.domainId > 232)) {
            throw new ConfigException(where + ": key 'ros2.domain_id' must be in [0, 232], got " + r.domainId);
        }
        if (r.participantName == null || !r.participantName.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
            throw new ConfigException(where + ": key 'ros2.participant_name' must be a ROS name (a letter, then letters, digits, "
                    + "'_'; at most 64), got '" + r.participantName + "'");
        }
        if (r.robotFrameId == null || r.robotFrameId.isBlank() || r.robotFrameId.length() > 63) {
            throw new ConfigException(where + ": key 'ros2.robot_frame_id' must be 1 to 63 characters");
        }
        oneOf(where, "ros2.obstacle_source", r.obstacleSource, OBSTACLE_SOURCES);
        oneOf(where, "ros2.cmd_vel_type", r.cmdVelType, CMD_VEL_TYPES);
        if (!(r.pathTargetSpeedMps > 0 && r.pathTargetSpeedMps <= 10)) {
            throw new ConfigException(where + ": key 'ros2.path_target_speed_mps' must be in (0, 10], got " + r.pathTargetSpeedMps);
        }
        if (r.pathMaxPoses < 2 || r.pathMaxPoses > 20_000) {
            throw new ConfigException(where + ": key 'ros2.path_max_poses' must be in [2, 20000], got " + r.pathMaxPoses);
        }
        if (r.scanMaxRays < 1 || r.scanMaxRays > 100_000) {
            throw new ConfigException(where + ": key 'ros2.scan_max_rays' must be in [1, 100000], got " + r.scanMaxRays);
        }
        if (r.scan == null) {
            r.scan = new Scan();
        }
        try {
            scanSettings(r.scan);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": key 'ros2.scan': " + e.getMessage());
        }
        if (r.topics == null) {
            r.topics = new Topics();
        }
        topic(where, "ros2.topics.odom", r.topics.odom);
        topic(where, "ros2.topics.path", r.topics.path);
        topic(where, "ros2.topics.obstacle", r.topics.obstacle);
        topic(where, "ros2.topics.scan", r.topics.scan);
        topic(where, "ros2.topics.estop", r.topics.estop);
        topic(where, "ros2.topics.estop_release", r.topics.estopRelease);
        String estop = name(r.topics.estop, "/estop");
        if (estop.equals(name(r.topics.estopRelease, "/estop_release"))) {
            throw new ConfigException(where + ": key 'ros2.topics.estop_release.name' must differ from 'ros2.topics.estop.name' (both are '"
                    + estop + "'): a release must be a deliberate message on a topic of its own");
        }
        topic(where, "ros2.topics.cmd_vel", r.topics.cmdVel);
        topic(where, "ros2.topics.cmd_wheels", r.topics.cmdWheels);
    }

    /** The scan section as the extractor's settings; throws IllegalArgumentException naming the bad value. */
    public static io.policyrt.drivers.scan.ScanObstacleSettings scanSettings(Scan s) {
        return new io.policyrt.drivers.scan.ScanObstacleSettings(s.clusterGapM, s.minRadiusM, s.maxRadiusM, s.maxRangeM,
                s.mountXM, s.mountYM, s.mountYawRad);
    }

    private static void topic(String where, String key, Topic t) {
        if (t == null) {
            return; // 'odom:' with nothing under it: no override
        }
        if (t.name != null) {
            try {
                new io.policyrt.drivers.ros2.Ros2TopicSpec(t.name, io.policyrt.drivers.ros2.Ros2Qos.reliable());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": key '" + key + ".name': " + e.getMessage());
            }
        }
        if (t.reliability != null) {
            oneOf(where, key + ".reliability", t.reliability, RELIABILITY);
        }
        if (t.durability != null) {
            oneOf(where, key + ".durability", t.durability, DURABILITY);
        }
        if (t.depth != null && (t.depth < 1 || t.depth > 10_000)) {
            throw new ConfigException(where + ": key '" + key + ".depth' must be in [1, 10000], got " + t.depth);
        }
    }

    private static String name(Topic t, String standard) {
        return t == null || t.name == null ? standard : t.name;
    }

    private static void oneOf(String where, String key, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new ConfigException(where + ": key '" + key + "' has value '" + value + "' (allowed: " + String.join(", ", allowed) + ")");
        }
    }
}
