package io.policyrt.controller.loop;

/** What starts a control tick. */
public enum TriggerMode {
    /** A fixed rate with absolute deadlines, as ros2_control runs its controllers. */
    TIMER,
    /** Each new value on the trigger sensor (usually odometry) starts a tick at once. */
    ON_MESSAGE
}
