package io.policyrt.controller.safety;

/** Why the controller commanded a stop instead of the policy's action, in order of precedence. */
public enum StopReason {
    NONE("running"),
    SHUTDOWN("controller shutting down"),
    ESTOP("emergency stop engaged (needs a deliberate release)"),
    ESTOP_SILENT("the e-stop heartbeat is missing (no e-stop message within safety.estop.heartbeat_ms)"),
    NO_ODOMETRY("no odometry received yet"),
    NO_PATH("no path received yet"),
    NO_OBSTACLE("no obstacle report received yet"),
    STALE_ODOMETRY("odometry older than its timeout"),
    STALE_OBSTACLE("obstacle report older than its timeout"),
    STALE_PATH("path older than its timeout"),
    FUTURE_STAMP("a sensor stamp lies in the future (clock mismatch)"),
    COMMANDS_BLOCKED("commands cannot reach the robot (link down, or publishing fails)"),
    TRIGGER_TIMEOUT("the trigger message stopped arriving"),
    NON_FINITE_OBSERVATION("an observation feature is NaN or Inf"),
    POLICY_FAILURE("the policy threw"),
    NON_FINITE_ACTION("the policy returned NaN or Inf"),
    COMMAND_OUT_OF_LIMITS("the shaped command is not finite or outside its limits"),
    PATH_COMPLETE("reached the end of the path");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** True for the reasons that mean something is wrong (everything except NONE and PATH_COMPLETE). */
    public boolean isFault() {
        return this != NONE && this != PATH_COMPLETE;
    }
}
