package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.MessageHeader;
import static io.policyrt.drivers.mqtt.PayloadCodecTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON layout as hardware-drivers/README.md documents it, and every refusal. */
class JsonCodecTest {
    final JsonCodec codec = JsonCodec.INSTANCE;
    final MessageHeader h = new MessageHeader();

    @Test
    void documented_odometry_example_decodes_without_a_sequence_number() {
        String json = "{\"stamp_ns\": 1700000000000000000, \"x_m\": 1.5, \"y_m\": -2, \"yaw_rad\": 0.25,"
                + " \"v_mps\": 0.5, \"w_radps\": 0, \"frame_id\": \"odom\"}";
        Odometry o = new Odometry();
        assertThat(codec.decodeOdometry(utf8(json), h, o)).isEqualTo(Reject.NONE);
        assertThat(h.sequence()).isEqualTo(MessageHeader.NO_SEQUENCE);
        assertThat(o.stampNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(o.xM()).isEqualTo(1.5);
        assertThat(o.yM()).isEqualTo(-2);
    }

    @Test
    void documented_obstacle_path_estop_and_command_examples_decode() {
        ObstacleTrack o = new ObstacleTrack();
        assertThat(codec.decodeObstacle(utf8("{\"seq\":3,\"stamp_ns\":5,\"present\":false}"), h, o)).isEqualTo(Reject.NONE);
        assertThat(o.present()).isFalse();
        assertThat(codec.decodeObstacle(utf8("{\"stamp_ns\":5,\"frame\":\"robot\",\"x_m\":2,\"y_m\":0.5,\"vx_mps\":0,"
                + "\"vy_mps\":-0.3,\"radius_m\":0.25}"), h, o)).isEqualTo(Reject.NONE);
        assertThat(o.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
        assertThat(o.vyMps()).isEqualTo(-0.3);
        PathBuffer path = new PathBuffer(10);
        assertThat(codec.decodePath(utf8("{\"stamp_ns\":5,\"target_speed_mps\":0.5,\"x_m\":[0,1,2],\"y_m\":[0,0,0.5]}"), h, path))
                .isEqualTo(Reject.NONE);
        assertThat(path.count()).isEqualTo(3);
        EStopSignal e = new EStopSignal();
        assertThat(codec.decodeEStop(utf8("{\"stamp_ns\":5,\"engaged\":true}"), h, e)).isEqualTo(Reject.NONE);
        assertThat(e.engaged()).isTrue();
        WheelCommand w = new WheelCommand();
        assertThat(codec.decodeWheelCommand(utf8("{\"seq\":1,\"stamp_ns\":5,\"left_radps\":-1,\"right_radps\":2.5}"), h, w))
                .isEqualTo(Reject.NONE);
        assertThat(w.rightRadps()).isEqualTo(2.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "null", "[]", "42", "\"odom\"", "{", "{\"stamp_ns\":5", "{\"stamp_ns\":5,}", "{} {}", "{}x",
            // missing required fields
            "{}", "{\"stamp_ns\":5,\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1}",
            // wrong types
            "{\"stamp_ns\":\"5\",\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            "{\"stamp_ns\":5.5,\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            "{\"stamp_ns\":5,\"x_m\":true,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            "{\"stamp_ns\":5,\"x_m\":[1],\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            "{\"stamp_ns\":5,\"x_m\":null,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            // NaN literals are not JSON
            "{\"stamp_ns\":5,\"x_m\":NaN,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            "{\"stamp_ns\":5,\"x_m\":Infinity,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            // duplicate key, stamp beyond int64
            "{\"stamp_ns\":5,\"x_m\":1,\"x_m\":2,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            "{\"stamp_ns\":99999999999999999999,\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}",
            // deep nesting in an ignored field
            "{\"stamp_ns\":5,\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1,\"extra\":[[[[[1]]]]]}",
    })
    void malformed_odometry_is_refused_as_malformed(String json) {
        assertThat(codec.decodeOdometry(utf8(json), h, new Odometry())).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void overflowing_numbers_are_non_finite() {
        String json = "{\"stamp_ns\":5,\"x_m\":1e999,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}";
        assertThat(codec.decodeOdometry(utf8(json), h, new Odometry())).isEqualTo(Reject.NON_FINITE);
    }

    @Test
    void out_of_domain_values_are_invalid() {
        assertThat(codec.decodeOdometry(utf8("{\"stamp_ns\":0,\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}"), h,
                new Odometry())).isEqualTo(Reject.INVALID);
        assertThat(codec.decodeOdometry(utf8("{\"seq\":-2,\"stamp_ns\":5,\"x_m\":1,\"y_m\":1,\"yaw_rad\":1,\"v_mps\":1,\"w_radps\":1}"),
                h, new Odometry())).isEqualTo(Reject.INVALID);
        assertThat(codec.decodePath(utf8("{\"stamp_ns\":5,\"target_speed_mps\":0.5,\"x_m\":[0,1,2,3],\"y_m\":[0,0,0,0]}"), h,
                new PathBuffer(3))).as("more points than the capacity").isEqualTo(Reject.INVALID);
    }

    @Test
    void path_arrays_of_different_lengths_or_with_non_numbers_are_malformed() {
        assertThat(codec.decodePath(utf8("{\"stamp_ns\":5,\"target_speed_mps\":0.5,\"x_m\":[0,1,2],\"y_m\":[0,0]}"), h,
                new PathBuffer(3))).isEqualTo(Reject.MALFORMED);
        assertThat(codec.decodePath(utf8("{\"stamp_ns\":5,\"target_speed_mps\":0.5,\"x_m\":[0,\"1\"],\"y_m\":[0,0]}"), h,
                new PathBuffer(3))).isEqualTo(Reject.MALFORMED);
        assertThat(codec.decodePath(utf8("{\"stamp_ns\":5,\"target_speed_mps\":0.5,\"x_m\":[0,[1]],\"y_m\":[0,0]}"), h,
                new PathBuffer(3))).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void obstacle_frame_must_be_world_or_robot() {
        assertThat(codec.decodeObstacle(utf8("{\"stamp_ns\":5,\"frame\":\"map\",\"x_m\":2,\"y_m\":0.5,\"vx_mps\":0,"
                + "\"vy_mps\":0,\"radius_m\":0.25}"), h, new ObstacleTrack())).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void encoded_json_is_what_the_readme_shows() {
        String s = new String(codec.encodeWheelCommand(12, new WheelCommand().set(1_700_000_000_000_000_000L, -1.5, 2.0)),
                java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(s).isEqualTo("{\"seq\":12,\"stamp_ns\":1700000000000000000,\"left_radps\":-1.5,\"right_radps\":2.0}");
    }

    @Test
    void command_echoes_the_odometry_stamp_it_was_computed_from() {
        long odomStamp = 1_700_000_000_123_456_789L; // beyond a double's 53 bits: must survive exactly
        VelocityCommand sent = new VelocityCommand().set(1_700_000_000_200_000_000L, 0.5, -0.25).setOdometryStampNanos(odomStamp);
        byte[] json = codec.encodeVelocityCommand(3, sent);
        assertThat(new String(json, java.nio.charset.StandardCharsets.US_ASCII)).endsWith(",\"odom_stamp_ns\":1700000000123456789}");
        VelocityCommand got = new VelocityCommand();
        assertThat(codec.decodeVelocityCommand(json, h, got)).isEqualTo(Reject.NONE);
        assertThat(got.odometryStampNanos()).isEqualTo(odomStamp);
        WheelCommand wheels = new WheelCommand();
        assertThat(codec.decodeWheelCommand(codec.encodeWheelCommand(4, new WheelCommand().set(5, 1, 2).setOdometryStampNanos(4)), h, wheels))
                .isEqualTo(Reject.NONE);
        assertThat(wheels.odometryStampNanos()).isEqualTo(4);
    }

    @Test
    void command_without_odometry_stamp_decodes_with_none_and_a_reused_object_forgets_the_old_one() {
        WheelCommand w = new WheelCommand().set(1, 0, 0).setOdometryStampNanos(99);
        assertThat(codec.decodeWheelCommand(utf8("{\"stamp_ns\":5,\"left_radps\":1,\"right_radps\":2}"), h, w)).isEqualTo(Reject.NONE);
        assertThat(w.odometryStampNanos()).isZero();
    }

    @Test
    void negative_or_fractional_odometry_stamp_is_refused() {
        assertThat(codec.decodeVelocityCommand(utf8("{\"stamp_ns\":5,\"v_mps\":1,\"w_radps\":2,\"odom_stamp_ns\":-1}"), h,
                new VelocityCommand())).isEqualTo(Reject.INVALID);
        assertThat(codec.decodeVelocityCommand(utf8("{\"stamp_ns\":5,\"v_mps\":1,\"w_radps\":2,\"odom_stamp_ns\":1.5}"), h,
                new VelocityCommand())).isEqualTo(Reject.MALFORMED);
    }
}
