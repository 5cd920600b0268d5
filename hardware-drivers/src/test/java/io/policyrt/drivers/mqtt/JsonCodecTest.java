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

    @Test
    void estop_source_is_read_written_and_absent_means_the_topic() {
        EStopSignal e = new EStopSignal().set(1, false, "stale");
        assertThat(codec.decodeEStop(utf8("{\"stamp_ns\":5,\"engaged\":true}"), h, e)).isEqualTo(Reject.NONE);
        assertThat(e.source()).as("no source field: the transport's sender (the topic) applies").isNull();
        assertThat(codec.decodeEStop(utf8("{\"stamp_ns\":5,\"engaged\":true,\"source\":\"pendant-1\"}"), h, e)).isEqualTo(Reject.NONE);
        assertThat(e.source()).isEqualTo("pendant-1");
        assertThat(e.engaged()).isTrue();
        // Encoded only when set, escaped where JSON needs it, and read back as sent.
        assertThat(new String(codec.encodeEStop(1, new EStopSignal().set(5, true)), java.nio.charset.StandardCharsets.US_ASCII))
                .doesNotContain("source");
        String odd = "plc \"A\" \\ 2";
        byte[] json = codec.encodeEStop(2, new EStopSignal().set(5, false, odd));
        assertThat(codec.decodeEStop(json, h, e)).isEqualTo(Reject.NONE);
        assertThat(e.source()).isEqualTo(odd);
        assertThat(e.engaged()).isFalse();
        String longest = "s".repeat(JsonLayout.MAX_NAME_CHARS);
        assertThat(codec.decodeEStop(codec.encodeEStop(3, new EStopSignal().set(5, true, longest)), h, e)).isEqualTo(Reject.NONE);
        assertThat(e.source()).isEqualTo(longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // 65 characters: longer than a source may be
            "{\"stamp_ns\":5,\"engaged\":true,\"source\":\"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\"}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":\"\"}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":null}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":7}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":[\"a\"]}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":\"a\\nb\"}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":\"caf\u00e9\"}",
            "{\"stamp_ns\":5,\"engaged\":false,\"source\":\"a\",\"source\":\"b\"}"})
    void estop_with_a_bad_source_is_malformed(String json) {
        // On the e-stop topic a refused message counts as an engage: a bad source never releases.
        assertThat(codec.decodeEStop(utf8(json), h, new EStopSignal())).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void estop_source_that_would_not_decode_is_refused_by_the_encoder_and_binary_carries_none() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.encodeEStop(1, new EStopSignal().set(5, true, "x".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.encodeEStop(1, new EStopSignal().set(5, true, "")))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BinaryCodec.INSTANCE.encodeEStop(1, new EStopSignal().set(5, true, "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        EStopSignal e = new EStopSignal().set(1, false, "stale");
        assertThat(BinaryCodec.INSTANCE.decodeEStop(BinaryCodec.INSTANCE.encodeEStop(1, new EStopSignal().set(5, true)), h, e))
                .isEqualTo(Reject.NONE);
        assertThat(e.source()).as("binary: the topic is the sender").isNull();
    }

    @Test
    void decoding_an_estop_with_a_source_costs_a_few_hundred_bytes_more_per_message() {
        byte[] named = utf8("{\"stamp_ns\":5,\"engaged\":true,\"source\":\"pendant-1\"}");
        byte[] plain = utf8("{\"stamp_ns\":5,\"engaged\":true}");
        EStopSignal e = new EStopSignal();
        for (int i = 0; i < 20_000; i++) { // warm-up
            codec.decodeEStop(named, h, e);
            codec.decodeEStop(plain, h, e);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000; i++) {
            codec.decodeEStop(plain, h, e);
        }
        long plainBytes = mx.getThreadAllocatedBytes(id) - before;
        before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000; i++) {
            codec.decodeEStop(named, h, e);
        }
        long namedBytes = mx.getThreadAllocatedBytes(id) - before;
        // The source is one String per message plus the parser's work to read it (measured here:
        // about 300 bytes), on top of what the decoder already spends; e-stop messages are rare.
        assertThat(namedBytes - plainBytes).isLessThan(1_000 * 512L);
    }
}
