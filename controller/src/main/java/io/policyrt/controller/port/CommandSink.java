package io.policyrt.controller.port;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;

/**
 * A transport's sending side for the commands the controller issues.
 *
 * <p>{@link #send} is called on the control thread once per tick with preallocated objects that
 * the caller reuses: copy what must outlive the call, never block, never allocate per call.
 */
public interface CommandSink extends AutoCloseable {
    void send(WheelCommand wheels, VelocityCommand velocity);

    @Override
    default void close() {
    }
}
