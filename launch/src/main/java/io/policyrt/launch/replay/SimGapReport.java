package io.policyrt.launch.replay;

import io.policyrt.launch.plot.Plots;
import io.policyrt.launch.replay.SimReplay.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sim-to-real report: real (recorded) and simulated runs side by side as a table of the gap
 * (markdown), the trajectories, the tracking error over time and the command distributions (PNG).
 */
public final class SimGapReport {
    /** The table's rows, in order (what a test checks). */
    public static final List<String> ROWS = List.of("lateral RMSE [m]", "heading RMSE [rad]", "mean abs(v) [m/s]", "mean abs(w) [rad/s]",
            "chatter v [m/s per tick]", "chatter w [rad/s per tick]", "collision", "min clearance [m]", "finish time [s]",
            "max deviation real-sim [m]", "mean deviation real-sim [m]");

    private final Result r;
    private final double maxDeviationM;
    private final double meanDeviationM;

    public SimGapReport(Result result) {
        this.r = result;
        DrivenTrack sim = result.sim();
        double max = 0;
        double sum = 0;
        int n = 0;
        double realEndS = result.real().timeS[result.real().count() - 1];
        for (int i = 0; i < sim.count(); i++) {
            if (sim.timeS[i] > realEndS) {
                break;
            }
            double[] p = result.real().positionAt(sim.timeS[i]);
            double d = Math.hypot(sim.xM[i] - p[0], sim.yM[i] - p[1]);
            if (Double.isFinite(d)) {
                max = Math.max(max, d);
                sum += d;
                n++;
            }
        }
        this.maxDeviationM = n == 0 ? Double.NaN : max;
        this.meanDeviationM = n == 0 ? Double.NaN : sum / n;
    }

    /** Largest distance between the real and the simulated robot at the same time [m]. */
    public double maxDeviationM() { return maxDeviationM; }
    public double meanDeviationM() { return meanDeviationM; }

    /** The gap as a markdown table: quantity, real, sim, sim - real. */
    public String table() {
        DrivenTrack a = r.real();
        DrivenTrack b = r.sim();
        StringBuilder t = new StringBuilder();
        t.append("| quantity | real | sim | sim - real |\n|---|---:|---:|---:|\n");
        row(t, ROWS.get(0), a.metrics().lateralRmseM(), b.metrics().lateralRmseM());
        row(t, ROWS.get(1), a.metrics().headingRmseRad(), b.metrics().headingRmseRad());
        row(t, ROWS.get(2), a.meanAbs(a.vMps), b.meanAbs(b.vMps));
        row(t, ROWS.get(3), a.meanAbs(a.wRadps), b.meanAbs(b.wRadps));
        row(t, ROWS.get(4), a.chatter(a.vMps), b.chatter(b.vMps));
        row(t, ROWS.get(5), a.chatter(a.wRadps), b.chatter(b.wRadps));
        t.append("| ").append(ROWS.get(6)).append(" | ").append(a.metrics().collided() ? "yes" : "no").append(" | ")
                .append(b.metrics().collided() ? "yes" : "no").append(" | |\n");
        row(t, ROWS.get(7), a.metrics().minClearanceM(), b.metrics().minClearanceM());
        row(t, ROWS.get(8), a.finishS, b.finishS);
        t.append(String.format(Locale.ROOT, "| %s | | | %.4f |%n| %s | | | %.4f |%n", ROWS.get(9), maxDeviationM, ROWS.get(10),
                meanDeviationM));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, double real, double sim) {
        t.append("| ").append(name).append(" | ").append(number(real)).append(" | ").append(number(sim)).append(" | ")
                .append(Double.isFinite(real) && Double.isFinite(sim) ? String.format(Locale.ROOT, "%+.4f", sim - real) : "")
                .append(" |\n");
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Double.isInfinite(v) ? "none" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * Writes {@code <stem>-sim.md} (what was run and the table), {@code <stem>-sim-trajectories.png},
     * {@code <stem>-sim-tracking.png} and {@code <stem>-sim-commands.png} into {@code out}.
     *
     * @param header lines saying what was compared (file, policy, period, robot)
     * @return the files written, the table first
     */
    public List<Path> write(Path out, String stem, String header) throws IOException {
        Files.createDirectories(out);
        Path md = out.resolve(stem + "-sim.md");
        Path trajectories = out.resolve(stem + "-sim-trajectories.png");
        Path tracking = out.resolve(stem + "-sim-tracking.png");
        Path commands = out.resolve(stem + "-sim-commands.png");
        Files.writeString(md, "# Sim-to-real report\n\n" + header + "\n\n" + table());
        DrivenTrack a = r.real();
        DrivenTrack b = r.sim();
        Plots.lines(trajectories, "real and simulated trajectories", "x [m]", "y [m]",
                List.of("reference path", "real (recorded odometry)", "simulated", "obstacle (recorded)"),
                List.of(r.path().xM(), a.column(a.xM), b.column(b.xM), r.obstacleXM()),
                List.of(r.path().yM(), a.column(a.yM), b.column(b.yM), r.obstacleYM()));
        // Tracking error on the real ticks' times; the simulated sample nearest in time beside each.
        double[] t = a.column(a.timeS);
        double[] simLateral = new double[t.length];
        double[] simHeading = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            int j = b.nearest(t[i]);
            boolean near = b.count() > 0 && Math.abs(b.timeS[j] - t[i]) <= r.periodNanos() * 1e-9;
            simLateral[i] = near ? b.lateralM[j] : Double.NaN;
            simHeading[i] = near ? b.headingRad[j] : Double.NaN;
        }
        Plots.timeSeries(tracking, "tracking error, real and simulated", "time [s]", t, List.of(
                new Plots.Panel("lateral error [m]", List.of("real", "sim"), List.of(a.column(a.lateralM), simLateral)),
                new Plots.Panel("heading error [rad]", List.of("real", "sim"), List.of(a.column(a.headingRad), simHeading))));
        Plots.histograms(commands, "command distributions, real and simulated", 30, List.of(
                new Plots.Distribution("v [m/s]", List.of("real", "sim"), List.of(a.column(a.vMps), b.column(b.vMps))),
                new Plots.Distribution("w [rad/s]", List.of("real", "sim"), List.of(a.column(a.wRadps), b.column(b.wRadps)))));
        List<Path> files = new ArrayList<>(List.of(md, trajectories, tracking, commands));
        return files;
    }
}
