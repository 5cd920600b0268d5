package io.policyrt.sim.link;

import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.transport.TransportLink;
import io.policyrt.sim.run.RealTimeSimulator;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.run.TrajectoryRecorder;
import java.util.List;
import java.util.Locale;

/**
 * The in-process link to the embedded simulator: the simulator's thread writes its sensor samples
 * straight into the controller's slots and takes the newest wheel command from the command slots.
 * Nothing is decoded on the way, so there are no inbound channels and nothing to refuse.
 */
public final class SimLink implements TransportLink {
    private final SimWorld world;
    private final TrajectoryRecorder trajectory;
    private final NanoClock clock;
    private final InProcessCommandSink commands = new InProcessCommandSink();
    private final SensorSource sensors = new SensorSource() {
        @Override
        public void start(SensorSlots slots) {
            startSimulator(slots);
        }

        @Override
        public void close() {
        }
    };
    private volatile RealTimeSimulator simulator;
    private boolean closed;

    SimLink(SimWorld world, TrajectoryRecorder trajectory, NanoClock clock) {
        this.world = world;
        this.trajectory = trajectory;
        this.clock = clock;
    }

    private synchronized void startSimulator(SensorSlots slots) {
        if (simulator != null) {
            throw new IllegalStateException("the simulator is already running");
        }
        RealTimeSimulator rt = new RealTimeSimulator(world.simulation(clock.nanoTime()), clock, slots, commands.wheels(),
                world.sensorPeriodNanos(), (sim, tick) -> trajectory.record(sim));
        simulator = rt;
        rt.start();
    }

    @Override
    public String kind() { return "sim"; }

    @Override
    public String endpoint() { return "the simulator in this process (" + world.scenario().name() + ")"; }

    @Override
    public SensorSource sensors() { return sensors; }

    @Override
    public InProcessCommandSink commands() { return commands; }

    @Override
    public List<InboundChannel<?, ?>> channels() { return List.of(); }

    /** No inbound channels: nothing to tap. */
    @Override
    public void tapInbound(InboundTaps taps) {
    }

    @Override
    public boolean isUp() { return !closed; }

    @Override
    public String summary() {
        RealTimeSimulator rt = simulator;
        return rt == null ? "simulator not started"
                : String.format(Locale.ROOT, "simulated %.1f s, wheel commands sent %d", rt.timeS(), commands.sentCount());
    }

    /** The running simulator, or null before the sensors start. */
    public RealTimeSimulator simulator() { return simulator; }

    public SimWorld world() { return world; }

    /** The robot's and the obstacle's positions so far, one per sensor sample. */
    public TrajectoryRecorder trajectory() { return trajectory; }

    /** Stops the simulator; the last command (the loop's final stop) is already in its slot. */
    @Override
    public synchronized void close() {
        closed = true;
        RealTimeSimulator rt = simulator;
        if (rt != null) {
            rt.close();
        }
    }
}
