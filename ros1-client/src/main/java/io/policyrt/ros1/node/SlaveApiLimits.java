package io.policyrt.ros1.node;

/**
 * Bounds on the node's XML-RPC slave API server, so that peers that connect and send nothing,
 * send slowly, or send many requests at once cannot stop the master's and other nodes' calls
 * from being answered.
 *
 * @param requestDeadlineMs      the whole request (request line, headers and body) must arrive within
 *                               this time of the connection being accepted, and the answer must be
 *                               taken within this time of being ready; otherwise the connection is closed
 * @param workers                threads that run requests (parse and answer); idle ones end after 30 s
 * @param queuedRequests         complete requests that may wait for a worker; beyond workers plus
 *                               these, a request is answered with HTTP 503
 * @param maxConnections         open connections at once, over all peers; beyond it a new one gets 503
 * @param maxConnectionsPerPeer  open connections at once from one peer address; beyond it 503
 * @param maxHeaderBytes         longest request line plus headers; beyond it 431
 */
public record SlaveApiLimits(int requestDeadlineMs, int workers, int queuedRequests, int maxConnections,
                             int maxConnectionsPerPeer, int maxHeaderBytes) {
    /**
     * 5 s per request, 8 workers and 8 queued requests, 128 connections, 32 per peer address, 16 KiB
     * of headers. A slave API request is a few kilobytes at most (a publisherUpdate with its URI
     * list) and arrives in one or two TCP segments, so 5 s leaves room for retransmissions on a
     * poor wireless link. On one computer every node and the master connect from the same loopback
     * address, hence the generous per-peer number.
     */
    public static final SlaveApiLimits DEFAULT = new SlaveApiLimits(5000, 8, 8, 128, 32, 16 << 10);

    public SlaveApiLimits {
        if (requestDeadlineMs <= 0 || workers <= 0 || queuedRequests < 0 || maxConnections <= 0 || maxConnectionsPerPeer <= 0
                || maxHeaderBytes < 256) {
            throw new IllegalArgumentException("slave API limits must be positive (headers at least 256 bytes): "
                    + requestDeadlineMs + ", " + workers + ", " + queuedRequests + ", " + maxConnections + ", "
                    + maxConnectionsPerPeer + ", " + maxHeaderBytes);
        }
    }

    public SlaveApiLimits withRequestDeadlineMs(int ms) {
        return new SlaveApiLimits(ms, workers, queuedRequests, maxConnections, maxConnectionsPerPeer, maxHeaderBytes);
    }

    public SlaveApiLimits withWorkers(int newWorkers, int newQueuedRequests) {
        return new SlaveApiLimits(requestDeadlineMs, newWorkers, newQueuedRequests, maxConnections, maxConnectionsPerPeer,
                maxHeaderBytes);
    }

    public SlaveApiLimits withConnections(int total, int perPeer) {
        return new SlaveApiLimits(requestDeadlineMs, workers, queuedRequests, total, perPeer, maxHeaderBytes);
    }
}
