package io.policyrt.sim.run;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.loop.ControlTick;

/**
 * Command chatter of one episode: the mean absolute change of the shaped v and w commands from one
 * tick to the next, per second of control period, so that policies with different periods compare
 * (policyrt_sim.evaluate's definition). NaN for an episode of fewer than two ticks.
 */
public final class CommandChatter implements TickObserver {
    private final double periodS;
    private boolean first = true;
    private double lastVMps;
    private double lastWRadps;
    private double sumDvMps;
    private double sumDwRadps;
    private long changes;

    public CommandChatter(long periodNanos) {
        this.periodS = periodNanos * 1e-9;
    }

    @Override
    public void afterTick(Simulation sim, ControlTick tick) {
        VelocityCommand command = tick.lastVelocity();
        record(command.vMps(), command.wRadps());
    }

    /** One tick's shaped command (zero on a stop tick). */
    void record(double vMps, double wRadps) {
        if (!first) {
            sumDvMps += Math.abs(vMps - lastVMps);
            sumDwRadps += Math.abs(wRadps - lastWRadps);
            changes++;
        }
        first = false;
        lastVMps = vMps;
        lastWRadps = wRadps;
    }

    /** Mean |dv/dt| [m/s^2]. */
    public double meanAbsDvDtMps2() {
        return changes == 0 ? Double.NaN : sumDvMps / changes / periodS;
    }

    /** Mean |dw/dt| [rad/s^2]. */
    public double meanAbsDwDtRadps2() {
        return changes == 0 ? Double.NaN : sumDwRadps / changes / periodS;
    }
}
