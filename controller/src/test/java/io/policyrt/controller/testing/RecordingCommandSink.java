package io.policyrt.controller.testing;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.safety.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A sink that keeps a copy of every command, tagged with the stop reason current when it was
 * sent (the governor records the tick's reason before the tick sends). Allocates per command,
 * which is fine in tests. Written by the control thread, readable from any thread.
 */
public final class RecordingCommandSink implements CommandSink {
    private final List<SentCommand> sent = new ArrayList<>();
    private volatile Supplier<StopReason> reasons = () -> StopReason.NONE;
    private volatile boolean closed;
    private volatile boolean deliverable = true;

    /** Where each command's reason is read from (usually {@code governor::currentReason}). */
    public void reasonsFrom(Supplier<StopReason> reasons) {
        this.reasons = reasons;
    }

    @Override
    public synchronized void send(WheelCommand wheels, VelocityCommand velocity) {
        sent.add(new SentCommand(wheels.stampNanos(), wheels.leftRadps(), wheels.rightRadps(), velocity.vMps(),
                velocity.wRadps(), reasons.get()));
    }

    /** What {@link #deliverable()} answers from now on (a link that goes down and comes back). */
    public void deliverable(boolean canDeliver) {
        this.deliverable = canDeliver;
    }

    @Override
    public boolean deliverable() {
        return deliverable;
    }

    public synchronized List<SentCommand> all() {
        return List.copyOf(sent);
    }

    public synchronized int count() {
        return sent.size();
    }

    /** The newest command; fails when none was sent. */
    public synchronized SentCommand last() {
        if (sent.isEmpty()) {
            throw new IllegalStateException("no command was sent");
        }
        return sent.get(sent.size() - 1);
    }

    public synchronized long countWithReason(StopReason reason) {
        return sent.stream().filter(c -> c.reason() == reason).count();
    }

    public synchronized void clear() {
        sent.clear();
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
