package io.policyrt.ros1.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ros1NodeSettingsTest {
    private static final Map<String, String> ENV = Map.of("ROS_MASTER_URI", "http://master.env:11311/", "ROS_IP", "10.0.0.7",
            "ROS_HOSTNAME", "robot.env");

    @Test
    void configuration_overrides_the_environment() {
        Ros1NodeSettings s = Ros1NodeSettings.resolve("ctrl", "http://127.0.0.1:12345/", "127.0.0.1", ENV);
        assertThat(s.masterUri()).isEqualTo(URI.create("http://127.0.0.1:12345/"));
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.nodeName()).isEqualTo("/ctrl");
    }

    @Test
    void the_environment_fills_what_the_configuration_leaves_unset_and_ros_ip_beats_ros_hostname() {
        Ros1NodeSettings s = Ros1NodeSettings.resolve("/ctrl", null, null, ENV);
        assertThat(s.masterUri()).isEqualTo(URI.create("http://master.env:11311/"));
        assertThat(s.host()).isEqualTo("10.0.0.7");
        assertThat(Ros1NodeSettings.resolve("ctrl", null, null, Map.of("ROS_HOSTNAME", "robot.env")).host()).isEqualTo("robot.env");
    }

    @Test
    void without_configuration_or_environment_the_ros_defaults_apply() {
        Ros1NodeSettings s = Ros1NodeSettings.resolve("ctrl", null, null, Map.of());
        assertThat(s.masterUri()).isEqualTo(URI.create("http://localhost:11311/"));
        assertThat(s.host()).isNotBlank();
    }

    @Test
    void a_bad_master_uri_or_node_name_is_refused_with_the_value() {
        assertThatThrownBy(() -> Ros1NodeSettings.resolve("ctrl", "tcp://x:1", "h", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp://x:1");
        assertThatThrownBy(() -> Ros1NodeSettings.resolve("9ctrl", null, "h", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9ctrl");
    }

    @Test
    void names_resolve_in_the_global_namespace() {
        assertThat(GraphNames.resolve("odom", "/ctrl")).isEqualTo("/odom");
        assertThat(GraphNames.resolve("/robot/odom", "/ctrl")).isEqualTo("/robot/odom");
        assertThat(GraphNames.resolve("~status", "/ctrl")).isEqualTo("/ctrl/status");
        assertThatThrownBy(() -> GraphNames.resolve("bad name", "/ctrl")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphNames.resolve("a//b", "/ctrl")).isInstanceOf(IllegalArgumentException.class);
    }
}
