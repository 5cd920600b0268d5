package io.policyrt.recorder.mcap;

/**
 * A Message record as read back.
 *
 * @param channelId the channel it was written on
 * @param sequence the writer's counter (uint32)
 * @param logTimeNanos when it was recorded [ns]
 * @param publishTimeNanos when it was sent [ns]
 * @param data the message bytes (a copy the caller may keep)
 */
public record McapMessage(int channelId, long sequence, long logTimeNanos, long publishTimeNanos,
    byte[] data) {}
