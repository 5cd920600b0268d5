package io.policyrt.metrics;

/**
 * What the endpoint answers on {@code /healthz} (liveness: restart me if false) and
 * {@code /readyz} (readiness: I am driving the robot). Called on the endpoint's worker threads.
 */
public interface Health {
    /** One answer: HTTP 200 when {@code ok}, else 503, with a JSON object as the body. */
    record Check(boolean ok, String json) {
    }

    Check liveness();

    Check readiness();
}
