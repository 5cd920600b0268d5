package io.policyrt.benchmarks.latency;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one leg measured.
 *
 * @param endToEnd    at the driver: command arrival minus the echoed odometry stamp [ns]
 * @param noiseFloor  the busy-wait probe's deadline lateness at the leg's rate, measured alongside [ns]; null when the probe was off
 * @param hops        where the end-to-end time went, hop by hop in path order ({@link CommandHops#hops()}) [ns]; empty when not traced
 */
public record LegResult(LegSpec spec, double measuredSeconds, long odometrySent, long commands, long stops, long withoutEcho,
                        Histogram endToEnd, NodeStats node, Histogram noiseFloor, Map<String, Histogram> hops) {

    /** A leg without per-hop timing. */
    public LegResult(LegSpec spec, double measuredSeconds, long odometrySent, long commands, long stops, long withoutEcho,
                     Histogram endToEnd, NodeStats node, Histogram noiseFloor) {
        this(spec, measuredSeconds, odometrySent, commands, stops, withoutEcho, endToEnd, node, noiseFloor, Map.of());
    }

    /** The same leg measured in two rounds, as one result. */
    public LegResult plus(LegResult o) {
        if (!spec.equals(o.spec)) {
            throw new IllegalArgumentException("cannot add " + o.spec.name() + " to " + spec.name());
        }
        return new LegResult(spec, measuredSeconds + o.measuredSeconds, odometrySent + o.odometrySent, commands + o.commands,
                stops + o.stops, withoutEcho + o.withoutEcho, NodeStats.add(endToEnd, o.endToEnd), node.plus(o.node),
                NodeStats.add(noiseFloor, o.noiseFloor), addHops(hops, o.hops));
    }

    /** Hop histograms of both rounds added by name; a hop only one round saw is kept as it is. */
    private static Map<String, Histogram> addHops(Map<String, Histogram> a, Map<String, Histogram> b) {
        Map<String, Histogram> sum = new LinkedHashMap<>();
        for (Map.Entry<String, Histogram> e : a.entrySet()) {
            Histogram other = b.get(e.getKey());
            sum.put(e.getKey(), other == null ? e.getValue() : NodeStats.add(e.getValue(), other));
        }
        for (Map.Entry<String, Histogram> e : b.entrySet()) {
            sum.putIfAbsent(e.getKey(), e.getValue());
        }
        return sum;
    }
}
