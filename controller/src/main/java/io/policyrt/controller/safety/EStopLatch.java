package io.policyrt.controller.safety;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-stop as a safety function: a latch per source that every engage sets and only a
 * deliberate release clears ({@link EStopRules}). Unlike a sensor slot it keeps no last value:
 * every engage counts, whatever its stamp, order or what followed it within the same tick, and a
 * message that cannot be read counts as an engage from its sender.
 *
 * <p>A source is what the transport can tell apart (ROS 1 caller id, ROS 2 writer GUID, MQTT
 * topic or the payload's {@code source}). Up to {@value #MAX_SOURCES} sources are tracked apart;
 * beyond that, new ones share one entry (a flood of invented names cannot push a held engage out).
 * A release from one source never clears another source's engage.
 *
 * <p>Writers (transport threads) serialise on this object; the control thread reads volatile
 * summaries ({@link #engages()}, {@link #latched()}, {@link #silent()}) without locking or
 * allocating.
 */
public final class EStopLatch implements InputSlot<EStopSignal> {
    /** Sources tracked apart. */
    public static final int MAX_SOURCES = 16;
    private static final String OTHER_SOURCES = "(other sources)";
    private static final Logger LOG = LoggerFactory.getLogger(EStopLatch.class);

    private final EStopRules rules;
    private final NanoClock clock;
    private final String[] sources = new String[MAX_SOURCES + 1];
    private final boolean[] held = new boolean[MAX_SOURCES + 1];
    private final boolean[] reportsEngaged = new boolean[MAX_SOURCES + 1];
    private final long[] engagedAtNanos = new long[MAX_SOURCES + 1];
    private final long[] heardAtNanos = new long[MAX_SOURCES + 1];
    private final RateLimitedLog engageLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedLog refusalLog = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
    private final InputSlot<EStopSignal> releaseInput = new ReleaseInput();

    private volatile long engages;
    private volatile long releases;
    private volatile long refusedReleases;
    private volatile int heldCount;
    private volatile long lastMessageNanos;
    private volatile boolean heard;

    /** @param clock arrival time of e-stop messages (monotonic; the simulated clock in lock-step runs) */
    public EStopLatch(EStopRules rules, NanoClock clock) {
        this.rules = rules;
        this.clock = clock;
        sources[MAX_SOURCES] = OTHER_SOURCES;
    }

    // ---- writers: transport threads --------------------------------------------------------

    /** A message on the e-stop topic: {@code true} engages; {@code false} releases per the rules. */
    @Override
    public synchronized void write(EStopSignal value, String source) {
        String from = value.source() != null ? value.source() : source;
        if (value.engaged()) {
            engage(from, "engaged");
        } else {
            buttonReleased(from);
        }
    }

    /** A message on the e-stop topic that could not be read counts as an engage from its sender. */
    @Override
    public synchronized void refused(String source) {
        engage(source, "an unreadable e-stop message counts as an engage");
    }

    /** Engages are never judged by their stamps. */
    @Override
    public boolean stampRulesApply() {
        return false;
    }

    /**
     * Where messages of the separate release topic go ({@link EStopRules.Release#RELEASE_TOPIC}):
     * {@code false} releases, {@code true} or an unreadable message engages.
     */
    public InputSlot<EStopSignal> releaseInput() {
        return releaseInput;
    }

    private void engage(String source, String why) {
        long now = clock.nanoTime();
        int i = entry(source, now);
        if (!held[i]) {
            held[i] = true;
            heldCount = heldCount + 1;
        }
        engagedAtNanos[i] = now;
        reportsEngaged[i] = true;
        heardAtNanos[i] = now;
        heard(now);
        engages = engages + 1;
        engageLog.warn("e-stop: " + why + " by", sources[i]);
    }

    private void buttonReleased(String source) {
        long now = clock.nanoTime();
        int i = entry(source, now);
        reportsEngaged[i] = false;
        heardAtNanos[i] = now;
        heard(now);
        if (rules.release() != EStopRules.Release.SAME_SOURCE) {
            return; // the release topic decides
        }
        if (held[i]) {
            if (now - engagedAtNanos[i] >= rules.holdNanos()) {
                unlatch(i);
            } else {
                refuse("a release from " + sources[i] + " came before the hold time of",
                        TimeUnit.NANOSECONDS.toMillis(rules.holdNanos()) + " ms");
            }
        } else if (heldCount > 0) {
            refuse("a release from a source that holds no engage cannot clear another's:", sources[i]);
        }
    }

    private synchronized void releaseTopic(EStopSignal value, String source) {
        if (value.engaged()) {
            engage(value.source() != null ? value.source() : source, "engaged on the release topic");
            return;
        }
        if (rules.release() != EStopRules.Release.RELEASE_TOPIC) {
            refuse("a release-topic message while safety.estop.release is", rules.release().configName());
            return;
        }
        long now = clock.nanoTime();
        for (int i = 0; i <= MAX_SOURCES; i++) {
            boolean stillPressed = reportsEngaged[i] && now - heardAtNanos[i] < rules.holdNanos();
            if (held[i] && now - engagedAtNanos[i] >= rules.holdNanos() && !stillPressed) {
                unlatch(i);
            }
        }
        if (heldCount > 0) {
            refuse("a release left engages held (younger than the hold time, or still pressed):", Integer.toString(heldCount));
        }
    }

    private void unlatch(int i) {
        held[i] = false;
        heldCount = heldCount - 1;
        releases = releases + 1;
        LOG.warn("e-stop: released by {} ({} engage(s) still held)", sources[i], heldCount);
    }

    private void refuse(String what, String detail) {
        refusedReleases = refusedReleases + 1;
        refusalLog.warn("e-stop: " + what, detail);
    }

    private void heard(long now) {
        lastMessageNanos = now;
        heard = true;
    }

    /** The entry of {@code source}: its own, a free one, one not held that was heard from longest ago, or the shared one. */
    private int entry(String source, long now) {
        String name = source == null ? "(unknown)" : source;
        int reusable = -1;
        for (int i = 0; i < MAX_SOURCES; i++) {
            if (sources[i] == null) {
                sources[i] = name;
                return i;
            }
            if (sources[i].equals(name)) {
                return i;
            }
            if (!held[i] && (reusable < 0 || heardAtNanos[i] < heardAtNanos[reusable])) {
                reusable = i;
            }
        }
        if (reusable >= 0) {
            sources[reusable] = name;
            reportsEngaged[reusable] = false;
            return reusable;
        }
        return MAX_SOURCES;
    }

    // ---- readers: the control thread, status ------------------------------------------------

    /** Engages received so far; a change since the last tick means an engage the tick must honour. */
    public long engages() { return engages; }

    /** Whether any source holds an engage. */
    public boolean latched() { return heldCount > 0; }

    /** Whether a heartbeat is required and no e-stop message arrived within it (or none yet). */
    public boolean silent() {
        long heartbeat = rules.heartbeatNanos();
        return heartbeat > 0 && (!heard || clock.nanoTime() - lastMessageNanos > heartbeat);
    }

    /** Releases that cleared an engage. */
    public long releases() { return releases; }

    /** Releases that cleared nothing: too early, from another source, or on the wrong topic. */
    public long refusedReleases() { return refusedReleases; }

    public EStopRules rules() { return rules; }

    /** The sources holding an engage now, comma-separated (empty when none); allocates: status only. */
    public synchronized String holders() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= MAX_SOURCES; i++) {
            if (held[i]) {
                sb.append(sb.length() == 0 ? "" : ",").append(sources[i]);
            }
        }
        return sb.toString();
    }

    /** Messages of the release topic. */
    private final class ReleaseInput implements InputSlot<EStopSignal> {
        @Override
        public void write(EStopSignal value, String source) {
            releaseTopic(value, source);
        }

        @Override
        public void refused(String source) {
            EStopLatch.this.refused(source);
        }

        @Override
        public boolean stampRulesApply() {
            return false;
        }
    }
}
