package io.policyrt.controller.telemetry;

/** The timings a control loop records each tick, all in nanoseconds. */
public enum LoopMetric {
    /** Taking the snapshot, the input gate and the tracking geometry. */
    READ,
    /** Building the observation and running the policy. */
    INFER,
    /** Shaping the action and the output gate. */
    ACT,
    /** Handing the command to the transport. */
    WRITE,
    /** The whole tick, start to command sent. */
    TICK,
    /** How late the loop woke up relative to its deadline (timer) or the trigger message (on-message). */
    WAKE_LATENESS,
    /** Command stamp minus the newest sensor stamp the command is based on. */
    INPUT_AGE
}
