package io.policyrt.controller.time;

/** Source of time for the controller [ns]; stamps and deadlines use the same clock. */
public interface NanoClock {
    long nanoTime();
}
