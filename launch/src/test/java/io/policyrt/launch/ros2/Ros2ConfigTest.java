package io.policyrt.launch.ros2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.drivers.ros2.ObstacleSource;
import io.policyrt.drivers.ros2.Ros2Qos;
import io.policyrt.drivers.ros2.Ros2Topics;
import io.policyrt.drivers.ros2.msg.TwistType;
import io.policyrt.launch.config.ConfigException;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.testing.RepositoryRoot;
import org.junit.jupiter.api.Test;

class Ros2ConfigTest {
    @Test
    void shipped_ros2_example_parses_to_the_standard_topics_and_qos() {
        RuntimeConfig c = ConfigLoader.load(RepositoryRoot.path().resolve("config/ros2.yaml"));
        assertThat(c.transport.kind).isEqualTo("ros2");
        assertThat(Ros2Wiring.topics(c.ros2)).isEqualTo(Ros2Topics.standard());
        assertThat(Ros2Wiring.options(c.ros2).obstacleSource()).isEqualTo(ObstacleSource.TRACK);
        assertThat(Ros2Wiring.settings(c.ros2, "_sim", "ros2.yaml").participantName()).isEqualTo("policyrt_sim");
        assertThat(Ros2Wiring.velocityType(c.ros2)).isInstanceOf(TwistType.class);
    }

    @Test
    void cmd_vel_goes_out_as_twist_stamped_in_the_robot_frame_when_configured() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: ros2}\nros2:\n  cmd_vel_type: twist_stamped\n"
                + "  robot_frame_id: base_footprint\n", "robot.yaml");
        assertThat(Ros2Wiring.velocityType(c.ros2).rosName()).isEqualTo("geometry_msgs/TwistStamped");
        assertThat(Ros2Wiring.velocityType(c.ros2).getName()).isEqualTo("geometry_msgs::msg::dds_::TwistStamped_");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  cmd_vel_type: twist_with_covariance\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ros2.cmd_vel_type")
                .hasMessageContaining("twist, twist_stamped");
    }

    @Test
    void topic_names_and_qos_are_overridden_per_topic() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: ros2}\nros2:\n  domain_id: 42\n  localhost_only: true\n"
                + "  obstacle_source: scan\n  topics:\n    odom: {name: /robot1/odom, reliability: reliable}\n"
                + "    estop: {reliability: best_effort, depth: 1}\n", "robot.yaml");
        Ros2Topics t = Ros2Wiring.topics(c.ros2);
        assertThat(t.odometry().name()).isEqualTo("/robot1/odom");
        assertThat(t.odometry().qos()).isEqualTo(new Ros2Qos(Ros2Qos.Reliability.RELIABLE, Ros2Qos.Durability.VOLATILE, 5));
        assertThat(t.estop().qos()).isEqualTo(new Ros2Qos(Ros2Qos.Reliability.BEST_EFFORT, Ros2Qos.Durability.VOLATILE, 1));
        assertThat(t.path()).isEqualTo(Ros2Topics.standard().path());
        assertThat(Ros2Wiring.settings(c.ros2, "", "robot.yaml").domainId()).isEqualTo(42);
        assertThat(Ros2Wiring.settings(c.ros2, "", "robot.yaml").localhostOnly()).isTrue();
        assertThat(Ros2Wiring.options(c.ros2).obstacleSource()).isEqualTo(ObstacleSource.SCAN);
    }

    @Test
    void the_e_stop_release_topic_is_configured_like_the_other_topics_and_never_on_the_e_stop_topic() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: ros2}\nsafety:\n  estop: {release: release_topic}\nros2:\n"
                + "  topics:\n    estop_release: {name: /robot1/estop_release, depth: 1}\n", "robot.yaml");
        Ros2Topics t = Ros2Wiring.topics(c.ros2);
        assertThat(t.estopRelease().name()).isEqualTo("/robot1/estop_release");
        assertThat(t.estopRelease().qos()).isEqualTo(new Ros2Qos(Ros2Qos.Reliability.RELIABLE, Ros2Qos.Durability.VOLATILE, 1));
        assertThat(Ros2Topics.standard().estopRelease().name()).isEqualTo("/estop_release");
        assertThat(Ros2Topics.standard().estopRelease().qos()).isEqualTo(Ros2Topics.standard().estop().qos());
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {estop_release: {name: /estop}}\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("robot.yaml")
                .hasMessageContaining("ros2.topics.estop_release.name").hasMessageContaining("ros2.topics.estop.name");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {estop_release: {name: estop_release}}\n", "robot.yaml"))
                .hasMessageContaining("ros2.topics.estop_release.name").hasMessageContaining("absolute");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {estop_release: {reliability: sometimes}}\n", "robot.yaml"))
                .hasMessageContaining("ros2.topics.estop_release.reliability").hasMessageContaining("reliable, best_effort");
    }

    @Test
    void bad_ros2_values_name_the_file_the_key_and_what_is_allowed() {
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {odom: {reliability: sometimes}}\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("robot.yaml")
                .hasMessageContaining("ros2.topics.odom.reliability").hasMessageContaining("reliable, best_effort");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {path: {durability: persistent}}\n", "robot.yaml"))
                .hasMessageContaining("ros2.topics.path.durability").hasMessageContaining("volatile, transient_local");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {cmd_vel: {name: cmd_vel}}\n", "robot.yaml"))
                .hasMessageContaining("ros2.topics.cmd_vel.name").hasMessageContaining("absolute");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  domain_id: 300\n", "robot.yaml")).hasMessageContaining("ros2.domain_id");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  obstacle_source: lidar\n", "robot.yaml"))
                .hasMessageContaining("ros2.obstacle_source").hasMessageContaining("track, scan, none");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  scan_max_rays: 0\n", "robot.yaml")).hasMessageContaining("ros2.scan_max_rays");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  scan: {cluster_gap_m: -1}\n", "robot.yaml")).hasMessageContaining("ros2.scan");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  domian_id: 3\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'ros2.domian_id'").hasMessageContaining("domain_id");
        assertThatThrownBy(() -> ConfigLoader.parse("ros2:\n  topics: {odom: {qos: 1}}\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'ros2.topics.odom.qos'");
    }
}
