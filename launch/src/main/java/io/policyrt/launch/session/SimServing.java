package io.policyrt.launch.session;

import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.SimServer;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * {@code policyrt sim serve} over any transport: waits for a controller's first command, runs the
 * episode from then until it ends, the duration passes or Ctrl-C, and stops the server.
 */
public final class SimServing {
    private SimServing() {
    }

    /**
     * @param server    started, and its waiting message printed
     * @param durationS the limit on both the wait and the episode [s]; 0: none
     * @param stop      closes the server and its transport (idempotent)
     * @return the episode's metrics, or null when no controller came
     */
    public static EpisodeMetrics serve(SimServer server, PrintStream out, double durationS, Supplier<String> status, Runnable stop)
            throws InterruptedException {
        long waitStart = System.nanoTime();
        while (!server.commanded()) {
            Thread.sleep(10);
            if (durationS > 0 && (System.nanoTime() - waitStart) * 1e-9 > durationS) {
                out.println("policyrt: no controller came within " + durationS + " s");
                stop.run();
                return null;
            }
        }
        server.beginEpisode();
        out.println("policyrt: controller present; episode started");
        ForegroundRun.until(out, durationS, server::episodeOver, status, stop, "the simulated robot stopped");
        return server.metrics();
    }
}
