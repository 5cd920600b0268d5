package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.ros1.msg.geometry_msgs.PoseStamped;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.node.Ros1ApiException;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import java.io.IOException;
import java.util.Map;

/**
 * The ROS 1 transport as the robot side sees it: a node of its own on the leg's rosmaster that
 * publishes nav_msgs/Odometry on {@code /odom}, policyrt_msgs/ObstacleTrack on {@code /obstacle}
 * and the nav_msgs/Path on {@code /path} (latched), and hands the header stamp of each
 * geometry_msgs/TwistStamped on {@code /cmd_vel} (the odometry stamp the command echoes) to the
 * probe. Every node under test reads the same topics. Messages are preallocated; the driver
 * thread publishes.
 */
public final class Ros1DriverPort implements DriverPort {
    public static final String ODOMETRY_TOPIC = "/odom";
    public static final String OBSTACLE_TOPIC = "/obstacle";
    public static final String PATH_TOPIC = "/path";
    public static final String ESTOP_TOPIC = "/estop";
    public static final String CMD_VEL_TOPIC = "/cmd_vel";
    public static final String ODOM_FRAME = "odom";
    public static final String BASE_FRAME = "base_link";

    private final Ros1Node node;
    private final TopicPublisher<io.policyrt.ros1.msg.nav_msgs.Odometry> odometryPublisher;
    private final TopicPublisher<io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack> obstaclePublisher;
    private final TopicPublisher<Path> pathPublisher;
    private final io.policyrt.ros1.msg.nav_msgs.Odometry odometryMessage = new io.policyrt.ros1.msg.nav_msgs.Odometry();
    private final io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack obstacleMessage =
            new io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack();
    private int odometrySequence;
    private int obstacleSequence;

    /** Starts the driver's node on the master at {@code masterUri}, advertises the sensors and subscribes to the commands. */
    public Ros1DriverPort(String masterUri, CommandProbe probe) throws IOException, Ros1ApiException {
        node = Ros1Node.start(Ros1NodeSettings.resolve("policyrt_bench_driver", masterUri, "127.0.0.1", Map.of()));
        odometryPublisher = node.advertise(ODOMETRY_TOPIC, io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE, false);
        obstaclePublisher = node.advertise(OBSTACLE_TOPIC, io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack.TYPE, false);
        pathPublisher = node.advertise(PATH_TOPIC, Path.TYPE, true);
        odometryMessage.header.frame_id = ODOM_FRAME;
        odometryMessage.child_frame_id = BASE_FRAME;
        node.subscribe(CMD_VEL_TOPIC, TwistStamped.TYPE,
                m -> probe.onCommand(m.header.stamp.toNanos(), m.twist.linear.x == 0 && m.twist.angular.z == 0));
    }

    @Override
    public void publishPath(PathReference path) {
        Path p = new Path();
        p.header.stamp.setNanos(path.stampNanos());
        p.header.frame_id = ODOM_FRAME;
        p.poses = new PoseStamped[path.count()];
        for (int i = 0; i < path.count(); i++) {
            PoseStamped pose = new PoseStamped();
            pose.header.seq = i;
            pose.header.stamp.setNanos(path.stampNanos());
            pose.header.frame_id = ODOM_FRAME;
            pose.pose.position.x = path.xM(i);
            pose.pose.position.y = path.yM(i);
            pose.pose.orientation.w = 1; // only x and y are read
            p.poses[i] = pose;
        }
        pathPublisher.publish(p);
    }

    @Override
    public void publishOdometry(Odometry o) {
        var m = odometryMessage;
        m.header.seq = odometrySequence++;
        m.header.stamp.setNanos(o.stampNanos());
        m.pose.pose.position.x = o.xM();
        m.pose.pose.position.y = o.yM();
        // rotation about z by yaw: (x, y, z, w) = (0, 0, sin(yaw/2), cos(yaw/2))
        m.pose.pose.orientation.z = Math.sin(0.5 * o.yawRad());
        m.pose.pose.orientation.w = Math.cos(0.5 * o.yawRad());
        m.twist.twist.linear.x = o.vMps();
        m.twist.twist.angular.z = o.wRadps();
        odometryPublisher.publish(m);
    }

    @Override
    public void publishObstacle(ObstacleTrack t) {
        var m = obstacleMessage;
        m.header.seq = obstacleSequence++;
        m.header.stamp.setNanos(t.stampNanos());
        m.header.frame_id = t.frame() == ObstacleTrack.Frame.ROBOT ? BASE_FRAME : ODOM_FRAME;
        m.present = t.present();
        m.position.x = t.xM();
        m.position.y = t.yM();
        m.velocity.x = t.vxMps();
        m.velocity.y = t.vyMps();
        m.radius = t.radiusM();
        obstaclePublisher.publish(m);
    }

    /** The driver's node, e.g. to check connections. */
    public Ros1Node node() { return node; }

    @Override
    public void close() {
        node.shutdown();
    }
}
