package io.policyrt.drivers.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StampAdmissionTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final long NO_SEQ = StampAdmission.NO_SEQUENCE;

    @Test
    void unstamped_future_and_stale_messages_are_refused_by_name() {
        StampAdmission a = new StampAdmission(5_000_000L, 500_000_000L);
        assertThat(a.admit(0, NO_SEQ, NOW)).isEqualTo(Reject.INVALID);
        assertThat(a.admit(-1, NO_SEQ, NOW)).isEqualTo(Reject.INVALID);
        assertThat(a.admit(NOW + 5_000_001L, NO_SEQ, NOW)).isEqualTo(Reject.FUTURE_STAMP);
        assertThat(a.admit(NOW + 5_000_000L, NO_SEQ, NOW)).as("at the tolerance").isEqualTo(Reject.NONE);
        StampAdmission b = new StampAdmission(5_000_000L, 500_000_000L);
        assertThat(b.admit(NOW - 500_000_001L, NO_SEQ, NOW)).isEqualTo(Reject.STALE);
        assertThat(b.admit(NOW - 500_000_000L, NO_SEQ, NOW)).as("at the maximum age").isEqualTo(Reject.NONE);
    }

    @Test
    void a_maximum_age_of_zero_accepts_any_age() {
        StampAdmission a = new StampAdmission(0, 0);
        assertThat(a.admit(1, NO_SEQ, NOW)).isEqualTo(Reject.NONE);
    }

    @Test
    void without_sequence_numbers_only_a_later_stamp_is_accepted() {
        StampAdmission a = new StampAdmission(0, 0);
        assertThat(a.admit(NOW - 10, NO_SEQ, NOW)).isEqualTo(Reject.NONE);
        assertThat(a.admit(NOW - 10, NO_SEQ, NOW)).isEqualTo(Reject.DUPLICATE);
        assertThat(a.admit(NOW - 11, NO_SEQ, NOW)).isEqualTo(Reject.OUT_OF_ORDER);
        assertThat(a.admit(NOW - 9, NO_SEQ, NOW)).isEqualTo(Reject.NONE);
        // a refused message does not move the order on
        assertThat(a.admit(NOW - 9, NO_SEQ, NOW)).isEqualTo(Reject.DUPLICATE);
    }

    @Test
    void an_equal_stamp_orders_by_sequence_number() {
        StampAdmission a = new StampAdmission(0, 0);
        assertThat(a.admit(NOW - 10, 7, NOW)).isEqualTo(Reject.NONE);
        assertThat(a.admit(NOW - 10, 7, NOW)).as("a QoS 1 redelivery").isEqualTo(Reject.DUPLICATE);
        assertThat(a.admit(NOW - 10, 6, NOW)).isEqualTo(Reject.OUT_OF_ORDER);
        assertThat(a.admit(NOW - 10, NO_SEQ, NOW)).isEqualTo(Reject.OUT_OF_ORDER);
        assertThat(a.admit(NOW - 10, 8, NOW)).isEqualTo(Reject.NONE);
        // a restarted sender numbers from 0 again; its later stamp is what orders it
        assertThat(a.admit(NOW - 5, 0, NOW)).isEqualTo(Reject.NONE);
    }

    @Test
    void a_future_stamp_within_the_tolerance_does_not_freeze_later_real_samples() {
        // Odometry at 100 Hz; one sample arrives stamped 450 ms ahead (tolerance 500 ms).
        StampAdmission a = new StampAdmission(500_000_000L, 0);
        long ms = 1_000_000L;
        assertThat(a.admit(NOW - 2 * ms, NO_SEQ, NOW)).isEqualTo(Reject.NONE);
        assertThat(a.admit(NOW + 450 * ms, NO_SEQ, NOW)).as("ahead, within the tolerance").isEqualTo(Reject.NONE);
        assertThat(a.admit(NOW + 450 * ms, NO_SEQ, NOW + 5 * ms)).as("the same message again").isEqualTo(Reject.DUPLICATE);
        // The next real sample, stamped 10 ms later and received 2 ms after its stamp: ordered
        // against min(NOW + 450 ms, NOW) = NOW, so it is accepted instead of waiting 440 ms.
        assertThat(a.admit(NOW + 10 * ms, NO_SEQ, NOW + 12 * ms)).isEqualTo(Reject.NONE);
        assertThat(a.admit(NOW + 20 * ms, NO_SEQ, NOW + 22 * ms)).isEqualTo(Reject.NONE);
        // Real samples keep their order among themselves.
        assertThat(a.admit(NOW + 15 * ms, NO_SEQ, NOW + 23 * ms)).isEqualTo(Reject.OUT_OF_ORDER);
    }

    @Test
    void a_sample_stamped_before_the_arrival_of_an_accepted_future_stamp_is_out_of_order() {
        StampAdmission a = new StampAdmission(500_000_000L, 0);
        long ms = 1_000_000L;
        assertThat(a.admit(NOW + 450 * ms, NO_SEQ, NOW)).isEqualTo(Reject.NONE);
        assertThat(a.admit(NOW - 1, NO_SEQ, NOW + ms)).isEqualTo(Reject.OUT_OF_ORDER);
        assertThat(a.admit(NOW, NO_SEQ, NOW + ms)).as("equal to the clamped stamp, no sequence").isEqualTo(Reject.OUT_OF_ORDER);
        assertThat(a.admit(NOW + 1, NO_SEQ, NOW + ms)).isEqualTo(Reject.NONE);
    }

    @Test
    void negative_limits_are_refused() {
        assertThatThrownBy(() -> new StampAdmission(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StampAdmission(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
