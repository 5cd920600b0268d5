package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.ros1.msg.std_msgs.Bool;

/**
 * std_msgs/Bool to the controller's {@link EStopSignal}: {@code true} engages the e-stop,
 * {@code false} releases it. A Bool has no header, so the stamp is the time the message arrived.
 */
public final class EStopFromRos {
    private EStopFromRos() {
    }

    /** Writes {@code msg}, received at {@code receivedNanos} [ns since the epoch], into {@code out}. */
    public static EStopSignal convert(Bool msg, long receivedNanos, EStopSignal out) {
        return out.set(receivedNanos, msg.data);
    }
}
