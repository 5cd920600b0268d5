package io.policyrt.drivers.ros2;

/**
 * The topics of one robot over ROS 2, each with PolicyRT's QoS on it. Defaults: sensor data best
 * effort (as drivers publish it; a best-effort subscription also matches reliable publishers),
 * the path latched (reliable, transient local), e-stop, e-stop release and commands reliable.
 *
 * @param estopRelease std_msgs/Bool whose {@code false} releases the e-stop; subscribed only when the
 *                     e-stop is released by a release topic ({@code safety.estop.release: release_topic})
 */
public record Ros2Topics(Ros2TopicSpec odometry, Ros2TopicSpec path, Ros2TopicSpec obstacle, Ros2TopicSpec scan,
                         Ros2TopicSpec estop, Ros2TopicSpec estopRelease, Ros2TopicSpec velocityCommand, Ros2TopicSpec wheelCommand) {
    public Ros2Topics {
        if (estop.name().equals(estopRelease.name())) {
            throw new IllegalArgumentException("the e-stop release topic must not be the e-stop topic (" + estop.name() + ")");
        }
    }

    public static Ros2Topics standard() {
        return new Ros2Topics(
                new Ros2TopicSpec("/odom", Ros2Qos.sensorData()),
                new Ros2TopicSpec("/path", Ros2Qos.latched()),
                new Ros2TopicSpec("/obstacle", Ros2Qos.sensorData()),
                new Ros2TopicSpec("/scan", Ros2Qos.sensorData()),
                new Ros2TopicSpec("/estop", Ros2Qos.reliable()),
                new Ros2TopicSpec("/estop_release", Ros2Qos.reliable()),
                new Ros2TopicSpec("/cmd_vel", Ros2Qos.reliable()),
                new Ros2TopicSpec("/wheel_commands", Ros2Qos.reliable()));
    }
}
