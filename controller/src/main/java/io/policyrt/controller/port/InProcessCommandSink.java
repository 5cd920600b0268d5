package io.policyrt.controller.port;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.slot.LatestValue;

/** Hands commands to a consumer in the same process (the embedded simulator) through latest-value slots. */
public final class InProcessCommandSink implements CommandSink {
    private final LatestValue<WheelCommand> wheels = new LatestValue<>("cmd/wheels", WheelCommand::new);
    private final LatestValue<VelocityCommand> velocity = new LatestValue<>("cmd/vel", VelocityCommand::new);
    private volatile long sentCount;

    @Override
    public void send(WheelCommand wheelCommand, VelocityCommand velocityCommand) {
        wheels.write(wheelCommand);
        velocity.write(velocityCommand);
        sentCount = sentCount + 1;
    }

    /** Wheel commands, to be read by one consumer thread. */
    public LatestValue<WheelCommand> wheels() { return wheels; }

    /** Velocity commands, to be read by one consumer thread. */
    public LatestValue<VelocityCommand> velocity() { return velocity; }

    public long sentCount() { return sentCount; }
}
