package io.policyrt.launch.session;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs a process's work in the foreground until it is done, its duration passes or Ctrl-C, with
 * a status line (rewritten in place on a terminal, every 5 s into a log), then stops it cleanly.
 */
public final class ForegroundRun {
    /** What a controller's stop leaves behind, for the Ctrl-C line. */
    public static final String CONTROL_LOOP_STOPPED = "the control loop sent a zero command and stopped";
    private static final long TERMINAL_STATUS_NANOS = 250_000_000L;
    private static final long LOG_STATUS_NANOS = 5_000_000_000L;

    private ForegroundRun() {
    }

    /**
     * Waits until {@code done} holds or {@code durationS} passed (0: no limit), then runs
     * {@code stop}. On Ctrl-C the shutdown hook runs the same {@code stop}, which must therefore
     * be idempotent, and prints {@code policyrt: interrupted; <interruptedNote>}.
     *
     * @param status the status line, or null for none
     */
    public static void until(PrintStream out, double durationS, BooleanSupplier done, Supplier<String> status, Runnable stop,
                             String interruptedNote) throws InterruptedException {
        Thread hook = new Thread(() -> {
            stop.run();
            out.println();
            out.println("policyrt: interrupted; " + interruptedNote);
            out.flush();
        }, "policyrt-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        long lastPrint = start;
        try {
            while (!done.getAsBoolean() && (durationS <= 0 || (System.nanoTime() - start) * 1e-9 < durationS)) {
                Thread.sleep(50);
                long now = System.nanoTime();
                if (status != null && now - lastPrint > (tty ? TERMINAL_STATUS_NANOS : LOG_STATUS_NANOS)) {
                    lastPrint = now;
                    out.print(tty ? "\r" + status.get() + "   " : status.get() + "\n");
                    out.flush();
                }
            }
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook runs the same idempotent stop
            }
        }
        if (status != null && tty) {
            out.println();
        }
    }
}
