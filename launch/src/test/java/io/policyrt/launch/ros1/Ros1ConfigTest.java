package io.policyrt.launch.ros1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.ros1.transport.Ros1TransportSettings;
import io.policyrt.launch.config.ConfigException;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.testing.RepositoryRoot;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ros1ConfigTest {
    @Test
    void shipped_ros1_example_parses_to_the_conventional_topics() {
        RuntimeConfig c = ConfigLoader.load(RepositoryRoot.path().resolve("config/ros1.yaml"));
        assertThat(c.transport.kind).isEqualTo("ros1");
        Ros1TransportSettings t = Ros1Wiring.topics(c.ros1);
        assertThat(t).isEqualTo(Ros1TransportSettings.standard());
        Ros1NodeSettings n = Ros1Wiring.node(c.ros1, c.ros1.nodeName, Map.of());
        assertThat(n.nodeName()).isEqualTo("/policyrt_controller");
        assertThat(n.masterUri()).isEqualTo(URI.create("http://localhost:11311/"));
        assertThat(n.limits().maxMessageBytes()).isEqualTo(16 << 20);
        assertThat(n.tcpNoDelay()).isTrue();
    }

    @Test
    void configured_master_and_host_override_the_environment_which_fills_the_rest() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: ros1}\nros1:\n  master_uri: http://10.1.1.1:11311/\n", "robot.yaml");
        Map<String, String> env = Map.of("ROS_MASTER_URI", "http://env:11311/", "ROS_IP", "10.2.2.2");
        Ros1NodeSettings n = Ros1Wiring.node(c.ros1, c.ros1.nodeName, env);
        assertThat(n.masterUri()).isEqualTo(URI.create("http://10.1.1.1:11311/"));
        assertThat(n.host()).isEqualTo("10.2.2.2");
    }

    @Test
    void topics_and_message_types_follow_the_section() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: ros1}\nros1:\n  topics: {obstacle: '', scan: /front/scan, cmd_vel: '', "
                + "wheels: /diff/command}\n  wheels_type: joint_state\n  left_wheel_joint: l\n  right_wheel_joint: r\n"
                + "  scan_obstacle: {mount_x_m: 0.2}\n", "robot.yaml");
        Ros1TransportSettings t = Ros1Wiring.topics(c.ros1);
        assertThat(t.obstacleTopic()).isEmpty();
        assertThat(t.scanTopic()).isEqualTo("/front/scan");
        assertThat(t.scan().mountXM()).isEqualTo(0.2);
        assertThat(t.cmdVelTopic()).isEmpty();
        assertThat(t.wheelsTopic()).isEqualTo("/diff/command");
        assertThat(t.wheelsType()).isEqualTo(Ros1TransportSettings.WheelMessage.JOINT_STATE);
        assertThat(t.leftWheelJoint()).isEqualTo("l");
    }

    @Test
    void bad_ros1_values_name_the_file_and_key() {
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  master_uri: tcp://x:1\n", "robot.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("robot.yaml").hasMessageContaining("ros1.master_uri");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  cmd_vel_type: twist3d\n", "robot.yaml"))
                .hasMessageContaining("ros1.cmd_vel_type").hasMessageContaining("twist, twist_stamped");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  wheels_type: array\n", "robot.yaml"))
                .hasMessageContaining("ros1.wheels_type");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  topics: {odom: 'bad topic'}\n", "robot.yaml"))
                .hasMessageContaining("ros1.topics.odom");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  topics: {path: ''}\n", "robot.yaml"))
                .hasMessageContaining("ros1.topics.path");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  topics: {cmd_vel: '', wheels: ''}\n", "robot.yaml"))
                .hasMessageContaining("ros1.topics.cmd_vel").hasMessageContaining("ros1.topics.wheels");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  node_name: a\n  sim_node_name: a\n", "robot.yaml"))
                .hasMessageContaining("ros1.sim_node_name");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  max_message_bytes: 10\n", "robot.yaml"))
                .hasMessageContaining("ros1.max_message_bytes");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  scan_obstacle: {max_radius_m: 0.01}\n", "robot.yaml"))
                .hasMessageContaining("ros1.scan_obstacle.max_radius_m");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  topicz: {}\n", "robot.yaml"))
                .hasMessageContaining("unknown key 'ros1.topicz'");
    }

    @Test
    void the_estop_release_topic_is_a_ros_name_of_its_own_and_required_in_release_topic_mode() {
        RuntimeConfig c = ConfigLoader.parse("transport: {kind: ros1}\nsafety: {estop: {release: release_topic}}\n"
                + "ros1:\n  topics: {estop: /base/estop, estop_release: /base/estop_reset}\n", "robot.yaml");
        assertThat(Ros1Wiring.topics(c.ros1).estopReleaseTopic()).isEqualTo("/base/estop_reset");
        assertThat(Ros1Wiring.topics(ConfigLoader.parse("transport: {kind: ros1}\n", "robot.yaml").ros1).estopReleaseTopic())
                .isEqualTo("/estop_release");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  topics: {estop_release: 'estop release'}\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("robot.yaml").hasMessageContaining("ros1.topics.estop_release");
        assertThatThrownBy(() -> ConfigLoader.parse("ros1:\n  topics: {estop: /estop, estop_release: /estop}\n", "robot.yaml"))
                .hasMessageContaining("ros1.topics.estop").hasMessageContaining("ros1.topics.estop_release");
        assertThatThrownBy(() -> ConfigLoader.parse("transport: {kind: ros1}\nsafety: {estop: {release: release_topic}}\n"
                + "ros1:\n  topics: {estop_release: ''}\n", "robot.yaml"))
                .hasMessageContaining("safety.estop.release").hasMessageContaining("ros1.topics.estop_release");
        // same-source release needs no release topic: it may be off
        RuntimeConfig off = ConfigLoader.parse("transport: {kind: ros1}\nros1:\n  topics: {estop_release: ''}\n", "robot.yaml");
        assertThat(Ros1Wiring.topics(off.ros1).estopReleaseTopic()).isEmpty();
    }

    @Test
    void an_obstacle_required_without_any_obstacle_topic_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.parse("transport: {kind: ros1}\nros1:\n  topics: {obstacle: '', scan: ''}\n", "robot.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("safety.obstacle_required");
        RuntimeConfig ok = ConfigLoader.parse("transport: {kind: ros1}\nsafety: {obstacle_required: false}\n"
                + "ros1:\n  topics: {obstacle: '', scan: ''}\n", "robot.yaml");
        assertThat(Ros1Wiring.topics(ok.ros1).obstacleTopic()).isEmpty();
    }
}
