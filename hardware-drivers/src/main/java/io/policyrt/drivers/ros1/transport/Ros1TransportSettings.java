package io.policyrt.drivers.ros1.transport;

import io.policyrt.drivers.scan.ScanObstacleSettings;
import java.util.Objects;

/**
 * Which ROS 1 topics carry the controller's sensors and commands, and how they are read and
 * written. An empty topic name turns that input or output off (at least odometry, the path and
 * one command output must be on).
 *
 * @param odometryTopic      nav_msgs/Odometry
 * @param obstacleTopic      policyrt_msgs/ObstacleTrack from a tracker; empty: none
 * @param scanTopic          sensor_msgs/LaserScan reduced to its nearest obstacle; empty: none
 * @param scan               how a scan is reduced (used when {@code scanTopic} is set)
 * @param pathTopic          nav_msgs/Path, usually latched
 * @param pathTargetSpeedMps the speed to follow a path at (a Path carries none) [m/s]
 * @param estopTopic         std_msgs/Bool, true engages, false releases per {@code safety.estop.release}
 *                           (the same publisher's node, after the hold time); empty: none
 * @param estopReleaseTopic  std_msgs/Bool, false releases and true engages; subscribed only when
 *                           {@code safety.estop.release} is {@code release_topic}; empty: none
 * @param cmdVelTopic        body velocity command; empty: none
 * @param cmdVelType         geometry_msgs/Twist or TwistStamped
 * @param wheelsTopic        per-wheel angular velocity command [rad/s]; empty: none
 * @param wheelsType         std_msgs/Float64MultiArray [left, right] or sensor_msgs/JointState
 * @param leftWheelJoint     joint name of the left wheel (JointState)
 * @param rightWheelJoint    joint name of the right wheel (JointState)
 * @param baseFrameId        the robot's base frame: an obstacle in this frame is robot-relative;
 *                           also the frame of TwistStamped
 */
public record Ros1TransportSettings(String odometryTopic, String obstacleTopic, String scanTopic, ScanObstacleSettings scan,
                                    String pathTopic, double pathTargetSpeedMps, String estopTopic, String estopReleaseTopic,
                                    String cmdVelTopic, VelocityMessage cmdVelType, String wheelsTopic, WheelMessage wheelsType, String leftWheelJoint,
                                    String rightWheelJoint, String baseFrameId) {
    /** The message a body velocity command goes out as. */
    public enum VelocityMessage {
        TWIST("twist"), TWIST_STAMPED("twist_stamped");

        private final String configName;

        VelocityMessage(String configName) {
            this.configName = configName;
        }

        public String configName() { return configName; }

        public static VelocityMessage parse(String s) {
            for (VelocityMessage v : values()) {
                if (v.configName.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("cmd_vel type '" + s + "' (allowed: twist, twist_stamped)");
        }
    }

    /** The message per-wheel commands go out as. */
    public enum WheelMessage {
        FLOAT64_MULTI_ARRAY("float64_multi_array"), JOINT_STATE("joint_state");

        private final String configName;

        WheelMessage(String configName) {
            this.configName = configName;
        }

        public String configName() { return configName; }

        public static WheelMessage parse(String s) {
            for (WheelMessage v : values()) {
                if (v.configName.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("wheel command type '" + s + "' (allowed: float64_multi_array, joint_state)");
        }
    }

    public Ros1TransportSettings {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(cmdVelType, "cmdVelType");
        Objects.requireNonNull(wheelsType, "wheelsType");
        odometryTopic = orEmpty(odometryTopic);
        obstacleTopic = orEmpty(obstacleTopic);
        scanTopic = orEmpty(scanTopic);
        pathTopic = orEmpty(pathTopic);
        estopTopic = orEmpty(estopTopic);
        estopReleaseTopic = orEmpty(estopReleaseTopic);
        cmdVelTopic = orEmpty(cmdVelTopic);
        wheelsTopic = orEmpty(wheelsTopic);
        if (odometryTopic.isEmpty() || pathTopic.isEmpty()) {
            throw new IllegalArgumentException("the odometry and path topics must be set");
        }
        if (!estopTopic.isEmpty() && estopTopic.equals(estopReleaseTopic)) {
            throw new IllegalArgumentException("the e-stop and e-stop release topics must differ, both are " + estopTopic);
        }
        if (cmdVelTopic.isEmpty() && wheelsTopic.isEmpty()) {
            throw new IllegalArgumentException("at least one command topic (cmd_vel or wheels) must be set");
        }
        if (!(pathTargetSpeedMps >= 0) || !Double.isFinite(pathTargetSpeedMps)) {
            throw new IllegalArgumentException("path target speed must be finite and >= 0 m/s, got " + pathTargetSpeedMps);
        }
        if (leftWheelJoint == null || leftWheelJoint.isEmpty() || rightWheelJoint == null || rightWheelJoint.isEmpty()) {
            throw new IllegalArgumentException("wheel joint names must not be empty");
        }
        if (baseFrameId == null || baseFrameId.isEmpty()) {
            throw new IllegalArgumentException("the base frame id must not be empty");
        }
    }

    /** The e-stop release topic when none is named ({@code ros1.topics.estop_release}). */
    public static final String DEFAULT_ESTOP_RELEASE_TOPIC = "/estop_release";

    /** Settings with the {@link #DEFAULT_ESTOP_RELEASE_TOPIC default e-stop release topic}. */
    public Ros1TransportSettings(String odometryTopic, String obstacleTopic, String scanTopic, ScanObstacleSettings scan,
                                 String pathTopic, double pathTargetSpeedMps, String estopTopic, String cmdVelTopic,
                                 VelocityMessage cmdVelType, String wheelsTopic, WheelMessage wheelsType, String leftWheelJoint,
                                 String rightWheelJoint, String baseFrameId) {
        this(odometryTopic, obstacleTopic, scanTopic, scan, pathTopic, pathTargetSpeedMps, estopTopic, DEFAULT_ESTOP_RELEASE_TOPIC,
                cmdVelTopic, cmdVelType, wheelsTopic, wheelsType, leftWheelJoint, rightWheelJoint, baseFrameId);
    }

    /**
     * The conventional topics: /odom, /obstacle, /path, /estop, /estop_release, /cmd_vel (Twist)
     * and /wheel_commands (Float64MultiArray), no laser scan, base frame base_link, 0.5 m/s.
     */
    public static Ros1TransportSettings standard() {
        return new Ros1TransportSettings("/odom", "/obstacle", "", defaultScan(), "/path", 0.5, "/estop", DEFAULT_ESTOP_RELEASE_TOPIC,
                "/cmd_vel", VelocityMessage.TWIST, "/wheel_commands", WheelMessage.FLOAT64_MULTI_ARRAY, "left_wheel_joint", "right_wheel_joint",
                "base_link");
    }

    /** Clusters split at 0.3 m, radii 0.05 to 1 m, returns beyond 10 m ignored, scanner at the robot's origin. */
    public static ScanObstacleSettings defaultScan() {
        return new ScanObstacleSettings(0.3, 0.05, 1.0, 10.0, 0, 0, 0);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
