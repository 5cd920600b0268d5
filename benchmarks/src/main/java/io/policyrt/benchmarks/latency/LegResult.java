package io.policyrt.benchmarks.latency;

import org.HdrHistogram.Histogram;

/**
 * What one leg measured.
 *
 * @param endToEnd    at the driver: command arrival minus the echoed odometry stamp [ns]
 * @param noiseFloor  the busy-wait probe's deadline lateness at the leg's rate, measured alongside [ns]; null when the probe was off
 */
public record LegResult(LegSpec spec, double measuredSeconds, long odometrySent, long commands, long stops, long withoutEcho,
                        Histogram endToEnd, NodeStats node, Histogram noiseFloor) {

    /** The same leg measured in two rounds, as one result. */
    public LegResult plus(LegResult o) {
        if (!spec.equals(o.spec)) {
            throw new IllegalArgumentException("cannot add " + o.spec.name() + " to " + spec.name());
        }
        return new LegResult(spec, measuredSeconds + o.measuredSeconds, odometrySent + o.odometrySent, commands + o.commands,
                stops + o.stops, withoutEcho + o.withoutEcho, NodeStats.add(endToEnd, o.endToEnd), node.plus(o.node),
                NodeStats.add(noiseFloor, o.noiseFloor));
    }
}
