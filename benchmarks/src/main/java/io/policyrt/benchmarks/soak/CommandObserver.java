package io.policyrt.benchmarks.soak;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Every command the robot's side receives, checked: finite, and within the drive's limits.
 * Transport threads call {@link #command}; the soak reads the counters from its own thread.
 */
final class CommandObserver {
    /** Speeds below this are "stopped" [m/s]. */
    static final double MOVING_MPS = 0.01;
    private final double maxVMps;
    private final double maxWRadps;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private volatile long lastMovingNanos;
    private volatile String firstBad;

    /** @param maxVMps the largest |v| the drive allows [m/s]; @param maxWRadps the largest |w| [rad/s] */
    CommandObserver(double maxVMps, double maxWRadps) {
        this.maxVMps = maxVMps;
        this.maxWRadps = maxWRadps;
    }

    /** Transport thread: one command as received. */
    void command(double vMps, double wRadps) {
        received.incrementAndGet();
        boolean finite = Double.isFinite(vMps) && Double.isFinite(wRadps);
        if (!finite || Math.abs(vMps) > maxVMps * (1 + 1e-6) || Math.abs(wRadps) > maxWRadps * (1 + 1e-6)) {
            if (bad.getAndIncrement() == 0) {
                firstBad = "v=" + vMps + " m/s, w=" + wRadps + " rad/s (limits " + maxVMps + ", " + maxWRadps + ")";
            }
            return;
        }
        if (Math.abs(vMps) > MOVING_MPS) {
            lastMovingNanos = System.nanoTime();
        }
    }

    long received() { return received.get(); }

    long bad() { return bad.get(); }

    /** The first bad command, or null. */
    String firstBad() { return firstBad; }

    /** System.nanoTime() of the last command that moved the robot, or 0. */
    long lastMovingNanos() { return lastMovingNanos; }
}
