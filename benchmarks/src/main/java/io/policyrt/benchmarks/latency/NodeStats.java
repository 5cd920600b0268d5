package io.policyrt.benchmarks.latency;

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
 */
public record NodeStats(Histogram processing, Histogram wakeLateness, Histogram inputAge, long missedDeadlines,
                        String processingScope) {
}
