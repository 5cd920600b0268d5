package io.policyrt.benchmarks.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * What a soak saw: the resource samples, the recovery time after each disturbance (NaN: none within
 * the bound), the commands the robot received and how many were bad, the sensor messages the
 * controller's decoders refused, the governor's counts of caught bad values, and the invariants
 * that broke ({@link #failures()}, empty when it passed). {@code baselineAfterS}: when the first
 * disturbance ended [s], NaN when there was none; the resource baseline is the first sample after it.
 */
public record SoakResult(SoakSettings settings, double baselineAfterS, List<ResourceSample> samples, List<Double> recoveriesS, long commandsReceived,
                         long badCommands, long floodMessages, long sensorRejects, int episodes, long nonFiniteObservationTicks,
                         long nonFiniteActionTicks, long outOfLimitTicks, List<String> failures) {
    public SoakResult {
        samples = List.copyOf(samples);
        recoveriesS = List.copyOf(recoveriesS);
        failures = new ArrayList<>(failures);
        failures.addAll(flatness(settings, baselineAfterS, samples));
        failures = List.copyOf(failures);
    }

    public boolean passed() { return failures.isEmpty(); }

    /**
     * The baseline: the first sample after the first disturbance ended (the transports have built
     * their reconnect machinery by then), or the first sample when there was no disturbance.
     */
    static ResourceSample baseline(List<ResourceSample> samples, double afterS) {
        return samples.stream().filter(r -> r.elapsedS() > afterS).findFirst().orElse(samples.get(0));
    }

    private static List<String> flatness(SoakSettings s, double afterS, List<ResourceSample> samples) {
        List<String> f = new ArrayList<>();
        if (samples.isEmpty()) {
            f.add("no resource sample was taken");
            return f;
        }
        ResourceSample base = baseline(samples, afterS);
        ResourceSample last = samples.get(samples.size() - 1);
        if (last.threads() > base.threads() + s.threadMargin()) {
            f.add("threads grew from " + base.threads() + " to " + last.threads() + " (margin " + s.threadMargin() + ")");
        }
        if (base.fds() >= 0 && last.fds() > base.fds() + s.fdMargin()) {
            f.add("file descriptors grew from " + base.fds() + " to " + last.fds() + " (margin " + s.fdMargin() + ")");
        }
        if (last.heapUsedBytes() > base.heapUsedBytes() + s.heapMarginBytes()) {
            f.add(String.format(Locale.ROOT, "heap after GC grew from %.1f MiB to %.1f MiB (margin %.1f MiB)", base.heapUsedBytes() / 1048576.0,
                    last.heapUsedBytes() / 1048576.0, s.heapMarginBytes() / 1048576.0));
        }
        return f;
    }

    /** The summary: baseline, last and max of each resource, the recoveries, the command checks and the verdict. */
    void print(PrintStream out) {
        ResourceSample base = baseline(samples, baselineAfterS);
        ResourceSample last = samples.get(samples.size() - 1);
        out.printf(Locale.ROOT, "%nresources (baseline = first sample after the first disturbance, %.1f s):  baseline  last  max%n", baselineAfterS);
        out.printf(Locale.ROOT, "  heap after GC [MiB]  %8.1f %5.1f %5.1f%n", base.heapUsedBytes() / 1048576.0,
                last.heapUsedBytes() / 1048576.0, max(ResourceSample::heapUsedBytes) / 1048576.0);
        out.printf(Locale.ROOT, "  threads              %8d %5d %5d%n", base.threads(), last.threads(), max(ResourceSample::threads));
        out.printf(Locale.ROOT, "  file descriptors     %8d %5d %5d%n", base.fds(), last.fds(), max(ResourceSample::fds));
        double worst = recoveriesS.stream().mapToDouble(d -> Double.isNaN(d) ? Double.POSITIVE_INFINITY : d).max().orElse(0);
        out.printf(Locale.ROOT, "disturbances: %d (malformed messages %d, sensor messages the controller refused %d), robot moving again"
                + " after each within %.2f s (bound %.0f s); episodes %d%n", recoveriesS.size(), floodMessages, sensorRejects, worst,
                settings.recoveryBoundS(), episodes);
        out.printf(Locale.ROOT, "commands at the robot: %d, non-finite or out of limits: %d; governor stops for non-finite observation %d,"
                + " non-finite action %d, command out of limits %d ticks%n", commandsReceived, badCommands, nonFiniteObservationTicks,
                nonFiniteActionTicks, outOfLimitTicks);
        if (passed()) {
            out.println("PASS: no bad command, service back after every disturbance, threads, fds and heap flat");
        } else {
            failures.forEach(m -> out.println("FAIL: " + m));
        }
    }

    private long max(ToLongFunction<ResourceSample> f) {
        return samples.stream().max(Comparator.comparingLong(f)).map(f::applyAsLong).orElse(0L);
    }
}
