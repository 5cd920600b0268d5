package io.policyrt.benchmarks.latency;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.InProcessSensorSource;
import io.policyrt.controller.slot.LatestValue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The in-process transport: the driver writes straight into the controller's sensor slots
 * (through {@link InProcessSensorSource}) and a watcher thread, woken by every publish of the
 * {@link InProcessCommandSink}, hands the commands to the probe.
 */
public final class InProcessDriverPort implements DriverPort {
    private final InProcessSensorSource source;
    private final LatestValue<VelocityCommand> commands;
    private final CommandProbe probe;
    private final Thread watcher;
    private volatile boolean running = true;

    /** {@code source} must be started (its slots wired) before the first publish. */
    public InProcessDriverPort(InProcessSensorSource source, InProcessCommandSink sink, CommandProbe probe) {
        this.source = source;
        this.commands = sink.velocity();
        this.probe = probe;
        watcher = new Thread(this::watch, "bench-inprocess-commands");
        watcher.setDaemon(true);
        commands.wakeOnPublish(watcher);
        watcher.start();
    }

    private void watch() {
        while (running) {
            if (commands.refresh()) {
                VelocityCommand c = commands.latest();
                probe.onCommand(c.odometryStampNanos(), c.vMps() == 0 && c.wRadps() == 0);
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    @Override
    public void publishPath(PathReference path) {
        source.slots().path().write(path);
    }

    @Override
    public void publishOdometry(Odometry odometry) {
        source.slots().odometry().write(odometry);
    }

    @Override
    public void publishObstacle(ObstacleTrack obstacle) {
        source.slots().obstacle().write(obstacle);
    }

    @Override
    public void close() {
        running = false;
        commands.wakeOnPublish(null);
        LockSupport.unpark(watcher);
        try {
            watcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
