package io.policyrt.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.controller.telemetry.TickTap;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.SentCommand;
import io.policyrt.controller.testing.TestSpecs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tick tap sees every tick once, after the command left, with what the tick saw and did. */
class ControlTickTapTest {
    private final ControlTickFixture f = ControlTickFixture.create();
    private final List<TickRecord> seen = new ArrayList<>();

    ControlTickTapTest() {
        f.policy.returning(TestSpecs.normalized(0.5, TestSpecs.V_LOW_MPS, TestSpecs.V_HIGH_MPS), 0.25f);
        f.tick.tap(r -> {
            TickRecord copy = r.newOfSameShape();
            copy.copyFrom(r);
            seen.add(copy);
        });
    }

    @Test
    void the_tap_is_called_once_per_tick_with_the_inputs_the_observation_the_action_and_the_command() {
        f.publishRobotOnStraightPath();
        f.publishObstacleStamped(f.now(), ObstacleTrack.Frame.WORLD, 5, 1, 0, -0.5, 0.3);
        SentCommand first = f.tick();
        SentCommand second = f.tickWithFreshOdometry(1.01, 0, 0);

        assertThat(seen).hasSize(2);
        TickRecord r = seen.get(1);
        assertThat(r.tickIndex).isEqualTo(1);
        assertThat(r.controllerNanos).isEqualTo(f.now());
        assertThat(r.hasOdometry).isTrue();
        assertThat(r.newOdometry).isTrue();
        assertThat(r.odometryXM).isEqualTo(1.01);
        assertThat(r.odometryStampNanos).isEqualTo(f.now());
        assertThat(r.hasObstacle).isTrue();
        assertThat(r.obstaclePresent).isTrue();
        assertThat(r.obstacleRobotFrame).isFalse();
        assertThat(r.obstacleXM).isEqualTo(5);
        assertThat(r.obstacleVyMps).isEqualTo(-0.5);
        assertThat(r.obstacleRadiusM).isEqualTo(0.3);
        // The 20 m path of 0.1 m steps: 201 points, 20 m long, target 0.5 m/s.
        assertThat(r.hasPath).isTrue();
        assertThat(r.pathPoints).isEqualTo(201);
        assertThat(r.pathLengthM).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.pathTargetSpeedMps).isEqualTo(0.5);
        assertThat(r.estopLatched).isFalse();

        assertThat(r.observed).isTrue();
        assertThat(r.observation).containsExactly(f.tick.lastObservation());
        for (int i = 0; i < r.featureRaw.length; i++) {
            assertThat(r.featureRaw[i]).isEqualTo(f.observationBuilder.raw(i));
        }
        assertThat(r.acted).isTrue();
        assertThat(r.action).containsExactly(f.tick.lastAction());
        assertThat(r.stopReason).isEqualTo(StopReason.NONE);
        assertThat(r.commandVMps).isEqualTo(second.vMps());
        assertThat(r.commandLeftRadps).isEqualTo(second.leftRadps());
        assertThat(r.commandRightRadps).isEqualTo(second.rightRadps());
        assertThat(r.featureNames).isEqualTo(f.policy.spec().featureNames());
        assertThat(r.tickNanos).isGreaterThanOrEqualTo(r.readNanos + r.inferNanos + r.actNanos + r.writeNanos);
        assertThat(seen.get(0).commandVMps).isEqualTo(first.vMps());
    }

    @Test
    void a_stopped_tick_is_recorded_with_its_reason_and_without_an_observation() {
        f.publishStraightPath(0, 20, 0.5); // no odometry yet
        f.tick();
        TickRecord r = seen.get(0);
        assertThat(r.stopReason).isEqualTo(StopReason.NO_ODOMETRY);
        assertThat(r.hasOdometry).isFalse();
        assertThat(r.observed).isFalse();
        assertThat(r.acted).isFalse();
        assertThat(r.commandVMps).isZero();
    }

    @Test
    void a_throwing_tap_is_counted_and_the_tick_goes_on() {
        f.tick.tap(r -> {
            throw new IllegalStateException("broken tap");
        });
        f.publishRobotOnStraightPath();
        f.tick();
        f.tickWithFreshOdometry(1, 0, 0);
        assertThat(f.tick.tapFailures()).isEqualTo(2);
        assertThat(f.tick.tickCount()).isEqualTo(2);
        assertThat(f.sink.last().reason()).isEqualTo(StopReason.NONE);
    }

    @Test
    void without_a_tap_nothing_is_called() {
        f.tick.tap(null);
        f.publishRobotOnStraightPath();
        f.tick();
        assertThat(seen).isEmpty();
    }

    @Test
    void an_added_tap_shares_the_slot_and_both_see_every_tick_in_the_order_attached() {
        List<String> order = new ArrayList<>();
        f.tick.tap(r -> order.add("recorder " + r.tickIndex));
        f.tick.addTap(r -> order.add("metrics " + r.tickIndex));
        f.publishRobotOnStraightPath();
        f.tick();
        f.tick();
        assertThat(order).containsExactly("recorder 0", "metrics 0", "recorder 1", "metrics 1");
    }

    @Test
    void taps_sharing_the_slot_both_see_the_path_change() {
        List<String> order = new ArrayList<>();
        f.tick.tap(pathTap("recorder", order));
        f.tick.addTap(pathTap("metrics", order));
        f.publishRobotOnStraightPath();
        f.tick();
        f.tick();
        assertThat(order).containsExactly("recorder path 0", "metrics path 0");
    }

    private static TickTap pathTap(String name, List<String> order) {
        return new TickTap() {
            @Override
            public void onTick(TickRecord record) {
            }

            @Override
            public void onPathChange(io.policyrt.controller.domain.PathReference path, long tickIndex,
                                     long controllerNanos, long monotonicNanos) {
                order.add(name + " path " + tickIndex);
            }
        };
    }

    @Test
    void adding_a_tap_to_an_empty_slot_attaches_it_alone_and_null_adds_nothing() {
        TickTap only = r -> { };
        assertThat(TickTap.both(null, only)).isSameAs(only);
        assertThat(TickTap.both(only, null)).isSameAs(only);
        f.tick.tap(null);
        f.tick.addTap(r -> seen.add(r));
        f.publishRobotOnStraightPath();
        f.tick();
        assertThat(seen).hasSize(1);
    }
}
