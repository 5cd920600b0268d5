package io.policyrt.launch.cli;

import io.policyrt.controller.safety.SafetyGovernor;

/** Logging for the commands that play batches of lock-step episodes ({@code sim evaluate}, {@code sim record-expert}). */
final class LockStepLogging {
    private LockStepLogging() {
    }

    /**
     * Every lock-step episode ends in a stop (the path is complete, or a collision) that the
     * command already counts; the safety governor's log of it would print a warning per episode,
     * 1,800 for a 100-seed evaluation. Read by slf4j-simple (the build's one binding) when the first
     * governor is built, so call it before any episode; a level the user set on the command line stays.
     */
    static void quietPerEpisodeStops() {
        String key = "org.slf4j.simpleLogger.log." + SafetyGovernor.class.getName();
        if (System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }
}
