package io.policyrt.drivers.ros2.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.drivers.ros2.Ros2Qos;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ros2msg schemas of recorded ROS 2 topics: each type's .msg text first, then every type it
 * uses once, each after a line of 80 '=' and {@code MSG: pkg/msg/Type}, as rosbag2 writes them.
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
        assertThat(text.substring(0, text.indexOf(DELIMITER))).contains("std_msgs/Header header\n")
                .contains("geometry_msgs/TwistWithCovariance twist");
        // Header -> Time; PoseWithCovariance -> Pose -> Point, Quaternion; TwistWithCovariance -> Twist -> Vector3
        assertThat(dependencies(text)).containsExactly("std_msgs/msg/Header", "builtin_interfaces/msg/Time",
                "geometry_msgs/msg/PoseWithCovariance", "geometry_msgs/msg/Pose", "geometry_msgs/msg/Point",
                "geometry_msgs/msg/Quaternion", "geometry_msgs/msg/TwistWithCovariance", "geometry_msgs/msg/Twist",
                "geometry_msgs/msg/Vector3");
        assertThat(text).contains(DELIMITER + "\nMSG: builtin_interfaces/msg/Time\n").contains("uint32 nanosec");
        assertThat(text).doesNotEndWith("\n");
    }

    @Test
    void every_type_the_ros2_transport_receives_has_a_definition_including_policyrt_msgs() {
        for (Ros2MessageType<?> type : List.of(new OdometryType("odom", "base_link"), new PathType(4, "map"), new BoolType(),
                new ObstacleTrackType("base_link", "odom"), new LaserScanType(4, "laser"), new WheelCommandType(), new TwistType(),
                new TwistStampedType("base_link"))) {
            assertThat(Ros2MessageDefinitions.fullText(type.rosName())).as(type.rosName()).isNotBlank();
        }
        String track = Ros2MessageDefinitions.fullText("policyrt_msgs/ObstacleTrack");
        assertThat(track).contains("float64 radius_m").contains("MSG: std_msgs/msg/Header");
        assertThat(dependencies(Ros2MessageDefinitions.fullText("std_msgs/Float64MultiArray")))
                .containsExactly("std_msgs/msg/MultiArrayLayout", "std_msgs/msg/MultiArrayDimension");
        assertThat(dependencies(Ros2MessageDefinitions.fullText("std_msgs/Bool"))).isEmpty();
    }

    @Test
    void field_types_resolve_in_their_own_package_and_skip_builtins_arrays_bounds_and_constants() {
        String text = "# a comment naming Fake/Type\nPose pose # same package\nstd_msgs/Header h\nfloat64[36] c\n"
                + "string<=8 s\nbuiltin_interfaces/msg/Time[] stamps\nuint8 KIND=1\n";
        assertThat(Ros2MessageDefinitions.usedTypes("geometry_msgs", text)).containsExactly("geometry_msgs/msg/Pose",
                "std_msgs/msg/Header", "builtin_interfaces/msg/Time");
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
