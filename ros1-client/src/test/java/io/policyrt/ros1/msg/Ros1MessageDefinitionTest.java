package io.policyrt.ros1.msg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated type's md5 sum and definition text against Debian's ROS 1: {@code rosmsg md5},
 * the installed genpy message classes ({@code _md5sum}, {@code _full_text}, what rospy sends in
 * its connection header), genmsg run over this repository's .msg files, and the .msg files that
 * Debian's ros-*-msgs packages install.
 */
class Ros1MessageDefinitionTest {
    private static final String OWN_PACKAGE = "policyrt_msgs/";

    @TempDir
    static Path dir;
    static JsonNode truth;

    @BeforeAll
    static void askGenmsgAndGenpy() throws Exception {
        List<String> args = new ArrayList<>(List.of("truth", Ros1DebianTools.messageRoot().toString()));
        for (RosMessageType<?> t : RosMessageCatalog.all()) {
            args.add(t.name());
        }
        truth = new ObjectMapper().readTree(Ros1DebianTools.runPeer(dir, args));
    }

    static List<RosMessageType<?>> standardTypes() {
        return RosMessageCatalog.all().stream().filter(t -> !t.name().startsWith(OWN_PACKAGE)).toList();
    }

    @Test
    void the_catalog_holds_every_type_the_controller_needs() {
        assertThat(RosMessageCatalog.all()).extracting(RosMessageType::name).contains(
                "std_msgs/Header", "std_msgs/Bool", "std_msgs/Float64", "std_msgs/Float64MultiArray",
                "std_msgs/MultiArrayLayout", "std_msgs/MultiArrayDimension", "std_msgs/String",
                "geometry_msgs/Twist", "geometry_msgs/TwistStamped", "geometry_msgs/Pose", "geometry_msgs/Point",
                "geometry_msgs/Quaternion", "geometry_msgs/Vector3", "geometry_msgs/PoseStamped",
                "geometry_msgs/PoseWithCovariance", "geometry_msgs/TwistWithCovariance", "nav_msgs/Odometry",
                "nav_msgs/Path", "sensor_msgs/LaserScan", "sensor_msgs/Imu", "sensor_msgs/JointState",
                "policyrt_msgs/ObstacleTrack");
        assertThat(RosMessageCatalog.byName("geometry_msgs/Twist")).isSameAs(Twist.TYPE);
        assertThat(RosMessageCatalog.byName("geometry_msgs/Nope")).isNull();
    }

    @Test
    void md5_sums_match_the_values_in_the_ros_documentation() {
        assertThat(Twist.TYPE.md5sum()).isEqualTo("9f195f881246fdfa2798d1d3eebca84a");
        assertThat(io.policyrt.ros1.msg.std_msgs.String.TYPE.md5sum()).isEqualTo("992ce8a1687cec8c8bd883ec73ca41d1");
    }

    @Test
    void every_standard_md5_is_what_rosmsg_md5_prints() throws Exception {
        for (RosMessageType<?> t : standardTypes()) {
            assertThat(Ros1DebianTools.rosmsg(dir, "md5", t.name()).strip()).as("rosmsg md5 %s", t.name())
                    .isEqualTo(t.md5sum());
        }
    }

    @Test
    void every_standard_type_matches_the_installed_genpy_class() {
        for (RosMessageType<?> t : standardTypes()) {
            JsonNode entry = truth.get(t.name());
            assertThat(entry.has("installed_md5")).as("%s is installed for /usr/bin/python3 (Debian's python3-%s)",
                    t.name(), t.name().split("/")[0].replace('_', '-')).isTrue();
            assertThat(t.md5sum()).as("md5 of %s", t.name()).isEqualTo(entry.get("installed_md5").asText());
            assertThat(t.definition()).as("definition of %s", t.name()).isEqualTo(entry.get("installed_definition").asText());
        }
    }

    @Test
    void genmsg_computes_the_same_md5_and_text_from_the_repository_files_including_our_own_type() {
        for (RosMessageType<?> t : RosMessageCatalog.all()) {
            JsonNode entry = truth.get(t.name());
            assertThat(t.md5sum()).as("md5 of %s", t.name()).isEqualTo(entry.get("genmsg_md5").asText());
            assertThat(t.definition()).as("definition of %s", t.name()).isEqualTo(entry.get("genmsg_definition").asText());
        }
        assertThat(truth.get("policyrt_msgs/ObstacleTrack").has("installed_md5")).isFalse();
    }

    @Test
    void the_standard_msg_files_are_debians_files_unchanged() throws Exception {
        for (RosMessageType<?> t : standardTypes()) {
            String[] pkgAndType = t.name().split("/");
            Path ours = Ros1DebianTools.messageRoot().resolve(pkgAndType[0]).resolve(pkgAndType[1] + ".msg");
            Path debian = Path.of("/usr/share", pkgAndType[0], "msg", pkgAndType[1] + ".msg");
            assertThat(Files.exists(debian)).as("%s exists; install Debian's ros-%s", debian,
                    pkgAndType[0].replace('_', '-')).isTrue();
            assertThat(Files.readString(ours)).as("%s equals %s", ours, debian).isEqualTo(Files.readString(debian));
        }
    }

    @Test
    void the_definition_starts_with_the_types_own_text_as_rosmsg_show_raw_prints_it() throws Exception {
        // rosmsg show -r prints the raw .msg text of the type alone; the definition appends its dependencies.
        String raw = Ros1DebianTools.rosmsg(dir, "show", "-r", "nav_msgs/Odometry");
        String def = io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE.definition();
        assertThat(def).startsWith(raw.strip());
        assertThat(def).contains("\n" + "=".repeat(80) + "\nMSG: geometry_msgs/PoseWithCovariance\n");
    }
}
