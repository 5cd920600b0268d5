package io.policyrt.controller.port;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import java.util.function.BooleanSupplier;

/**
 * A transport's sending side for the commands the controller issues.
 *
 * <p>{@link #send} is called on the control thread once per tick with preallocated objects that
 * the caller reuses: copy what must outlive the call, never block, never allocate per call.
 *
 * <p>The command path's safety lives behind this port (the defaults suit a sink in the same
 * process, where nothing can fail in between): a sink with its own publisher thread stops the
 * robot by itself when the loop falls silent ({@link #armDeadman}), says whether its commands can
 * leave ({@link #deliverable}, read by the governor's input gate every tick), and says when it
 * has failed for good ({@link #failure}). The runtime arms the deadman and names the link's state
 * once, before the loop starts.
 */
public interface CommandSink extends AutoCloseable {
    /** Missed command periods after which a deadman publishes a zero, unless the runtime says otherwise. */
    int DEADMAN_PERIODS = 3;

    /**
     * Control thread: hands over the tick's command. Throws (a preallocated exception, see
     * {@link #failure}) when the sink can never publish again.
     */
    void send(WheelCommand wheels, VelocityCommand velocity);

    /**
     * Arms the sink's deadman: once commands have started, when the control thread has handed
     * over none for {@code periods} times {@code periodNanos}, the sink publishes a zero itself,
     * through the same ordered path as the loop's commands, and again after every further such
     * silence. Commands resume as soon as the loop hands over again. Call before the loop starts;
     * any thread.
     *
     * @param periodNanos the longest time between two commands of a healthy loop [ns], &gt; 0
     * @param periods     how many of them may pass without a command, &ge; 1
     */
    default void armDeadman(long periodNanos, int periods) {
    }

    /** Where the sink reads whether its link is up (e.g. the transport link's {@code isUp}); any thread, called off the control thread. */
    default void watchLink(BooleanSupplier linkUp) {
    }

    /**
     * Whether commands can leave right now: false while the link is down, while publishing keeps
     * failing, or after the sink failed for good. A cheap read (a volatile field) for the
     * governor's input gate on the control thread; never allocates.
     */
    default boolean deliverable() {
        return true;
    }

    /** The error that stopped the sink for good (its publisher thread died), or null. Any thread. */
    default Throwable failure() {
        return null;
    }

    /** Zeros the deadman published because the loop fell silent. Any thread. */
    default long deadmanZeros() {
        return 0;
    }

    @Override
    default void close() {
    }
}
