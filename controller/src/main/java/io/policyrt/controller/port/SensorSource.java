package io.policyrt.controller.port;

/**
 * A transport's receiving side: decodes sensor messages on its own threads and writes them into
 * the controller's slots. Callbacks must never block and never run policy code.
 */
public interface SensorSource extends AutoCloseable {
    /** Starts delivering into {@code slots}; returns once the source is running. */
    void start(SensorSlots slots) throws Exception;

    /** Stops delivering and releases the transport's resources. */
    @Override
    void close();
}
