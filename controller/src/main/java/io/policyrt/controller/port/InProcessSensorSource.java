package io.policyrt.controller.port;

/**
 * Sensor source for producers in the same process (the embedded simulator, tests): it hands out
 * the slots so the producer writes into them directly.
 */
public final class InProcessSensorSource implements SensorSource {
    private volatile SensorSlots slots;

    @Override
    public void start(SensorSlots slots) {
        this.slots = slots;
    }

    /** The slots to write into; null before {@link #start}. */
    public SensorSlots slots() {
        return slots;
    }

    @Override
    public void close() {
        slots = null;
    }
}
