package io.policyrt.controller.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.testing.Eventually;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class LatestValueTest {

    /** A value whose fields are all written to the same number, so a torn read shows as unequal fields. */
    static final class Stamped implements Copyable<Stamped> {
        final long[] fields = new long[16];

        Stamped fill(long v) {
            for (int i = 0; i < fields.length; i++) {
                fields[i] = v;
            }
            return this;
        }

        long value() {
            return fields[0];
        }

        boolean consistent() {
            for (long f : fields) {
                if (f != fields[0]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void copyFrom(Stamped o) {
            System.arraycopy(o.fields, 0, fields, 0, fields.length);
        }
    }

    private final LatestValue<Stamped> slot = new LatestValue<>("test", Stamped::new);

    private final Stamped scratch = new Stamped();

    private void publish(long v) {
        slot.write(scratch.fill(v));
    }

    @Test
    void a_new_slot_has_no_value_and_refresh_reports_nothing_new() {
        assertThat(slot.hasValue()).isFalse();
        assertThat(slot.refresh()).isFalse();
        assertThat(slot.hasValue()).isFalse();
        assertThat(slot.publishCount()).isZero();
        assertThat(slot.lastPublishNanos()).isZero();
        assertThat(slot.name()).isEqualTo("test");
    }

    @Test
    void refresh_takes_the_published_value_and_reports_it_once() {
        publish(7);

        assertThat(slot.refresh()).isTrue();
        assertThat(slot.hasValue()).isTrue();
        assertThat(slot.latest().value()).isEqualTo(7);
        // Nothing new since: the second refresh reports no change and keeps the value.
        assertThat(slot.refresh()).isFalse();
        assertThat(slot.latest().value()).isEqualTo(7);
    }

    @Test
    void latest_stays_unchanged_after_a_publish_until_the_next_refresh() {
        publish(1);
        slot.refresh();
        Stamped seen = slot.latest();

        publish(2);
        publish(3);

        assertThat(slot.latest()).isSameAs(seen);
        assertThat(slot.latest().value()).isEqualTo(1);
        assertThat(slot.refresh()).isTrue();
        assertThat(slot.latest().value()).isEqualTo(3);
    }

    @Test
    void values_published_between_refreshes_coalesce_to_the_newest() {
        for (long v = 1; v <= 5; v++) {
            publish(v);
        }

        assertThat(slot.refresh()).isTrue();
        assertThat(slot.latest().value()).isEqualTo(5);
        assertThat(slot.refresh()).isFalse();
    }

    @Test
    void write_copies_the_value_so_the_caller_may_reuse_its_object() {
        Stamped mine = new Stamped().fill(11);
        slot.write(mine);
        mine.fill(12);

        slot.refresh();
        assertThat(slot.latest()).isNotSameAs(mine);
        assertThat(slot.latest().value()).isEqualTo(11);
    }

    @Test
    void publish_counts_every_value_and_stamps_the_last_publish() {
        publish(1);
        publish(2);
        publish(3);

        assertThat(slot.publishCount()).isEqualTo(3);

        publish(4);
        assertThat(slot.publishCount()).isEqualTo(4);
        assertThat(slot.lastPublishNanos()).isNotZero();
    }

    @Test
    void a_write_after_a_refresh_never_changes_the_value_the_reader_holds() {
        // Triple buffering: writer, middle and reader buffers are always three different objects.
        for (long v = 1; v <= 10; v++) {
            publish(v);
            slot.refresh();
            publish(-1); // the writer's next value must not show through until the next refresh
            assertThat(slot.latest().value()).isEqualTo(v);
            slot.refresh();
            assertThat(slot.latest().value()).isEqualTo(-1);
        }
    }

    @Test
    void a_reader_on_another_thread_never_sees_a_torn_value_and_never_goes_back_in_time() throws Exception {
        final long last = 300_000;
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                Stamped scratch = new Stamped();
                for (long v = 1; v <= last; v++) {
                    slot.write(scratch.fill(v));
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "latest-value-writer");

        long refreshes = 0;
        long changes = 0;
        long previous = 0;
        long deadline = System.nanoTime() + Eventually.GENEROUS.toNanos();
        writer.start();
        while (previous != last) {
            refreshes++;
            if (slot.refresh()) {
                changes++;
                Stamped v = slot.latest();
                // Read twice: the value must also stay put while the reader holds it.
                assertThat(v.consistent()).as("fields of value %d all equal", v.value()).isTrue();
                assertThat(v.value()).as("counter after %d", previous).isGreaterThanOrEqualTo(previous);
                assertThat(v.consistent()).isTrue();
                previous = v.value();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("reader saw " + previous + " of " + last + " after " + refreshes + " refreshes");
            }
        }
        writer.join(Eventually.GENEROUS.toMillis());

        assertThat(writerFailure.get()).isNull();
        assertThat(writer.isAlive()).isFalse();
        assertThat(changes).isGreaterThan(0);
        assertThat(slot.publishCount()).isEqualTo(last);
    }

    @Test
    void publish_unparks_the_thread_registered_to_wake() throws Exception {
        AtomicReference<Long> seen = new AtomicReference<>();
        LatestValue<Stamped> trigger = new LatestValue<>("trigger", Stamped::new);
        Thread waiter = new Thread(() -> {
            // Parks with no timeout: only an unpark from publish() can let it see the value.
            while (!trigger.refresh()) {
                LockSupport.park(trigger);
            }
            seen.set(trigger.latest().value());
        }, "latest-value-waiter");
        trigger.wakeOnPublish(waiter);
        waiter.start();
        Eventually.until("the waiter parks", () -> waiter.getState() == Thread.State.WAITING);

        trigger.write(new Stamped().fill(42));

        waiter.join(Eventually.GENEROUS.toMillis());
        assertThat(waiter.isAlive()).as("waiter still parked").isFalse();
        assertThat(seen.get()).isEqualTo(42);
    }

    @Test
    void publish_with_no_thread_registered_wakes_nobody_and_still_publishes() {
        slot.wakeOnPublish(Thread.currentThread());
        slot.wakeOnPublish(null);
        publish(5);
        assertThat(slot.refresh()).isTrue();
        assertThat(slot.latest().value()).isEqualTo(5);
    }
}
