package io.policyrt.drivers.ros2;

/** Where the controller's obstacle comes from over ROS 2. */
public enum ObstacleSource {
    /** A tracker publishes {@code policyrt_msgs/ObstacleTrack} on the obstacle topic. */
    TRACK,
    /** A planar scanner publishes {@code sensor_msgs/LaserScan}; the nearest cluster becomes the obstacle. */
    SCAN,
    /** No obstacle input (then {@code safety.obstacle_required} must be false). */
    NONE
}
