package io.policyrt.drivers.ros2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the remote endpoints that share a topic and a type with one of PolicyRT's endpoints but
 * do not match it because their QoS is incompatible, and reports each once (a warning and an entry
 * in {@link #mismatches()}) with the topic, PolicyRT's QoS and what the other side's must be.
 *
 * <p>How: the IHMC library reports matches, not DDS's incompatible-QoS status. So beside each
 * real endpoint PolicyRT keeps a probe that accepts any QoS (a best-effort volatile reader beside
 * a subscription, a reliable transient-local writer beside a publisher). A remote endpoint that
 * the probe matches and the real endpoint does not, for longer than the settle time, has
 * incompatible QoS. The probes of a remote PolicyRT match every real endpoint there, so two
 * PolicyRT processes never report each other's probes. Discovery threads call in; any thread reads.
 */
public final class QosMismatchMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(QosMismatchMonitor.class);

    /** Which side of a topic PolicyRT is on. */
    enum Side { SUBSCRIPTION, PUBLICATION }

    private final long settleNanos;
    private final Map<String, Watch> watches = new HashMap<>();
    private final List<String> mismatches = new CopyOnWriteArrayList<>();

    /** @param settleNanos how long a probe-only match must last before it counts (match events arrive at different times) */
    public QosMismatchMonitor(long settleNanos) {
        this.settleNanos = settleNanos;
    }

    private static final class Watch {
        final String topic;
        final Side side;
        final Ros2Qos ours;
        final Map<String, Boolean> realMatched = new HashMap<>();
        final Map<String, Long> probeOnlySince = new HashMap<>();
        final Map<String, Boolean> reported = new HashMap<>();

        Watch(String topic, Side side, Ros2Qos ours) {
            this.topic = topic;
            this.side = side;
            this.ours = ours;
        }
    }

    synchronized void watch(String topic, Side side, Ros2Qos ours) {
        watches.put(key(topic, side), new Watch(topic, side, ours));
    }

    private static String key(String topic, Side side) {
        return side + " " + topic;
    }

    /** The real endpoint matched ({@code matched}) or lost a remote endpoint. */
    synchronized void real(String topic, Side side, String remote, boolean matched) {
        Watch w = watches.get(key(topic, side));
        if (w == null) {
            return;
        }
        if (matched) {
            w.realMatched.put(remote, true);
            w.probeOnlySince.remove(remote);
        } else {
            w.realMatched.remove(remote);
        }
    }

    /** The probe matched or lost a remote endpoint. */
    synchronized void probe(String topic, Side side, String remote, boolean matched, long nowNanos) {
        Watch w = watches.get(key(topic, side));
        if (w == null) {
            return;
        }
        if (matched && !w.realMatched.containsKey(remote)) {
            w.probeOnlySince.putIfAbsent(remote, nowNanos);
        } else if (!matched) {
            w.probeOnlySince.remove(remote);
        }
    }

    /** Reports the probe-only matches older than the settle time; call periodically. */
    public void check(long nowNanos) {
        List<String> fresh = new ArrayList<>();
        synchronized (this) {
            for (Watch w : watches.values()) {
                for (Map.Entry<String, Long> e : w.probeOnlySince.entrySet()) {
                    String remote = e.getKey();
                    if (nowNanos - e.getValue() >= settleNanos && !w.reported.containsKey(remote)) {
                        w.reported.put(remote, true);
                        fresh.add(describe(w, remote));
                    }
                }
            }
        }
        for (String m : fresh) {
            mismatches.add(m);
            LOG.warn("ros2: {}", m);
        }
    }

    private static String describe(Watch w, String remote) {
        String theirs;
        if (w.side == Side.SUBSCRIPTION) {
            // A writer fails our reader when it offers less: best effort against our reliable, volatile against our transient local.
            boolean rel = w.ours.reliability() == Ros2Qos.Reliability.RELIABLE;
            boolean tl = w.ours.durability() == Ros2Qos.Durability.TRANSIENT_LOCAL;
            theirs = rel && !tl ? "BEST_EFFORT" : !rel && tl ? "VOLATILE" : "BEST_EFFORT or VOLATILE (or both)";
            return "QoS mismatch on " + w.topic + ": PolicyRT's subscription requests " + w.ours + ", publisher " + remote
                    + " offers " + theirs + "; they do not connect (make the publisher " + w.ours + ", or set this topic's QoS "
                    + "in the ros2 configuration)";
        }
        boolean be = w.ours.reliability() == Ros2Qos.Reliability.BEST_EFFORT;
        boolean vol = w.ours.durability() == Ros2Qos.Durability.VOLATILE;
        theirs = be && !vol ? "RELIABLE" : !be && vol ? "TRANSIENT_LOCAL" : "RELIABLE or TRANSIENT_LOCAL (or both)";
        return "QoS mismatch on " + w.topic + ": PolicyRT's publisher offers " + w.ours + ", subscription " + remote
                + " requests " + theirs + "; they do not connect (set this topic's QoS in the ros2 configuration to match)";
    }

    /** Every mismatch reported so far, oldest first. Any thread. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** Remote endpoints the real endpoint on {@code topic} matches now. */
    public synchronized int matchedCount(String topic, Side side) {
        Watch w = watches.get(key(topic, side));
        return w == null ? 0 : w.realMatched.size();
    }
}
