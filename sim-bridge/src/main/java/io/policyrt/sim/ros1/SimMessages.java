package io.policyrt.sim.ros1;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.ros1.msg.geometry_msgs.PoseStamped;
import io.policyrt.ros1.msg.nav_msgs.Path;

/**
 * The simulated robot's side of the ROS 1 conversions: its odometry, obstacle track and path as
 * the messages a real robot would publish. Writes into caller-owned messages; allocation-free
 * except {@link #path}, which runs once.
 */
final class SimMessages {
    private SimMessages() {
    }

    /** Planar odometry in {@code odomFrame}, the body twist in {@code baseFrame}. */
    static io.policyrt.ros1.msg.nav_msgs.Odometry odometry(Odometry o, int seq, String odomFrame, String baseFrame,
                                                           io.policyrt.ros1.msg.nav_msgs.Odometry out) {
        out.header.seq = seq;
        out.header.stamp.setNanos(o.stampNanos());
        out.header.frame_id = odomFrame;
        out.child_frame_id = baseFrame;
        var pose = out.pose.pose;
        pose.position.x = o.xM();
        pose.position.y = o.yM();
        pose.position.z = 0;
        // rotation about z by yaw: (x, y, z, w) = (0, 0, sin(yaw/2), cos(yaw/2))
        pose.orientation.x = 0;
        pose.orientation.y = 0;
        pose.orientation.z = Math.sin(0.5 * o.yawRad());
        pose.orientation.w = Math.cos(0.5 * o.yawRad());
        var twist = out.twist.twist;
        twist.linear.x = o.vMps();
        twist.linear.y = 0;
        twist.linear.z = 0;
        twist.angular.x = 0;
        twist.angular.y = 0;
        twist.angular.z = o.wRadps();
        return out;
    }

    /** The obstacle track: world-frame tracks in {@code odomFrame}, robot-frame ones in {@code baseFrame}. */
    static io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack obstacle(ObstacleTrack t, int seq, String odomFrame,
                                                                     String baseFrame,
                                                                     io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack out) {
        out.header.seq = seq;
        out.header.stamp.setNanos(t.stampNanos());
        out.header.frame_id = t.frame() == ObstacleTrack.Frame.ROBOT ? baseFrame : odomFrame;
        out.present = t.present();
        out.position.x = t.xM();
        out.position.y = t.yM();
        out.position.z = 0;
        out.velocity.x = t.vxMps();
        out.velocity.y = t.vyMps();
        out.velocity.z = 0;
        out.radius = t.radiusM();
        return out;
    }

    /** The reference path as poses in {@code odomFrame} (orientation identity: only x and y are read). */
    static Path path(double[] xM, double[] yM, long stampNanos, String odomFrame) {
        Path p = new Path();
        p.header.stamp.setNanos(stampNanos);
        p.header.frame_id = odomFrame;
        p.poses = new PoseStamped[xM.length];
        for (int i = 0; i < xM.length; i++) {
            PoseStamped ps = new PoseStamped();
            ps.header.seq = i;
            ps.header.stamp.setNanos(stampNanos);
            ps.header.frame_id = odomFrame;
            ps.pose.position.x = xM[i];
            ps.pose.position.y = yM[i];
            ps.pose.orientation.w = 1;
            p.poses[i] = ps;
        }
        return p;
    }
}
