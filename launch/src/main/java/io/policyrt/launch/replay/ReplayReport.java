package io.policyrt.launch.replay;

import io.policyrt.launch.plot.Plots;
import io.policyrt.launch.replay.TickReplay.ReplayedTick;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The replay's summary (max, mean, p99 of each difference), its per-tick CSV and its plot over time. */
public final class ReplayReport {
    /** Ticks listed by name where the stop decision differs; the rest are counted. */
    private static final int LISTED_STOP_DIFFERENCES = 10;

    private final List<ReplayedTick> ticks;
    private final List<String> featureNames;
    private final List<String> actionNames;

    public ReplayReport(List<ReplayedTick> ticks, List<String> featureNames, List<String> actionNames) {
        this.ticks = ticks;
        this.featureNames = featureNames;
        this.actionNames = actionNames;
    }

    /** Max, mean and p99 of a series' finite values; count 0 when there is none. */
    public record Stats(int count, double max, double mean, double p99) {
        static Stats of(double[] values) {
            double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
            if (v.length == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
            }
            double sum = 0;
            for (double x : v) {
                sum += x;
            }
            int p99 = (int) Math.ceil(0.99 * v.length) - 1;
            return new Stats(v.length, v[v.length - 1], sum / v.length, v[Math.max(p99, 0)]);
        }
    }

    /** |difference| of the observation (largest over the features) per tick. */
    public Stats observation() {
        return Stats.of(ticks.stream().mapToDouble(ReplayedTick::observationMaxDiff).toArray());
    }

    /** |rebuilt - recorded| raw features (largest over the features) per tick; count 0 when not rebuilt. */
    public Stats features() {
        return Stats.of(ticks.stream().mapToDouble(ReplayedTick::featureMaxDiff).toArray());
    }

    public Stats observation(int feature) {
        return Stats.of(ticks.stream().mapToDouble(t -> t.observationDiff[feature]).toArray());
    }

    public Stats action(int j) {
        return Stats.of(ticks.stream().mapToDouble(t -> t.actionDiff[j]).toArray());
    }

    public Stats command(int k) {
        return Stats.of(ticks.stream().mapToDouble(t -> t.commandDiff[k]).toArray());
    }

    /** The largest action difference over every action and tick (NaN when no tick acted on both sides). */
    public double maxActionDiff() {
        double m = Double.NaN;
        for (int j = 0; j < actionNames.size(); j++) {
            double x = action(j).max();
            if (!Double.isNaN(x)) {
                m = Double.isNaN(m) ? x : Math.max(m, x);
            }
        }
        return m;
    }

    /** The ticks where a stop left on one side and the policy's command on the other. */
    public List<ReplayedTick> stopDecisionDifferences() {
        List<ReplayedTick> d = new ArrayList<>();
        for (ReplayedTick t : ticks) {
            if (t.stopDecisionDiffers()) {
                d.add(t);
            }
        }
        return d;
    }

    /** The summary as printed: one line per quantity, then the stop decisions. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-32s %8s %12s %12s %12s%n", "|replayed - recorded|", "ticks", "max", "mean", "p99"));
        Stats rebuilt = features();
        if (rebuilt.count() > 0) {
            line(b, "raw features, rebuilt (max)", rebuilt);
        }
        line(b, "observation (max over features)", observation());
        for (int i = 0; i < featureNames.size(); i++) {
            Stats s = observation(i);
            if (s.count() > 0 && s.max() > 0) {
                line(b, "  observation." + featureNames.get(i), s);
            }
        }
        for (int j = 0; j < actionNames.size(); j++) {
            line(b, "action." + actionNames.get(j), action(j));
        }
        for (int k = 0; k < TickReplay.COMMAND_NAMES.size(); k++) {
            line(b, "command." + TickReplay.COMMAND_NAMES.get(k), command(k));
        }
        List<ReplayedTick> differ = stopDecisionDifferences();
        b.append("stop decision differs on ").append(differ.size()).append(" of ").append(ticks.size()).append(" ticks");
        for (int i = 0; i < Math.min(differ.size(), LISTED_STOP_DIFFERENCES); i++) {
            ReplayedTick t = differ.get(i);
            b.append(i == 0 ? ": " : ", ").append(String.format(Locale.ROOT, "tick %d (%.2f s: recorded %s, replayed %s)",
                    t.tick, t.timeS, t.recordedReason, t.replayedReason));
        }
        if (differ.size() > LISTED_STOP_DIFFERENCES) {
            b.append(", ...");
        }
        b.append(System.lineSeparator());
        return b.toString();
    }

    private static void line(StringBuilder b, String name, Stats s) {
        b.append(String.format(Locale.ROOT, "%-32s %8d %12.3g %12.3g %12.3g%n", name, s.count(), s.max(), s.mean(), s.p99()));
    }

    /**
     * One row per tick: time, both stop reasons, the largest observation difference, then per
     * feature its difference, per action and command quantity the recorded, replayed and difference.
     * An empty cell is a value one side does not have.
     */
    public void writeCsv(Path out) throws IOException {
        try (Writer w = Files.newBufferedWriter(out); PrintWriter p = new PrintWriter(w)) {
            StringBuilder h = new StringBuilder("tick,time_s,recorded_stop_reason,replayed_stop_reason,stop_decision_differs,observation_max_diff");
            for (String f : featureNames) {
                h.append(",observation_diff.").append(f);
            }
            for (String a : actionNames) {
                h.append(",action.").append(a).append(".recorded,action.").append(a).append(".replayed,action.").append(a).append(".diff");
            }
            for (String c : TickReplay.COMMAND_NAMES) {
                h.append(",command.").append(c).append(".recorded,command.").append(c).append(".replayed,command.").append(c).append(".diff");
            }
            p.println(h);
            for (ReplayedTick t : ticks) {
                StringBuilder r = new StringBuilder();
                r.append(t.tick).append(',').append(String.format(Locale.ROOT, "%.6f", t.timeS)).append(',').append(t.recordedReason)
                        .append(',').append(t.replayedReason).append(',').append(t.stopDecisionDiffers()).append(',')
                        .append(cell(t.observationMaxDiff()));
                for (double d : t.observationDiff) {
                    r.append(',').append(cell(d));
                }
                for (int j = 0; j < actionNames.size(); j++) {
                    r.append(',').append(cell(t.recordedAction[j])).append(',').append(cell(t.acted ? t.action[j] : Double.NaN))
                            .append(',').append(cell(t.actionDiff[j]));
                }
                for (int k = 0; k < t.command.length; k++) {
                    r.append(',').append(cell(t.recordedCommand[k])).append(',').append(cell(t.command[k])).append(',').append(cell(t.commandDiff[k]));
                }
                p.println(r);
            }
        }
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** The policy's raw action, and the command (v and w), over time, recorded and replayed, to {@code out} (PNG). */
    public void writePlot(Path out, String title) throws IOException {
        double[] time = ticks.stream().mapToDouble(t -> t.timeS).toArray();
        List<String> actionSeries = new ArrayList<>();
        List<double[]> actionValues = new ArrayList<>();
        for (int j = 0; j < actionNames.size(); j++) {
            final int jj = j;
            actionSeries.add(actionNames.get(j) + " recorded");
            actionValues.add(ticks.stream().mapToDouble(t -> t.recordedAction[jj]).toArray());
            actionSeries.add(actionNames.get(j) + " replayed");
            actionValues.add(ticks.stream().mapToDouble(t -> t.acted ? t.action[jj] : Double.NaN).toArray());
        }
        List<String> commandSeries = new ArrayList<>();
        List<double[]> commandValues = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            final int kk = k;
            commandSeries.add(TickReplay.COMMAND_NAMES.get(k) + " recorded");
            commandValues.add(ticks.stream().mapToDouble(t -> t.recordedCommand[kk]).toArray());
            commandSeries.add(TickReplay.COMMAND_NAMES.get(k) + " replayed");
            commandValues.add(ticks.stream().mapToDouble(t -> t.command[kk]).toArray());
        }
        Plots.timeSeries(out, title, "controller time [s]", time, List.of(
                new Plots.Panel("policy action (graph output)", actionSeries, actionValues),
                new Plots.Panel("command [m/s, rad/s]", commandSeries, commandValues)));
    }
}
