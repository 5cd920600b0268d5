package io.policyrt.controller.safety;

/**
 * How the e-stop latch may be released and whether its source must stay alive.
 *
 * @param release        what releases a latched engage
 * @param holdNanos      shortest time an engage holds before a release counts [ns]; also keeps
 *                       an engage visible to the control loop for at least this long
 * @param heartbeatNanos when above 0, the robot stops while no e-stop message has arrived for
 *                       this long (and until the first one) [ns]
 */
public record EStopRules(Release release, long holdNanos, long heartbeatNanos) {
    /** Same-source release after 1 s; no heartbeat. */
    public static final EStopRules DEFAULTS = new EStopRules(Release.SAME_SOURCE, 1_000_000_000L, 0);

    /** What releases a latched engage. */
    public enum Release {
        /** A {@code false} on the e-stop topic from the source that engaged, once the hold time has passed. */
        SAME_SOURCE("same_source"),
        /**
         * Only a {@code false} on the separate release topic: it releases every engage held for the
         * hold time, except a source still reporting {@code true} within that time. A {@code false}
         * on the e-stop topic just reports a button let go.
         */
        RELEASE_TOPIC("release_topic");

        private final String configName;

        Release(String configName) {
            this.configName = configName;
        }

        /** The value of {@code safety.estop.release} that selects it. */
        public String configName() {
            return configName;
        }

        /** The mode named {@code name} in a configuration, or IllegalArgumentException naming the allowed ones. */
        public static Release fromConfig(String name) {
            for (Release r : values()) {
                if (r.configName.equals(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("'" + name + "' (allowed: same_source, release_topic)");
        }
    }

    public EStopRules {
        if (release == null || holdNanos < 0 || heartbeatNanos < 0) {
            throw new IllegalArgumentException("e-stop rules need a release mode and non-negative times");
        }
    }
}
