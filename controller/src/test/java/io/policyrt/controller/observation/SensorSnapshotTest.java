package io.policyrt.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.port.SensorSlots;
import org.junit.jupiter.api.Test;

class SensorSnapshotTest {
    private final SensorSlots slots = new SensorSlots(16);
    private final SensorSnapshot snapshot = new SensorSnapshot(slots);

    @Test
    void capture_says_which_inputs_are_new_and_the_newest_stamp() {
        snapshot.capture();
        assertThat(snapshot.hasOdometry()).isFalse();
        assertThat(snapshot.newOdometry()).isFalse();

        slots.odometry().write(new Odometry().set(100, 0, 0, 0, 0, 0));
        slots.obstacle().write(new ObstacleTrack().setNone(250));
        slots.estop().write(new EStopSignal().set(50, true), "button");
        snapshot.capture();
        assertThat(snapshot.newOdometry()).isTrue();
        assertThat(snapshot.estopEngages()).isEqualTo(1);
        assertThat(snapshot.estopLatched()).isTrue();
        assertThat(snapshot.newestInputStampNanos()).isEqualTo(250);

        snapshot.capture();
        assertThat(snapshot.newOdometry()).isFalse();
        assertThat(snapshot.estopEngages()).isEqualTo(1);
        assertThat(snapshot.hasOdometry()).isTrue();
    }
}
