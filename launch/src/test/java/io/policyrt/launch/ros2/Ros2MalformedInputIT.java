package io.policyrt.launch.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.drivers.ros2.Ros2Link;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros2.testing.CyclonePeer;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.sim.expert.PurePursuitPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The controller as {@code policyrt run} wires it, fed by a Cyclone DDS peer that sends what a
 * broken driver can send within the types: NaN and infinite odometry, stamps from 1970, paths
 * above the bound. Every command the peer receives must be finite, bad samples must be refused
 * and counted, and once good odometry stops the robot must be commanded to a stop.
 */
class Ros2MalformedInputIT {
    @Test
    void malformed_samples_from_a_cyclone_driver_give_a_safe_stop_and_never_a_non_finite_command() throws Exception {
        int domain = ThreadLocalRandom.current().nextInt(20, 200);
        RuntimeConfig c = new RuntimeConfig();
        c.transport.kind = "ros2";
        c.policy.file = "expert";
        c.ros2.domainId = domain;
        c.ros2.localhostOnly = true;
        c.ros2.obstacleSource = "none";
        c.safety.obstacleRequired = false;
        c.run.stopAtPathEnd = false;
        ConfigLoader.validate(c, "test");
        try (CyclonePeer peer = CyclonePeer.start(domain);
             ControllerRuntime rt = ControllerRuntime.open(c, new PurePursuitPolicy(), null, "test")) {
            peer.send("sub twist /cmd_vel rel vol");
            peer.send("sub wheels /wheel_commands rel vol");
            peer.send("pub odom /odom be vol");
            peer.send("pub path /path rel tl");
            peer.send("path /path " + stamp() + " 400");
            rt.start();
            Ros2Link link = (Ros2Link) rt.link();
            Eventually.until("the peer's writers and readers match", Duration.ofSeconds(30),
                    () -> link.participant().subscriptionMatches(link.topics().odometry()) == 1
                            && link.participant().publicationMatches(link.topics().velocityCommand()) >= 1);
            Eventually.until("the robot is commanded to drive", () -> {
                send(peer, "odom /odom " + stamp() + " 0.5 0 0 0.3 0");
                sleepMs(20);
                return rt.tick().governor().currentReason() == StopReason.NONE && lastTwistV(peer) > 0.05;
            });
            // What a broken driver sends, in between good samples.
            for (int i = 0; i < 20; i++) {
                send(peer, "odom /odom " + stamp() + " 0.5 0 0 0.3 0");
                send(peer, "odom /odom " + stamp() + " nan 0 0 0.3 0");
                send(peer, "odom /odom " + stamp() + " 0.5 0 0 inf 0");
                send(peer, "odom /odom " + stamp() + " 0.5 -inf 0 0.3 nan");
                send(peer, "odom /odom 1 0 0.5 0 0 0.3 0");
                sleepMs(20);
            }
            send(peer, "path /path " + stamp() + " 5000");   // above ros2.path_max_poses (4096)
            InboundChannel<?, ?> odom = link.channels().get(0);
            InboundChannel<?, ?> path = link.channel("/path");
            Eventually.until("the bad odometry and the long path are refused", () -> odom.rejected(Reject.NON_FINITE) >= 50
                    && odom.rejected(Reject.OUT_OF_ORDER) >= 15 && path.rejected(Reject.OVERSIZED) == 1);
            // Good odometry stops: it goes stale and the controller commands zero.
            Eventually.until("the controller stops on stale odometry",
                    () -> rt.tick().governor().currentReason() == StopReason.STALE_ODOMETRY);
            Eventually.until("the peer receives a zero command", () -> lastTwistV(peer) == 0.0);
            List<String> commands = peer.samples();
            assertThat(commands).isNotEmpty();
            for (String line : commands) {
                String[] f = line.split(" ");
                for (int i = line.startsWith("wheels") ? 3 : 2; i < f.length; i++) {
                    assertThat(Double.isFinite(Double.parseDouble(f[i]))).as(line).isTrue();
                }
            }
            assertThat(path.accepted()).isEqualTo(1);
            System.out.println("refused: /odom " + odom.countsJson() + ", /path " + path.countsJson() + "; commands seen by the peer: "
                    + commands.size());
        }
    }

    private static double lastTwistV(CyclonePeer peer) {
        String l = peer.lastSample(s -> s.startsWith("twist"));
        return l == null ? Double.NaN : Double.parseDouble(l.split(" ")[2]);
    }

    private static String stamp() {
        long now = SystemNanoClock.INSTANCE.nanoTime();
        return (now / 1_000_000_000L) + " " + (now % 1_000_000_000L);
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(CyclonePeer peer, String command) {
        try {
            peer.send(command);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
