package io.policyrt.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.telemetry.TickRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring between the control thread and the recorder's writer never blocks: a full ring drops and counts. */
class TickRingTest {
    private final TickRecord record = new TickRecord(List.of("a", "b"), List.of("v_mps", "w_radps"));

    @Test
    void capacity_is_rounded_up_to_a_power_of_two() {
        assertThat(new TickRing(record, 1).capacity()).isEqualTo(2);
        assertThat(new TickRing(record, 4).capacity()).isEqualTo(4);
        assertThat(new TickRing(record, 5).capacity()).isEqualTo(8);
        assertThat(new TickRing(record, 4096).capacity()).isEqualTo(4096);
    }

    @Test
    void a_full_ring_drops_the_newest_ticks_and_counts_them_and_keeps_the_oldest_in_order() {
        TickRing ring = new TickRing(record, 4);
        for (int i = 0; i < 10; i++) {
            record.tickIndex = i;
            record.featureRaw[0] = i * 0.5;
            ring.onTick(record); // never waits: ticks 4..9 find the ring full
        }
        assertThat(ring.offered()).isEqualTo(10);
        assertThat(ring.dropped()).isEqualTo(6);
        for (int i = 0; i < 4; i++) {
            TickRecord r = ring.peek();
            assertThat(r.tickIndex).isEqualTo(i);
            assertThat(r.featureRaw[0]).isEqualTo(i * 0.5);
            ring.release();
        }
        assertThat(ring.peek()).isNull();

        // Space again after the writer released the slots.
        record.tickIndex = 10;
        ring.onTick(record);
        assertThat(ring.peek().tickIndex).isEqualTo(10);
        assertThat(ring.dropped()).isEqualTo(6);
    }

    @Test
    void a_writer_on_another_thread_sees_every_tick_in_order_with_its_fields() throws Exception {
        TickRing ring = new TickRing(record, 64);
        int n = 200_000;
        long[] bad = new long[1];
        long[] seen = new long[1];
        java.util.concurrent.atomic.AtomicBoolean producerDone = new java.util.concurrent.atomic.AtomicBoolean();
        Thread consumer = new Thread(() -> {
            long expected = 0;
            while (true) {
                boolean done = producerDone.get(); // read before peeking: nothing published after it is missed
                TickRecord r = ring.peek();
                if (r == null) {
                    if (done) {
                        return;
                    }
                    Thread.onSpinWait();
                    continue;
                }
                // Each slot's fields were written before it was published: they agree with each other.
                if (r.featureRaw[0] != r.tickIndex * 2.0 || r.action[1] != (float) r.tickIndex || r.tickIndex < expected) {
                    bad[0]++;
                }
                expected = r.tickIndex + 1;
                seen[0]++;
                ring.release();
            }
        });
        consumer.start();
        for (int i = 0; i < n; i++) {
            record.tickIndex = i;
            record.featureRaw[0] = i * 2.0;
            record.action[1] = i;
            ring.onTick(record);
        }
        producerDone.set(true);
        consumer.join(30_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(bad[0]).isZero();
        assertThat(seen[0] + ring.dropped()).isEqualTo(n);
    }
}
