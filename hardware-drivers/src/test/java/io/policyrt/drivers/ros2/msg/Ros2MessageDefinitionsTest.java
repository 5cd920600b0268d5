package io.policyrt.drivers.ros2.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.drivers.ros2.Ros2Qos;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ros2msg schemas of recorded ROS 2 topics as rosbag2 writes them: each type's .msg file
 * first, then depth first every type it uses (sorted, each once), each after a line of 80 '=' and
 * {@code MSG: pkg/Type} as the field names it.
 */
class Ros2MessageDefinitionsTest {
    private static final String DELIMITER = "=".repeat(80);

    /** The {@code MSG:} names after the delimiters, in order. */
    private static List<String> dependencies(String fullText) {
        Matcher m = Pattern.compile("(?m)^" + DELIMITER + "\nMSG: (\\S+)$").matcher(fullText);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void odometry_lists_every_type_it_uses_once_depth_first_after_its_own_text() {
        String text = Ros2MessageDefinitions.fullText("nav_msgs/Odometry");
        assertThat(text).startsWith("# This represents an estimate of a position and velocity in free space.");
        // the file as it is (ending in a newline), then a newline before the delimiter, as rosbag2 joins them
        assertThat(text.substring(0, text.indexOf(DELIMITER))).contains("std_msgs/Header header\n")
                .endsWith("geometry_msgs/TwistWithCovariance twist\n\n");
        // Sorted per message, depth first: PoseWithCovariance -> Pose -> Point, Quaternion;
        // TwistWithCovariance -> Twist -> Vector3; Header -> Time
        assertThat(dependencies(text)).containsExactly("geometry_msgs/PoseWithCovariance", "geometry_msgs/Pose",
                "geometry_msgs/Point", "geometry_msgs/Quaternion", "geometry_msgs/TwistWithCovariance", "geometry_msgs/Twist",
                "geometry_msgs/Vector3", "std_msgs/Header", "builtin_interfaces/Time");
        assertThat(text).contains(DELIMITER + "\nMSG: builtin_interfaces/Time\n").contains("uint32 nanosec");
    }

    @Test
    void every_type_the_ros2_transport_receives_has_a_definition_including_policyrt_msgs() {
        for (Ros2MessageType<?> type : List.of(new OdometryType("odom", "base_link"), new PathType(4, "map"), new BoolType(),
                new ObstacleTrackType("base_link", "odom"), new LaserScanType(4, "laser"), new WheelCommandType(), new TwistType(),
                new TwistStampedType("base_link"))) {
            assertThat(Ros2MessageDefinitions.fullText(type.rosName())).as(type.rosName()).isNotBlank();
        }
        String track = Ros2MessageDefinitions.fullText("policyrt_msgs/ObstacleTrack");
        assertThat(track).contains("float64 radius_m").contains("MSG: std_msgs/Header");
        assertThat(dependencies(Ros2MessageDefinitions.fullText("std_msgs/Float64MultiArray")))
                .containsExactly("std_msgs/MultiArrayLayout", "std_msgs/MultiArrayDimension");
        // Path uses Header itself and through PoseStamped: once
        assertThat(dependencies(Ros2MessageDefinitions.fullText("nav_msgs/Path"))).containsExactly("geometry_msgs/PoseStamped",
                "geometry_msgs/Pose", "geometry_msgs/Point", "geometry_msgs/Quaternion", "std_msgs/Header", "builtin_interfaces/Time");
        assertThat(dependencies(Ros2MessageDefinitions.fullText("std_msgs/Bool"))).isEmpty();
    }

    @Test
    void field_types_resolve_in_their_own_package_and_skip_builtins_arrays_bounds_and_constants() {
        String text = "# a comment naming Fake/Type\nPose pose # same package\nstd_msgs/Header h\nfloat64[36] c\n"
                + "string<=8 s\nbuiltin_interfaces/msg/Time[] stamps\nuint8 KIND=1\n";
        assertThat(Ros2MessageDefinitions.usedTypes("geometry_msgs", text)).containsExactly("builtin_interfaces/msg/Time",
                "geometry_msgs/Pose", "std_msgs/Header");
    }

    @Test
    void an_unknown_type_or_name_is_refused_naming_it() {
        assertThatThrownBy(() -> Ros2MessageDefinitions.fullText("no_such_msgs/Thing"))
                .isInstanceOf(IllegalStateException.class).hasMessage("no .msg definition of no_such_msgs/msg/Thing on the classpath");
        assertThatThrownBy(() -> Ros2MessageDefinitions.interfaceName("Odometry"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Odometry'");
    }

    @Test
    void the_qos_profile_is_written_as_rosbag2_writes_offered_qos_profiles() {
        assertThat(new Ros2Qos(Ros2Qos.Reliability.BEST_EFFORT, Ros2Qos.Durability.TRANSIENT_LOCAL, 5).rosbag2Yaml()).isEqualTo("""
                - history: keep_last
                  depth: 5
                  reliability: best_effort
                  durability: transient_local
                  deadline:
                    sec: 9223372036
                    nsec: 854775807
                  lifespan:
                    sec: 9223372036
                    nsec: 854775807
                  liveliness: automatic
                  liveliness_lease_duration:
                    sec: 9223372036
                    nsec: 854775807
                  avoid_ros_namespace_conventions: false
                """);
    }
}
