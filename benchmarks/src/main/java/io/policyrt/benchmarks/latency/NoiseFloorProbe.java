package io.policyrt.benchmarks.latency;

import org.HdrHistogram.Histogram;

/**
 * The machine's noise floor at one rate: a thread that busy-waits (never parks, never yields) for
 * absolute deadlines and records how late it sees each one. Whatever lateness it records comes
 * from the machine (preemption by other threads and processes, the hypervisor), not from a
 * scheduler wake-up or from any code under test. It occupies one core while it runs.
 */
public final class NoiseFloorProbe {
    private final long periodNanos;
    private final Histogram lateness = new Histogram(1, 10_000_000_000L, 3);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean resetRequested;

    public NoiseFloorProbe(double rateHz) {
        this.periodNanos = Math.round(1e9 / rateHz);
        this.thread = new Thread(this::run, "bench-noise-floor");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long next = System.nanoTime() + periodNanos;
        while (running) {
            long now;
            while ((now = System.nanoTime()) < next) {
                Thread.onSpinWait();
            }
            if (resetRequested) {
                lateness.reset();
                resetRequested = false;
            }
            lateness.recordValue(Math.min(now - next, lateness.getHighestTrackableValue()));
            next += periodNanos;
            if (now - next > periodNanos) {
                next += (now - next) / periodNanos * periodNanos; // skip missed deadlines, as the loop does
            }
        }
    }

    /** Forgets what was recorded (takes effect at the next deadline). */
    public void reset() {
        resetRequested = true;
    }

    /** Stops the thread and returns the lateness it recorded [ns]. */
    public Histogram stop() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lateness.copy();
    }
}
