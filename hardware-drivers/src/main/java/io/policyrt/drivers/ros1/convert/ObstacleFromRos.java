package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.ObstacleTrack;

/**
 * policyrt_msgs/ObstacleTrack to the controller's {@link ObstacleTrack}. Position and velocity
 * are in the robot frame when {@code header.frame_id} is the configured base frame, and in the
 * world (odometry) frame otherwise; z is ignored; {@code present=false} is a fresh "no obstacle"
 * report. Allocation-free (the frame id is compared, not copied). Non-finite values pass through.
 */
public final class ObstacleFromRos {
    private final String baseFrameId;

    /** @param baseFrameId the robot's base frame, e.g. {@code base_link} */
    public ObstacleFromRos(String baseFrameId) {
        if (baseFrameId == null || baseFrameId.isEmpty()) {
            throw new IllegalArgumentException("the base frame id must not be empty");
        }
        this.baseFrameId = baseFrameId;
    }

    /** Writes {@code msg} into {@code out} and returns {@code out}. */
    public ObstacleTrack convert(io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack msg, ObstacleTrack out) {
        long stampNanos = msg.header.stamp.toNanos();
        if (!msg.present) {
            return out.setNone(stampNanos);
        }
        ObstacleTrack.Frame frame = baseFrameId.equals(msg.header.frame_id) ? ObstacleTrack.Frame.ROBOT
                : ObstacleTrack.Frame.WORLD;
        return out.set(stampNanos, frame, msg.position.x, msg.position.y, msg.velocity.x, msg.velocity.y, msg.radius);
    }
}
