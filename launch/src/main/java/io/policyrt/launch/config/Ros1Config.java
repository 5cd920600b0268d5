package io.policyrt.launch.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code ros1} section: the ROS 1 transport (transport kind ros1, and {@code policyrt sim
 * serve --transport ros1}). See config/ros1.yaml, which lists every key with its default.
 */
public final class Ros1Config {
    public static final List<String> CMD_VEL_TYPES = List.of("twist", "twist_stamped");
    public static final List<String> WHEELS_TYPES = List.of("float64_multi_array", "joint_state");

    /** http://HOST:PORT/ of the ROS master; unset: $ROS_MASTER_URI, else http://localhost:11311/. */
    @JsonProperty("master_uri")
    public String masterUri;
    /** Host name or address this node advertises; unset: $ROS_IP, else $ROS_HOSTNAME, else the machine's host name. */
    public String host;
    /** The controller's node name (policyrt run). */
    @JsonProperty("node_name")
    public String nodeName = "policyrt_controller";
    /** The simulated robot's node name (policyrt sim serve). */
    @JsonProperty("sim_node_name")
    public String simNodeName = "policyrt_sim_robot";
    /** Subscriptions ask their publishers for TCP_NODELAY. */
    @JsonProperty("tcp_nodelay")
    public boolean tcpNodelay = true;
    /** Longest message accepted on a TCPROS connection [bytes]; a longer frame closes that connection. */
    @JsonProperty("max_message_bytes")
    public int maxMessageBytes = 16 << 20;
    public Topics topics = new Topics();
    /** twist (geometry_msgs/Twist) or twist_stamped (geometry_msgs/TwistStamped). */
    @JsonProperty("cmd_vel_type")
    public String cmdVelType = "twist";
    /** float64_multi_array (std_msgs/Float64MultiArray [left, right] rad/s) or joint_state (sensor_msgs/JointState). */
    @JsonProperty("wheels_type")
    public String wheelsType = "float64_multi_array";
    @JsonProperty("left_wheel_joint")
    public String leftWheelJoint = "left_wheel_joint";
    @JsonProperty("right_wheel_joint")
    public String rightWheelJoint = "right_wheel_joint";
    /** The robot's base frame: obstacles in it are robot-relative; the frame of TwistStamped. */
    @JsonProperty("base_frame")
    public String baseFrame = "base_link";
    /** The speed to follow a nav_msgs/Path at (a Path carries none) [m/s]. */
    @JsonProperty("path_target_speed_mps")
    public double pathTargetSpeedMps = 0.5;
    /** How a sensor_msgs/LaserScan on topics.scan is reduced to its nearest obstacle. */
    @JsonProperty("scan_obstacle")
    public ScanObstacle scanObstacle = new ScanObstacle();
    /** Robot side: stamped commands older than this on arrival are dropped [ms]. */
    @JsonProperty("command_max_age_ms")
    public double commandMaxAgeMs = 250;

    /** ROS 1 topic names; an empty name turns that input or output off. */
    public static final class Topics {
        /** nav_msgs/Odometry. */
        public String odom = "/odom";
        /** policyrt_msgs/ObstacleTrack. */
        public String obstacle = "/obstacle";
        /** sensor_msgs/LaserScan, reduced to its nearest obstacle; empty: none. */
        public String scan = "";
        /** nav_msgs/Path. */
        public String path = "/path";
        /** std_msgs/Bool: true engages the e-stop; false from the node that engaged releases it (safety.estop). */
        public String estop = "/estop";
        /** std_msgs/Bool: false releases the e-stop, true engages; subscribed only when safety.estop.release is release_topic. */
        @JsonProperty("estop_release")
        public String estopRelease = "/estop_release";
        /** Body velocity command (cmd_vel_type). */
        @JsonProperty("cmd_vel")
        public String cmdVel = "/cmd_vel";
        /** Per-wheel command (wheels_type). */
        public String wheels = "/wheel_commands";
    }

    /** See {@code io.policyrt.drivers.scan.NearestObstacleExtractor}. */
    public static final class ScanObstacle {
        @JsonProperty("cluster_gap_m")
        public double clusterGapM = 0.3;
        @JsonProperty("min_radius_m")
        public double minRadiusM = 0.05;
        @JsonProperty("max_radius_m")
        public double maxRadiusM = 1.0;
        @JsonProperty("max_range_m")
        public double maxRangeM = 10.0;
        @JsonProperty("mount_x_m")
        public double mountXM = 0;
        @JsonProperty("mount_y_m")
        public double mountYM = 0;
        @JsonProperty("mount_yaw_rad")
        public double mountYawRad = 0;
    }

    /** Checks the section; {@code c} supplies the transport kind and the safety settings it must agree with. */
    static void validate(String where, RuntimeConfig c) {
        Ros1Config r = c.ros1;
        if (r == null) {
            throw new ConfigException(where + ": key 'ros1' must be a mapping");
        }
        if (r.masterUri != null && !r.masterUri.matches("http://[^/\\s:]+:\\d{1,5}/?")) {
            throw new ConfigException(where + ": key 'ros1.master_uri' must be http://HOST:PORT/, got '" + r.masterUri + "'");
        }
        if (r.host != null && (r.host.isBlank() || r.host.contains("/") || r.host.contains(" "))) {
            throw new ConfigException(where + ": key 'ros1.host' must be a host name or address, got '" + r.host + "'");
        }
        rosName(where, "ros1.node_name", r.nodeName, false);
        rosName(where, "ros1.sim_node_name", r.simNodeName, false);
        if (r.nodeName.equals(r.simNodeName)) {
            throw new ConfigException(where + ": keys 'ros1.node_name' and 'ros1.sim_node_name' must differ (the master allows one node per name)");
        }
        ConfigLoader.range(where, "ros1.max_message_bytes", r.maxMessageBytes, 1024, 1 << 30);
        if (r.topics == null) {
            r.topics = new Topics();
        }
        Topics t = r.topics;
        rosName(where, "ros1.topics.odom", t.odom, false);
        rosName(where, "ros1.topics.path", t.path, false);
        rosName(where, "ros1.topics.obstacle", t.obstacle, true);
        rosName(where, "ros1.topics.scan", t.scan, true);
        rosName(where, "ros1.topics.estop", t.estop, true);
        rosName(where, "ros1.topics.estop_release", t.estopRelease, true);
        if (!blank(t.estop) && t.estop.equals(t.estopRelease)) {
            throw new ConfigException(where + ": keys 'ros1.topics.estop' and 'ros1.topics.estop_release' must name different topics, "
                    + "both are '" + t.estop + "'");
        }
        if ("ros1".equals(c.transport.kind) && "release_topic".equals(c.safety.estop.release) && blank(t.estopRelease)) {
            throw new ConfigException(where + ": 'safety.estop.release' is release_topic but 'ros1.topics.estop_release' is empty: "
                    + "nothing could release an engaged e-stop");
        }
        rosName(where, "ros1.topics.cmd_vel", t.cmdVel, true);
        rosName(where, "ros1.topics.wheels", t.wheels, true);
        if (blank(t.cmdVel) && blank(t.wheels)) {
            throw new ConfigException(where + ": keys 'ros1.topics.cmd_vel' and 'ros1.topics.wheels' are both empty: "
                    + "commands would go nowhere");
        }
        if ("ros1".equals(c.transport.kind) && c.safety.obstacleRequired && blank(t.obstacle) && blank(t.scan)) {
            throw new ConfigException(where + ": 'safety.obstacle_required' is true but 'ros1.topics.obstacle' and 'ros1.topics.scan' "
                    + "are both empty: the controller would never start");
        }
        ConfigLoader.oneOf(where, "ros1.cmd_vel_type", r.cmdVelType, CMD_VEL_TYPES);
        ConfigLoader.oneOf(where, "ros1.wheels_type", r.wheelsType, WHEELS_TYPES);
        if (blank(r.leftWheelJoint) || blank(r.rightWheelJoint) || r.leftWheelJoint.equals(r.rightWheelJoint)) {
            throw new ConfigException(where + ": keys 'ros1.left_wheel_joint' and 'ros1.right_wheel_joint' must be two different names");
        }
        if (blank(r.baseFrame)) {
            throw new ConfigException(where + ": key 'ros1.base_frame' must not be empty");
        }
        ConfigLoader.range(where, "ros1.path_target_speed_mps", r.pathTargetSpeedMps, 0, 10);
        if (r.scanObstacle == null) {
            r.scanObstacle = new ScanObstacle();
        }
        ScanObstacle s = r.scanObstacle;
        ConfigLoader.positive(where, "ros1.scan_obstacle.cluster_gap_m", s.clusterGapM);
        ConfigLoader.range(where, "ros1.scan_obstacle.min_radius_m", s.minRadiusM, 0, 100);
        ConfigLoader.range(where, "ros1.scan_obstacle.max_radius_m", s.maxRadiusM, s.minRadiusM, 100);
        ConfigLoader.positive(where, "ros1.scan_obstacle.max_range_m", s.maxRangeM);
        ConfigLoader.range(where, "ros1.scan_obstacle.mount_x_m", s.mountXM, -10, 10);
        ConfigLoader.range(where, "ros1.scan_obstacle.mount_y_m", s.mountYM, -10, 10);
        ConfigLoader.range(where, "ros1.scan_obstacle.mount_yaw_rad", s.mountYawRad, -2 * Math.PI, 2 * Math.PI);
        ConfigLoader.range(where, "ros1.command_max_age_ms", r.commandMaxAgeMs, 1, 60_000);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A ROS graph name: letters, digits, '_' and '/', each part starting with a letter. */
    private static void rosName(String where, String key, String value, boolean emptyAllowed) {
        if (emptyAllowed && (value == null || value.isEmpty())) {
            return;
        }
        if (value == null || !value.matches("/?[A-Za-z][A-Za-z0-9_]*(/[A-Za-z][A-Za-z0-9_]*)*")) {
            throw new ConfigException(where + ": key '" + key + "' must be a ROS name (letters, digits, '_', '/'; each part starts "
                    + "with a letter)" + (emptyAllowed ? " or empty to turn it off" : "") + ", got '" + value + "'");
        }
    }
}
