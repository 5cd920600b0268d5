package io.policyrt.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.time.ManualClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EStopLatchTest {
    private static final long HOLD = TimeUnit.MILLISECONDS.toNanos(500);
    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final EStopSignal msg = new EStopSignal();

    private EStopLatch latch(EStopRules.Release release, long heartbeatNanos) {
        return new EStopLatch(new EStopRules(release, HOLD, heartbeatNanos), clock);
    }

    private void send(EStopLatch l, boolean engaged, String source) {
        l.write(msg.set(clock.nanoTime(), engaged), source);
    }

    @Test
    void an_engage_released_within_one_tick_is_still_counted() {
        EStopLatch l = new EStopLatch(new EStopRules(EStopRules.Release.SAME_SOURCE, 0, 0), clock);
        long before = l.engages();
        send(l, true, "button");
        send(l, false, "button"); // hold 0: released at once
        assertThat(l.latched()).isFalse();
        assertThat(l.engages()).as("the loop sees a new engage and stops one tick").isEqualTo(before + 1);
    }

    @Test
    void same_source_release_needs_the_hold_time_and_the_same_source() {
        EStopLatch l = latch(EStopRules.Release.SAME_SOURCE, 0);
        send(l, true, "button");
        clock.advance(HOLD - 1);
        send(l, false, "button");
        assertThat(l.latched()).as("too early").isTrue();
        clock.advance(1);
        send(l, false, "dashboard");
        assertThat(l.latched()).as("another source").isTrue();
        assertThat(l.refusedReleases()).isEqualTo(2);
        send(l, false, "button");
        assertThat(l.latched()).isFalse();
        assertThat(l.releases()).isEqualTo(1);
    }

    @Test
    void a_source_named_in_the_message_wins_over_the_transports() {
        EStopLatch l = latch(EStopRules.Release.SAME_SOURCE, 0);
        l.write(msg.set(0, true, "pendant-1"), "estop-topic");
        clock.advance(HOLD);
        l.write(msg.set(0, false, "pendant-2"), "estop-topic");
        assertThat(l.holders()).isEqualTo("pendant-1");
        l.write(msg.set(0, false, "pendant-1"), "estop-topic");
        assertThat(l.latched()).isFalse();
    }

    @Test
    void release_topic_mode_ignores_false_on_the_estop_topic_and_keeps_a_still_pressed_source() {
        EStopLatch l = latch(EStopRules.Release.RELEASE_TOPIC, 0);
        send(l, true, "button");
        send(l, true, "script");
        clock.advance(HOLD);
        send(l, false, "button"); // button let go: waits for the release topic
        assertThat(l.holders()).isEqualTo("button,script");
        send(l, true, "script");  // still pressed, reported now
        l.releaseInput().write(msg.set(0, false), "operator");
        assertThat(l.holders()).as("the still-pressed source keeps its engage").isEqualTo("script");
        clock.advance(HOLD);
        l.releaseInput().write(msg.set(0, false), "operator");
        assertThat(l.latched()).isFalse();
        l.releaseInput().write(msg.set(0, true), "operator");
        assertThat(l.latched()).as("true on the release topic engages").isTrue();
    }

    @Test
    void the_release_topic_does_nothing_in_same_source_mode() {
        EStopLatch l = latch(EStopRules.Release.SAME_SOURCE, 0);
        send(l, true, "button");
        clock.advance(HOLD);
        l.releaseInput().write(msg.set(0, false), "operator");
        assertThat(l.latched()).isTrue();
    }

    @Test
    void unreadable_messages_engage_on_either_topic() {
        EStopLatch l = latch(EStopRules.Release.RELEASE_TOPIC, 0);
        l.refused("garbler");
        assertThat(l.holders()).isEqualTo("garbler");
        l.releaseInput().refused("other");
        assertThat(l.holders()).isEqualTo("garbler,other");
        assertThat(l.stampRulesApply()).isFalse();
        assertThat(l.releaseInput().stampRulesApply()).isFalse();
    }

    @Test
    void heartbeat_stops_until_the_first_message_and_after_silence() {
        EStopLatch l = latch(EStopRules.Release.SAME_SOURCE, HOLD);
        assertThat(l.silent()).as("nothing heard yet").isTrue();
        send(l, false, "button");
        assertThat(l.silent()).isFalse();
        clock.advance(HOLD + 1);
        assertThat(l.silent()).isTrue();
        send(l, false, "button");
        assertThat(l.silent()).isFalse();
        assertThat(latch(EStopRules.Release.SAME_SOURCE, 0).silent()).as("no heartbeat required").isFalse();
    }

    @Test
    void a_flood_of_invented_sources_cannot_push_out_a_held_engage() {
        EStopLatch l = latch(EStopRules.Release.SAME_SOURCE, 0);
        send(l, true, "button");
        clock.advance(HOLD);
        for (int i = 0; i < 1000; i++) {
            send(l, false, "spoof-" + i);
        }
        assertThat(l.holders()).isEqualTo("button");
        for (int i = 0; i < 100; i++) {
            send(l, true, "spoof-" + i); // beyond the table they share one entry
        }
        clock.advance(HOLD);
        send(l, false, "button");
        assertThat(l.holders()).doesNotContain("button").contains("(other sources)");
    }

    @Test
    void rules_are_checked() {
        assertThatThrownBy(() -> new EStopRules(null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EStopRules(EStopRules.Release.SAME_SOURCE, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(EStopRules.Release.fromConfig("release_topic")).isEqualTo(EStopRules.Release.RELEASE_TOPIC);
        assertThatThrownBy(() -> EStopRules.Release.fromConfig("anyone")).hasMessageContaining("same_source");
    }
}
