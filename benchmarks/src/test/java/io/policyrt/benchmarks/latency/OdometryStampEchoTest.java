package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import org.junit.jupiter.api.Test;

/** The ROS 1 leg's sink adapter puts the odometry stamp into the command's stamp and changes nothing else. */
class OdometryStampEchoTest {
    private static final class Recording implements CommandSink {
        final VelocityCommand velocity = new VelocityCommand();
        final WheelCommand wheels = new WheelCommand();
        boolean closed;

        @Override
        public void send(WheelCommand w, VelocityCommand v) {
            wheels.copyFrom(w);
            velocity.copyFrom(v);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void the_forwarded_command_is_stamped_with_its_odometry() {
        Recording sink = new Recording();
        OdometryStampEcho echo = new OdometryStampEcho(sink);
        VelocityCommand v = new VelocityCommand().set(5_000_000_000L, 0.42, -0.3).setOdometryStampNanos(4_990_000_000L);
        WheelCommand w = new WheelCommand();

        echo.send(w, v);

        assertThat(sink.velocity.stampNanos()).isEqualTo(4_990_000_000L);
        assertThat(sink.velocity.odometryStampNanos()).isEqualTo(4_990_000_000L);
        assertThat(sink.velocity.vMps()).isEqualTo(0.42);
        assertThat(sink.velocity.wRadps()).isEqualTo(-0.3);
        assertThat(v.stampNanos()).as("the controller's own command is left alone").isEqualTo(5_000_000_000L);
    }

    @Test
    void a_stop_before_any_odometry_carries_no_stamp_and_close_reaches_the_sink() {
        Recording sink = new Recording();
        OdometryStampEcho echo = new OdometryStampEcho(sink);

        echo.send(new WheelCommand(), new VelocityCommand().set(1_000L, 0, 0));
        echo.close();

        // stamp 0: the driver counts it as a command without echo instead of timing it
        assertThat(sink.velocity.stampNanos()).isZero();
        assertThat(sink.closed).isTrue();
    }
}
