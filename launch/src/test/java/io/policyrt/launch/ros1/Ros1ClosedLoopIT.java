package io.policyrt.launch.ros1;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import io.policyrt.drivers.ros1.transport.Ros1Inbound;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.ros1.Ros1SimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole episodes over a real rosmaster: the simulated robot and the controller as two ROS 1
 * nodes (in one JVM, each with its own slave API and TCPROS server), wired exactly as
 * {@code policyrt sim serve --transport ros1} and {@code policyrt run} wire them.
 */
class Ros1ClosedLoopIT {
    private static final Duration EPISODE_BOUND = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** The in-process reference: the same scenario and policy in lock-step, no transport. */
    static EpisodeMetrics inProcess() {
        return LockStepRunner.defaults().run(Scenario.standard(ReferencePaths.Shape.STRAIGHT, Scenario.Encounter.CROSSING, 3),
                new PurePursuitPolicy(), 20_000_000L, 3, (sim, tick) -> { });
    }

    /** The straight path with a pedestrian crossing, at the expert's 20 ms period, over {@code masterUri}. */
    static RuntimeConfig config(String masterUri) {
        RuntimeConfig c = new RuntimeConfig();
        c.transport.kind = "ros1";
        c.policy.file = "expert";
        c.ros1.masterUri = masterUri;
        c.ros1.host = "127.0.0.1";
        c.sim.path = "straight";
        c.sim.encounter = "crossing";
        c.sim.seed = 3;
        ConfigLoader.validate(c, "test");
        return c;
    }

    @Test
    void closed_loop_episode_over_rosmaster_meets_the_in_process_thresholds_and_rostopic_sees_cmd_vel() throws Exception {
        EpisodeMetrics reference = inProcess();
        assertThat(reference.success()).as("in-process reference " + reference).isTrue();
        try (RosMaster master = RosMaster.start(dir.resolve("master"))) {
            RuntimeConfig c = config(master.uri());
            Ros1Node robotNode = Ros1Node.start(Ros1Wiring.node(c.ros1, c.ros1.simNodeName, Map.of()));
            Policy policy = new PurePursuitPolicy();
            Ros1SimServer sim = Ros1SimWiring.create(c, robotNode, policy.spec().robotRadiusM());
            Ros1ControllerRuntime controller = new Ros1ControllerRuntime(c, policy, Ros1Wiring.node(c.ros1, c.ros1.nodeName, Map.of()));
            try (RosPeer echo = RosPeer.rostopic(master, dir, "echo", "/cmd_vel")) {
                sim.start();
                controller.start();
                Eventually.until("the controller's first command reaches the robot", sim::commanded);
                sim.beginEpisode();
                // rostopic, a third node, sees the commands as geometry_msgs/Twist; then it goes,
                // so that its printing does not compete for the shared cores during the episode
                assertThat(echo.awaitLine(l -> l.trim().startsWith("x:"), Duration.ofSeconds(30))).contains("x:");
                echo.close();
                Eventually.until("the episode ends", EPISODE_BOUND, sim::episodeOver);

                EpisodeMetrics m = sim.metrics();
                System.out.println("in-process lock-step reference: " + reference);
                // As the MQTT closed loop: done, no collision, clear of the pedestrian; tracking as
                // good as in-process within what a millisecond or two of transport delay and the
                // real-time sensor sampling may cost.
                assertThat(m.completed()).as(m.toString()).isTrue();
                assertThat(m.collided()).as(m.toString()).isFalse();
                assertThat(m.minClearanceM()).as(m.toString()).isGreaterThan(0.05);
                assertThat(m.lateralRmseM()).as("ROS 1 %s vs in-process %s", m, reference).isLessThan(reference.lateralRmseM() + 0.03);
                assertThat(m.headingRmseRad()).as("ROS 1 %s vs in-process %s", m, reference)
                        .isLessThan(reference.headingRmseRad() + 0.05);
                assertThat(m.meanSpeedErrorMps()).as("ROS 1 %s vs in-process %s", m, reference)
                        .isLessThan(reference.meanSpeedErrorMps() + 0.03);
                Ros1Inbound<?> odom = controller.source().odometry();
                Histogram sensor = odom.latency().snapshot();
                System.out.printf("closed loop over rosmaster: %s%n  sensor stamp->conversion p50=%.0fus p99=%.0fus, stale-odometry ticks %d%n",
                        m, sensor.getValueAtPercentile(50) / 1e3, sensor.getValueAtPercentile(99) / 1e3,
                        controller.controller().governor().stopTicks(StopReason.STALE_ODOMETRY));
                assertThat(odom.rejectedTotal()).isZero();
                assertThat(odom.accepted()).isGreaterThan(1000); // 50 Hz for > 24 s
                assertThat(controller.source().inbound()).allSatisfy(t -> assertThat(t.rejected(Reject.OUT_OF_ORDER)).isZero());
                // As the MQTT closed loop: a working link never lets odometry go stale for long; on a
                // heavily loaded shared machine a message can be scheduled past the 100 ms timeout
                // now and then, so allow up to 1 % of the episode's ~1250 ticks, which a broken or
                // lagging link exceeds by far.
                assertThat(controller.controller().governor().stopTicks(StopReason.STALE_ODOMETRY)).isLessThanOrEqualTo(12);
            } finally {
                controller.close();
                sim.close();
                robotNode.shutdown();
            }
        }
    }
}
