package io.policyrt.sim.run;

import io.policyrt.controller.loop.ControlTick;

/** Called after every lock-step tick, for recording trajectories, datasets or plots. */
@FunctionalInterface
public interface TickObserver {
    void afterTick(Simulation sim, ControlTick tick);

    TickObserver NONE = (sim, tick) -> { };
}
