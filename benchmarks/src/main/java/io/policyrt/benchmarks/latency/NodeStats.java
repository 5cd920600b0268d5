package io.policyrt.benchmarks.latency;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a node under test measured about itself during one leg [ns]; a histogram is null where
 * the node does not measure it.
 *
 * @param processing       time from the node's start of work on an input or deadline to the hand-over of its command
 * @param wakeLateness     timer: how late it started after each deadline; on-message: trigger publish to tick start
 * @param inputAge         command stamp minus the newest odometry stamp it used
 * @param missedDeadlines  timer periods skipped or ticks past their deadline; -1 when the node does not count them
 * @param processingScope  what {@code processing} spans, in words, for the report
 * @param phases           the parts of {@code processing} by name, in tick order; empty when the node does not time them
 */
public record NodeStats(Histogram processing, Histogram wakeLateness, Histogram inputAge, long missedDeadlines,
                        String processingScope, Map<String, Histogram> phases) {

    /** Both measurements together: histograms added, missed deadlines summed (-1 stays -1). */
    public NodeStats plus(NodeStats o) {
        Map<String, Histogram> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Histogram> e : phases.entrySet()) {
            merged.put(e.getKey(), add(e.getValue(), o.phases.get(e.getKey())));
        }
        long missed = missedDeadlines < 0 || o.missedDeadlines < 0 ? -1 : missedDeadlines + o.missedDeadlines;
        return new NodeStats(add(processing, o.processing), add(wakeLateness, o.wakeLateness), add(inputAge, o.inputAge), missed,
                processingScope, merged);
    }

    /** A new histogram holding both; null when either is null. */
    static Histogram add(Histogram a, Histogram b) {
        if (a == null || b == null) {
            return null;
        }
        Histogram sum = a.copy();
        sum.add(b);
        return sum;
    }
}
