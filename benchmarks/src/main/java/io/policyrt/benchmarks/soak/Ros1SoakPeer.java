package io.policyrt.benchmarks.soak;

import io.policyrt.benchmarks.latency.RosMasterProcess;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.nav_msgs.Odometry;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import java.nio.file.Path;
import java.util.Map;

/**
 * ROS 1: rosmaster on a free loopback port, a node publishing non-finite odometry as fast as it
 * can (the flood), the robot's node shut down and a new one started as the restart, and an
 * observer node subscribed to the command topic.
 */
final class Ros1SoakPeer implements SoakPeer {
    private final RosMasterProcess master;
    private Ros1Node observerNode;

    Ros1SoakPeer(Path dir) throws Exception {
        master = RosMasterProcess.start(dir.resolve("rosmaster"));
    }

    @Override
    public void configure(RuntimeConfig c) {
        c.transport.kind = "ros1";
        c.ros1.masterUri = master.uri();
        c.ros1.host = "127.0.0.1";
    }

    @Override
    public void observe(CommandObserver observer, RuntimeConfig c) throws Exception {
        observerNode = Ros1Node.start(Ros1NodeSettings.resolve("/soak_observer", master.uri(), "127.0.0.1", Map.of()));
        observerNode.subscribe(c.ros1.topics.cmdVel, Twist.TYPE, (Twist m) -> observer.command(m.linear.x, m.angular.z));
    }

    /** NaN odometry, stamped now, from a node of its own: the controller must refuse every one and keep the robot's. */
    @Override
    public long flood(RuntimeConfig c, long durationMs) throws Exception {
        Ros1Node node = Ros1Node.start(Ros1NodeSettings.resolve("/soak_flooder", master.uri(), "127.0.0.1", Map.of()));
        try {
            TopicPublisher<Odometry> odom = node.advertise(c.ros1.topics.odom, Odometry.TYPE, false);
            Odometry o = new Odometry();
            o.pose.pose.orientation.w = 1;
            long sent = 0;
            long end = System.nanoTime() + durationMs * 1_000_000L;
            while (System.nanoTime() < end) {
                o.header.stamp.setNanos(System.currentTimeMillis() * 1_000_000L);
                o.pose.pose.position.x = Double.NaN;
                o.twist.twist.linear.x = Double.POSITIVE_INFINITY;
                odom.publish(o);
                sent++;
                if ((sent & 63) == 0) {
                    Thread.sleep(1); // thousands a second, without starving the shared cores of the node under test
                }
            }
            return sent;
        } finally {
            node.shutdown();
        }
    }

    /** The robot's node shuts down and a new one with the same name joins, in a new episode. */
    @Override
    public void restart(RobotSide robot) throws Exception {
        robot.newEpisode();
    }

    @Override
    public String restartName() { return "robot node shut down + new node"; }

    @Override
    public void close() throws Exception {
        if (observerNode != null) {
            observerNode.shutdown();
        }
        master.close();
    }
}
