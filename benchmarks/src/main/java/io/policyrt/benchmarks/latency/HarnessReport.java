package io.policyrt.benchmarks.latency;

import io.policyrt.controller.loop.TriggerMode;
import io.policyrt.launch.plot.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes a harness run's results: {@code results.md} (tables and ratios), {@code results.json}
 * (the same numbers for tools and tests) and PNG latency-percentile plots per transport.
 */
public final class HarnessReport {
    /** The metrics of a leg, in report order: JSON key and heading. */
    private static final String[][] METRICS = {
        {"end_to_end", "End-to-end: odometry stamp to command arrival at the driver"},
        {"processing", "Processing per tick or message (scope per node in the leg table)"},
        {"wake_lateness", "Wake-up lateness"},
        {"input_age", "Input age at command time (command stamp minus newest odometry stamp)"},
        {"noise_floor", "Noise floor: busy-wait deadline lateness at the leg's rate, same time"},
    };

    private final List<LegResult> legs;
    private final String command;
    private final String machine;

    public HarnessReport(List<LegResult> legs, String command, String machine) {
        this.legs = legs;
        this.command = command;
        this.machine = machine;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown());
        Files.writeString(dir.resolve("results.json"), json());
        plots(dir);
    }

    private static Histogram metric(LegResult r, String key) {
        switch (key) {
            case "end_to_end": return r.endToEnd();
            case "processing": return r.node().processing();
            case "wake_lateness": return r.node().wakeLateness();
            case "input_age": return r.node().inputAge();
            case "noise_floor": return r.noiseFloor();
            default: throw new IllegalArgumentException(key);
        }
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.1f", v);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# PolicyRT latency harness\n\n");
        md.append("Command: `").append(command).append("`\n\n").append(machine).append("\n\n");
        md.append("| leg | measured s | odometry sent | commands | stop commands | missed deadlines | processing spans |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (LegResult r : legs) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %s | %s |\n", r.spec().name(), r.measuredSeconds(),
                    r.odometrySent(), r.commands(), r.stops(), r.node().missedDeadlines() < 0 ? "n/a" : Long.toString(r.node().missedDeadlines()),
                    r.node().processingScope()));
        }
        for (String[] m : METRICS) {
            md.append("\n## ").append(m[1]).append(" [us]\n\n| leg | samples | p50 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|\n");
            for (LegResult r : legs) {
                Histogram h = metric(r, m[0]);
                if (h == null || h.getTotalCount() == 0) {
                    continue;
                }
                md.append("| ").append(r.spec().name()).append(" | ").append(h.getTotalCount());
                for (double p : new double[] {50, 99, 99.9}) {
                    md.append(" | ").append(fmt(us(h.getValueAtPercentile(p))));
                }
                md.append(" | ").append(fmt(us(h.getMaxValue()))).append(" |\n");
            }
        }
        md.append("\n## Ratios within this run (peer / PolicyRT; above 1: PolicyRT is faster)\n\n");
        md.append("| comparison | metric | peer p50 | PolicyRT p50 | ratio p50 | peer p99 | PolicyRT p99 | ratio p99 |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Ratio q : ratios()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1fx | %s | %s | %.1fx |\n", q.label, q.metric,
                    fmt(us(q.peer.getValueAtPercentile(50))), fmt(us(q.ours.getValueAtPercentile(50))), q.ratio(50),
                    fmt(us(q.peer.getValueAtPercentile(99))), fmt(us(q.ours.getValueAtPercentile(99))), q.ratio(99)));
        }
        md.append("\nIn timer mode the end-to-end time includes the wait for the next tick: the sensor stream and the loop run at\n"
                + "unrelated phases, so there its p50 mostly shows the phase. Compare processing and wake-up lateness there. The\n"
                + "processing scopes differ per node (leg table): the naive Java tick includes a blocking QoS 1 publish.\n");
        List<OverFloor> overFloor = overFloor();
        if (!overFloor.isEmpty()) {
            md.append("\n## End-to-end over the transport floor [us]\n\n");
            md.append("What each leg adds over an echo on the same transport (the floor leg), at each percentile.\n\n");
            md.append("| leg | floor p50 | leg p50 | added p50 | floor p99 | leg p99 | added p99 |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (OverFloor o : overFloor) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |\n", o.leg.spec().name(), fmt(o.floor(50)),
                        fmt(o.leg(50)), fmt(o.added(50)), fmt(o.floor(99)), fmt(o.leg(99)), fmt(o.added(99))));
            }
        }
        md.append(hopsMarkdown());
        md.append("\n## PolicyRT tick by phase, p50 / p99 [us]\n\n");
        md.append("read: snapshot and path projection; infer: observation and policy; act: action shaping and safety; "
                + "write: hand-over to the transport.\n\n| leg | read | infer | act | write |\n|---|---:|---:|---:|---:|\n");
        for (LegResult r : legs) {
            if (r.node().phases().isEmpty()) {
                continue;
            }
            md.append("| ").append(r.spec().name());
            for (Histogram h : r.node().phases().values()) {
                md.append(" | ").append(fmt(us(h.getValueAtPercentile(50)))).append(" / ").append(fmt(us(h.getValueAtPercentile(99))));
            }
            md.append(" |\n");
        }
        md.append("\n## PolicyRT tick and wake-up lateness against the noise floor (p99, us)\n\n");
        md.append("| leg | tick p99 | wake-up lateness p99 | noise floor p99 | tick - floor | wake - floor |\n|---|---:|---:|---:|---:|---:|\n");
        for (LegResult r : legs) {
            if (r.spec().node() != LegSpec.Node.POLICYRT || r.noiseFloor() == null || r.noiseFloor().getTotalCount() == 0) {
                continue;
            }
            double tick = us(r.node().processing().getValueAtPercentile(99));
            double wake = us(r.node().wakeLateness().getValueAtPercentile(99));
            double floor = us(r.noiseFloor().getValueAtPercentile(99));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |\n", r.spec().name(), fmt(tick), fmt(wake), fmt(floor),
                    fmt(tick - floor), fmt(wake - floor)));
        }
        return md.toString();
    }

    /**
     * Per leg that traced them (PolicyRT and the floor), the time between consecutive moments of
     * each command, in path order; a hop's percentiles do not add up to the end-to-end ones.
     */
    String hopsMarkdown() {
        StringBuilder md = new StringBuilder();
        boolean any = false;
        for (LegResult r : legs) {
            if (r.hops().isEmpty()) {
                continue;
            }
            if (!any) {
                md.append("\n## Per hop: where each command's time went [us]\n\n");
                md.append("Each row is the time from one moment of a command to the next, matched by the odometry stamp the command\n"
                        + "echoes (System.nanoTime on every thread of the harness process). A hop's percentiles are its own; they do not\n"
                        + "add up to the end-to-end ones.\n");
                any = true;
            }
            md.append("\n### ").append(r.spec().name()).append("\n\n| hop | samples | p50 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, Histogram> e : r.hops().entrySet()) {
                Histogram h = e.getValue();
                md.append("| ").append(e.getKey()).append(" | ").append(h.getTotalCount());
                for (double p : new double[] {50, 99, 99.9}) {
                    md.append(" | ").append(fmt(us(h.getValueAtPercentile(p))));
                }
                md.append(" | ").append(fmt(us(h.getMaxValue()))).append(" |\n");
            }
        }
        return md.toString();
    }

    /** A peer leg against the PolicyRT leg it compares with, on one metric. */
    static final class Ratio {
        final String label;
        final String metric;
        final Histogram peer;
        final Histogram ours;

        Ratio(String label, String metric, Histogram peer, Histogram ours) {
            this.label = label;
            this.metric = metric;
            this.peer = peer;
            this.ours = ours;
        }

        double ratio(double percentile) {
            return (double) peer.getValueAtPercentile(percentile) / Math.max(1, ours.getValueAtPercentile(percentile));
        }
    }

    /** Each peer leg against the PolicyRT leg on the same transport with the same mode and rate (the floor is no peer). */
    List<Ratio> ratios() {
        List<Ratio> out = new ArrayList<>();
        for (LegResult peer : legs) {
            if (peer.spec().node() == LegSpec.Node.POLICYRT || peer.spec().node() == LegSpec.Node.FLOOR) {
                continue;
            }
            for (LegResult ours : legs) {
                LegSpec a = peer.spec();
                LegSpec b = ours.spec();
                if (b.node() != LegSpec.Node.POLICYRT || a.transport() != b.transport() || a.mode() != b.mode()
                        || (a.mode() == TriggerMode.TIMER && a.rateHz() != b.rateHz())) {
                    continue;
                }
                String label = a.node().label + " vs PolicyRT, " + a.transport().id + ", " + b.modeLabel();
                add(out, label, "end-to-end", peer.endToEnd(), ours.endToEnd());
                add(out, label, "processing", peer.node().processing(), ours.node().processing());
                add(out, label, "wake-up lateness", peer.node().wakeLateness(), ours.node().wakeLateness());
            }
        }
        return out;
    }

    /** An on-message leg against the floor leg of its transport, end to end. */
    static final class OverFloor {
        final LegResult leg;
        final LegResult floor;

        OverFloor(LegResult leg, LegResult floor) {
            this.leg = leg;
            this.floor = floor;
        }

        double leg(double percentile) {
            return us(leg.endToEnd().getValueAtPercentile(percentile));
        }

        double floor(double percentile) {
            return us(floor.endToEnd().getValueAtPercentile(percentile));
        }

        /** The leg's percentile minus the floor's [us]; negative when the leg beat the floor at that percentile. */
        double added(double percentile) {
            return leg(percentile) - floor(percentile);
        }
    }

    /** Every on-message leg (PolicyRT and its peers) on a transport that has a floor leg with samples. */
    List<OverFloor> overFloor() {
        List<OverFloor> out = new ArrayList<>();
        for (LegResult floor : legs) {
            if (floor.spec().node() != LegSpec.Node.FLOOR || floor.endToEnd().getTotalCount() == 0) {
                continue;
            }
            for (LegResult r : legs) {
                if (r.spec().node() != LegSpec.Node.FLOOR && r.spec().transport() == floor.spec().transport()
                        && r.spec().mode() == TriggerMode.ON_MESSAGE && r.endToEnd().getTotalCount() > 0) {
                    out.add(new OverFloor(r, floor));
                }
            }
        }
        return out;
    }

    private static void add(List<Ratio> out, String label, String metric, Histogram peer, Histogram ours) {
        if (peer != null && ours != null && peer.getTotalCount() > 0 && ours.getTotalCount() > 0) {
            out.add(new Ratio(label, metric, peer, ours));
        }
    }

    String json() {
        StringBuilder js = new StringBuilder("{\n  \"command\": ").append(quote(command)).append(",\n  \"machine\": ")
                .append(quote(machine)).append(",\n  \"legs\": [");
        for (int k = 0; k < legs.size(); k++) {
            LegResult r = legs.get(k);
            LegSpec s = r.spec();
            js.append(k > 0 ? "," : "").append("\n    {\"id\": ").append(quote(s.id())).append(", \"name\": ").append(quote(s.name()))
                    .append(", \"transport\": ").append(quote(s.transport().id)).append(", \"node\": ").append(quote(s.node().id))
                    .append(", \"mode\": ").append(quote(s.mode() == TriggerMode.TIMER ? "timer" : "on-message"))
                    .append(", \"phase_lock\": ").append(s.node() == LegSpec.Node.POLICYRT && s.mode() == TriggerMode.TIMER && s.phaseLock())
                    .append(String.format(Locale.ROOT, ", \"rate_hz\": %s, \"measured_s\": %.3f", s.rateHz(), r.measuredSeconds()))
                    .append(", \"odometry_sent\": ").append(r.odometrySent()).append(", \"commands\": ").append(r.commands())
                    .append(", \"stop_commands\": ").append(r.stops()).append(", \"commands_without_echo\": ").append(r.withoutEcho())
                    .append(", \"missed_deadlines\": ").append(r.node().missedDeadlines()).append(", \"metrics\": {");
            boolean first = true;
            for (String[] m : METRICS) {
                Histogram h = metric(r, m[0]);
                if (h == null) {
                    continue;
                }
                js.append(first ? "" : ", ").append(quote(m[0])).append(String.format(Locale.ROOT,
                        ": {\"count\": %d, \"p50_us\": %.3f, \"p99_us\": %.3f, \"p99_9_us\": %.3f, \"max_us\": %.3f}", h.getTotalCount(),
                        us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue())));
                first = false;
            }
            js.append("}, \"hops\": [");
            boolean firstHop = true;
            for (Map.Entry<String, Histogram> e : r.hops().entrySet()) {
                Histogram h = e.getValue();
                js.append(firstHop ? "" : ", ").append("{\"hop\": ").append(quote(e.getKey())).append(String.format(Locale.ROOT,
                        ", \"count\": %d, \"p50_us\": %.3f, \"p99_us\": %.3f, \"p99_9_us\": %.3f, \"max_us\": %.3f}", h.getTotalCount(),
                        us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue())));
                firstHop = false;
            }
            js.append("]}");
        }
        js.append("\n  ],\n  \"over_floor\": [");
        List<OverFloor> overFloor = overFloor();
        for (int k = 0; k < overFloor.size(); k++) {
            OverFloor o = overFloor.get(k);
            js.append(k > 0 ? "," : "").append("\n    {\"leg\": ").append(quote(o.leg.spec().id())).append(", \"floor\": ")
                    .append(quote(o.floor.spec().id())).append(String.format(Locale.ROOT,
                            ", \"added_p50_us\": %.3f, \"added_p99_us\": %.3f, \"added_p99_9_us\": %.3f}", o.added(50), o.added(99),
                            o.added(99.9)));
        }
        js.append("\n  ],\n  \"ratios\": [");
        List<Ratio> ratios = ratios();
        for (int k = 0; k < ratios.size(); k++) {
            Ratio q = ratios.get(k);
            js.append(k > 0 ? "," : "").append("\n    {\"comparison\": ").append(quote(q.label)).append(", \"metric\": ").append(quote(q.metric))
                    .append(String.format(Locale.ROOT, ", \"ratio_p50\": %.3f, \"ratio_p99\": %.3f, \"ratio_p99_9\": %.3f}", q.ratio(50), q.ratio(99),
                            q.ratio(99.9)));
        }
        return js.append("\n  ]\n}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Per transport: end-to-end of every leg; for the timer legs, tick, wake-up lateness and noise floor. */
    private void plots(Path dir) throws IOException {
        for (LegSpec.Transport t : LegSpec.Transport.values()) {
            List<String> names = new ArrayList<>();
            List<Histogram> hs = new ArrayList<>();
            List<String> loopNames = new ArrayList<>();
            List<Histogram> loopHs = new ArrayList<>();
            for (LegResult r : legs) {
                if (r.spec().transport() != t) {
                    continue;
                }
                String n = r.spec().node().label + ", " + r.spec().modeLabel();
                names.add(n);
                hs.add(r.endToEnd());
                if (r.spec().mode() == TriggerMode.TIMER) {
                    loopNames.add(n + ": processing");
                    loopHs.add(r.node().processing());
                    if (r.node().wakeLateness() != null) {
                        loopNames.add(n + ": wake-up lateness");
                        loopHs.add(r.node().wakeLateness());
                    }
                    if (r.noiseFloor() != null) {
                        loopNames.add(n + ": noise floor");
                        loopHs.add(r.noiseFloor());
                    }
                }
            }
            if (!names.isEmpty()) {
                Plots.latency(dir.resolve("latency-" + t.id + "-end-to-end.png"),
                        "End-to-end latency over " + t.id + " (odometry stamp to command arrival)", names, hs);
            }
            if (!loopNames.isEmpty()) {
                Plots.latency(dir.resolve("latency-" + t.id + "-timer-loops.png"),
                        "Timer loops over " + t.id + ": processing, wake-up lateness, noise floor", loopNames, loopHs);
            }
        }
    }
}
