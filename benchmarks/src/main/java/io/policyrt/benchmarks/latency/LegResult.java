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
}
