package io.policyrt.metrics;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.safety.StopReason;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Liveness and readiness of a controller. Alive: the loop's thread runs and its last tick started
 * within {@link #stallNanos()}. Ready: alive, the policy loaded (it is, once the controller
 * exists), the inputs fresh and the robot not stopped, as the governor decided on its last tick.
 */
public final class ControllerHealth implements Health {
    /** Reasons that mean an input is missing, stale or untrustworthy (the governor checks them before the rest). */
    private static final Set<StopReason> INPUT_REASONS = EnumSet.of(StopReason.ESTOP_SILENT, StopReason.NO_ODOMETRY,
            StopReason.NO_PATH, StopReason.NO_OBSTACLE, StopReason.STALE_ODOMETRY, StopReason.STALE_OBSTACLE, StopReason.STALE_PATH,
            StopReason.FUTURE_STAMP, StopReason.TRIGGER_TIMEOUT);
    /** The shortest stall that counts as dead, whatever the loop's period [ns]. */
    private static final long MIN_STALL_NANOS = 2_000_000_000L;

    private final ControlLoop loop;
    private final LoopHeartbeat heartbeat;
    private final String policy;
    private final long stallNanos;
    private final long createdNanos = System.nanoTime();

    /** @param policy the policy's name for the answer (its task and file) */
    public ControllerHealth(ControlLoop loop, LoopHeartbeat heartbeat, String policy) {
        this.loop = loop;
        this.heartbeat = heartbeat;
        this.policy = policy;
        // Three of the loop's longest healthy gaps between commands, at least 2 s.
        this.stallNanos = Math.max(MIN_STALL_NANOS, 3 * loop.config().longestCommandIntervalNanos());
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    /** How long without a tick makes the loop count as dead [ns]. */
    public long stallNanos() {
        return stallNanos;
    }

    @Override
    public Check liveness() {
        boolean running = loop.isRunning();
        long last = heartbeat.lastTickStartNanos();
        long ageNanos = System.nanoTime() - (last == 0 ? createdNanos : last);
        boolean ticking = ageNanos <= stallNanos;
        Throwable failure = loop.failure();
        boolean alive = running && ticking && failure == null;
        String json = String.format(Locale.ROOT, "{\"alive\":%b,\"loop_running\":%b,\"last_tick_age_s\":%s,\"stall_limit_s\":%.3f,"
                        + "\"ticks\":%d%s}", alive, running, last == 0 ? "null" : String.format(Locale.ROOT, "%.6f", ageNanos * 1e-9),
                stallNanos * 1e-9, loop.tick().tickCount(), failure == null ? "" : ",\"failure\":" + quote(failure.toString()));
        return new Check(alive, json);
    }

    @Override
    public Check readiness() {
        StopReason reason = loop.tick().governor().currentReason();
        boolean alive = liveness().ok();
        boolean inputsFresh = !INPUT_REASONS.contains(reason);
        boolean stopped = reason != StopReason.NONE;
        boolean ready = alive && !stopped;
        String json = String.format(Locale.ROOT, "{\"ready\":%b,\"alive\":%b,\"policy_loaded\":true,\"policy\":%s,\"inputs_fresh\":%b,"
                        + "\"stopped\":%b,\"stop_reason\":\"%s\",\"stop_description\":%s}", ready, alive, quote(policy), inputsFresh,
                stopped, ControllerMetrics.label(reason), quote(reason.description()));
        return new Check(ready, json);
    }
}
