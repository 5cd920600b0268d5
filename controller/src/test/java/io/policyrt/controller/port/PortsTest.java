package io.policyrt.controller.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void slots_are_found_by_their_configuration_names() {
        SensorSlots slots = new SensorSlots(8);
        assertThat(slots.byName("odometry")).isSameAs(slots.odometry());
        assertThat(slots.byName("obstacle")).isSameAs(slots.obstacle());
        assertThat(slots.byName("path")).isSameAs(slots.path());
        assertThatThrownBy(() -> slots.byName("estop")).as("an e-stop cannot trigger a tick").hasMessageContaining("allowed");
        assertThatThrownBy(() -> slots.byName("imu")).hasMessageContaining("imu").hasMessageContaining("allowed");
        assertThat(slots.path().latest().capacity()).isEqualTo(8);
    }

    @Test
    void the_in_process_sink_hands_over_a_copy_of_each_command() {
        InProcessCommandSink sink = new InProcessCommandSink();
        WheelCommand wheels = new WheelCommand().set(5, 1.5, -1.5);
        VelocityCommand velocity = new VelocityCommand().set(5, 0.0, 1.0);

        sink.send(wheels, velocity);
        wheels.set(6, 0, 0); // the controller reuses its objects

        assertThat(sink.sentCount()).isEqualTo(1);
        assertThat(sink.wheels().refresh()).isTrue();
        assertThat(sink.wheels().latest().leftRadps()).isEqualTo(1.5);
        assertThat(sink.wheels().latest().stampNanos()).isEqualTo(5);
        assertThat(sink.velocity().refresh()).isTrue();
        assertThat(sink.velocity().latest().wRadps()).isEqualTo(1.0);
    }

    @Test
    void the_in_process_source_hands_out_the_slots_while_started() {
        InProcessSensorSource source = new InProcessSensorSource();
        SensorSlots slots = new SensorSlots(8);
        assertThat(source.slots()).isNull();

        source.start(slots);
        assertThat(source.slots()).isSameAs(slots);
        source.close();
        assertThat(source.slots()).isNull();
    }
}
