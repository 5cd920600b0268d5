package io.policyrt.drivers.ros1.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.mqtt.Reject;
import io.policyrt.drivers.ros1.msg.geometry_msgs.PoseStamped;
import io.policyrt.drivers.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.drivers.ros1.msg.nav_msgs.Odometry;
import io.policyrt.drivers.ros1.msg.nav_msgs.Path;
import io.policyrt.drivers.ros1.msg.sensor_msgs.JointState;
import io.policyrt.drivers.ros1.msg.sensor_msgs.LaserScan;
import io.policyrt.drivers.ros1.node.Ros1Node;
import io.policyrt.drivers.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.ros1.tcpros.TopicPublisher;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ROS 1 sensor source and command sink against a real master, Java publishers and rostopic. */
class Ros1TransportIT {
    @TempDir
    java.nio.file.Path dir;

    private static Ros1Node node(RosMaster master, String name) throws Exception {
        return Ros1Node.start(Ros1NodeSettings.resolve(name, master.uri(), "127.0.0.1", Map.of()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Path path(int poses, long stampNanos) {
        Path p = new Path();
        p.header.stamp.setNanos(stampNanos);
        p.poses = new PoseStamped[poses];
        for (int i = 0; i < poses; i++) {
            p.poses[i] = new PoseStamped();
            p.poses[i].pose.position.x = i;
            p.poses[i].pose.orientation.w = 1;
        }
        return p;
    }

    @Test
    void sensors_arrive_in_the_slots_and_bad_ones_are_counted() throws Exception {
        Ros1TransportSettings topics = new Ros1TransportSettings("/odom", "", "/scan", Ros1TransportSettings.defaultScan(), "/path", 0.7,
                "/estop", "/cmd_vel", Ros1TransportSettings.VelocityMessage.TWIST, "", Ros1TransportSettings.WheelMessage.FLOAT64_MULTI_ARRAY,
                "l", "r", "base_link");
        try (RosMaster master = RosMaster.start(dir.resolve("master"))) {
            Ros1Node controller = node(master, "controller");
            Ros1Node robot = node(master, "robot");
            try {
                SensorSlots slots = new SensorSlots();
                SystemNanoClock clock = SystemNanoClock.INSTANCE;
                Ros1SensorSource source = new Ros1SensorSource(controller, topics, clock, 500_000_000L);
                source.start(slots);
                TopicPublisher<Odometry> odom = robot.advertise("/odom", Odometry.TYPE, false);
                TopicPublisher<LaserScan> scan = robot.advertise("/scan", LaserScan.TYPE, false);
                TopicPublisher<Path> path = robot.advertise("/path", Path.TYPE, true);
                await("publishers connected", () -> odom.subscriberCount() == 1 && scan.subscriberCount() == 1
                        && path.subscriberCount() == 1);

                Odometry o = new Odometry();
                o.header.stamp.setNanos(clock.nanoTime());
                o.pose.pose.position.x = 1.5;
                o.pose.pose.orientation.z = Math.sin(0.25); // yaw 0.5 rad
                o.pose.pose.orientation.w = Math.cos(0.25);
                o.twist.twist.linear.x = 0.4;
                odom.publish(o);
                await("odometry", () -> slots.odometry().refresh());
                assertThat(slots.odometry().latest().xM()).isEqualTo(1.5);
                assertThat(slots.odometry().latest().yawRad()).isCloseTo(0.5, within(1e-9));
                assertThat(slots.odometry().latest().vMps()).isEqualTo(0.4);
                odom.publish(o); // the same stamp again
                await("duplicate counted", () -> source.odometry().rejected(Reject.DUPLICATE) == 1);

                // one return 2 m straight ahead: an obstacle of the minimum radius just behind it, in the robot frame
                LaserScan s = new LaserScan();
                s.header.stamp.setNanos(clock.nanoTime());
                s.angle_min = -0.1f;
                s.angle_increment = 0.1f;
                s.range_min = 0.1f;
                s.range_max = 30f;
                s.ranges = new float[] {Float.POSITIVE_INFINITY, 2.0f, Float.POSITIVE_INFINITY};
                scan.publish(s);
                await("scan obstacle", () -> slots.obstacle().refresh());
                ObstacleTrack t = slots.obstacle().latest();
                assertThat(t.present()).isTrue();
                assertThat(t.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
                assertThat(t.xM()).isCloseTo(2.05, within(1e-6));
                assertThat(t.yM()).isCloseTo(0, within(1e-6));

                path.publish(path(1, clock.nanoTime())); // one pose: not a path
                await("short path refused", () -> source.inbound().stream().anyMatch(i -> i.topic().equals("/path")
                        && i.rejected(Reject.INVALID) == 1));
                path.publish(path(5, clock.nanoTime()));
                await("path", () -> slots.path().refresh());
                assertThat(slots.path().latest().count()).isEqualTo(5);
                assertThat(slots.path().latest().targetSpeedMps()).isEqualTo(0.7);

                // rostopic as the e-stop button
                try (RosPeer button = RosPeer.rostopic(master, dir, "pub", "-r", "10", "/estop", "std_msgs/Bool", "data: true")) {
                    await("e-stop engaged", () -> slots.estop().refresh() && slots.estop().latest().engaged());
                }
                source.close();
                assertThat(controller.master().getSystemState().subscribers()).doesNotContainKey("/odom");
            } finally {
                robot.shutdown();
                controller.shutdown();
            }
        }
    }

    @Test
    void commands_go_out_as_twist_stamped_and_joint_state() throws Exception {
        Ros1TransportSettings topics = new Ros1TransportSettings("/odom", "/obstacle", "", Ros1TransportSettings.defaultScan(), "/path",
                0.5, "", "/cmd_vel", Ros1TransportSettings.VelocityMessage.TWIST_STAMPED, "/joint_commands",
                Ros1TransportSettings.WheelMessage.JOINT_STATE, "wheel_l", "wheel_r", "base_footprint");
        try (RosMaster master = RosMaster.start(dir.resolve("master"))) {
            Ros1Node controller = node(master, "controller");
            Ros1Node robot = node(master, "robot");
            try {
                BlockingQueue<double[]> joints = new LinkedBlockingQueue<>();
                BlockingQueue<String> frames = new LinkedBlockingQueue<>();
                robot.subscribe("/joint_commands", JointState.TYPE, m -> {
                    if (m.name.length == 2 && m.name[0].equals("wheel_l") && m.name[1].equals("wheel_r")) {
                        joints.add(m.velocity.clone());
                    }
                });
                robot.subscribe("/cmd_vel", TwistStamped.TYPE, m -> frames.add(m.header.frame_id + " " + m.twist.linear.x));
                Ros1CommandSink sink = new Ros1CommandSink(controller, topics);
                await("subscribers connected", () -> {
                    try {
                        var state = controller.master().getSystemState();
                        return state.subscribers().containsKey("/cmd_vel") && state.subscribers().containsKey("/joint_commands");
                    } catch (Exception e) {
                        return false;
                    }
                });
                Thread.sleep(500); // let the TCPROS links come up; commands are latest-value, not queued
                long now = SystemNanoClock.INSTANCE.nanoTime();
                for (int i = 0; i < 20 && joints.isEmpty(); i++) {
                    sink.send(new WheelCommand().set(now + i, 1.25, -0.75), new VelocityCommand().set(now + i, 0.3, 0.1));
                    Thread.sleep(50);
                }
                assertThat(joints.poll(30, TimeUnit.SECONDS)).containsExactly(1.25, -0.75);
                assertThat(frames.poll(30, TimeUnit.SECONDS)).isEqualTo("base_footprint 0.3");
                sink.close();
                assertThat(controller.master().getSystemState().publishers()).doesNotContainKeys("/cmd_vel", "/joint_commands");
            } finally {
                robot.shutdown();
                controller.shutdown();
            }
        }
    }
}
