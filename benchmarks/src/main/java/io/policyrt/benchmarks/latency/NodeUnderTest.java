package io.policyrt.benchmarks.latency;

/** A controller the harness feeds sensors and times: PolicyRT itself or one of the peer baselines. */
public interface NodeUnderTest extends AutoCloseable {
    /** Starts the node; returns once it receives sensor messages. */
    void start() throws Exception;

    /** Forgets what the node measured so far (after warm-up). */
    void resetStats();

    /** Stops the node and returns what it measured about itself. */
    NodeStats stop() throws Exception;

    /** Releases whatever {@link #stop} did not (idempotent; after a failure too). */
    @Override
    void close();
}
