package io.policyrt.benchmarks.latency;

import io.policyrt.controller.loop.TriggerMode;
import java.util.Locale;

/**
 * One leg of a harness run: which node runs behind which transport, triggered how, at what rate.
 *
 * @param rateHz    the loop rate in timer mode; the sensor (odometry) rate in on-message mode
 * @param phaseLock PolicyRT in timer mode: whether the loop locks its phase to the odometry's arrivals
 */
public record LegSpec(Transport transport, Node node, TriggerMode mode, double rateHz, boolean phaseLock) {
    /** A leg with PolicyRT's default, the phase lock on. */
    public LegSpec(Transport transport, Node node, TriggerMode mode, double rateHz) {
        this(transport, node, mode, rateHz, true);
    }

    /** How sensors reach the node and commands come back. A ROS 1 leg adds a constant and a {@link DriverPort}. */
    public enum Transport {
        IN_PROCESS("in-process"), MQTT("mqtt"), ROS1("ros1");

        public final String id;

        Transport(String id) {
            this.id = id;
        }

        public static Transport parse(String id) {
            for (Transport t : values()) {
                if (t.id.equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown transport '" + id + "' (allowed: in-process, mqtt, ros1)");
        }
    }

    /** What runs the policy, or {@code FLOOR}: an echo on the transport with no policy (the transport floor). */
    public enum Node {
        FLOOR("floor", "transport floor (echo)"), POLICYRT("policyrt", "PolicyRT"), PYTHON("python", "Python paho-mqtt + PyTorch"), NAIVE_JAVA("naive-java", "naive Java"),
        ROSPY("rospy", "rospy + PyTorch");

        public final String id;
        public final String label;

        Node(String id, String label) {
            this.id = id;
            this.label = label;
        }

        public static Node parse(String id) {
            for (Node n : values()) {
                if (n.id.equals(id)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown node '" + id + "' (allowed: floor, policyrt, python, naive-java, rospy)");
        }
    }

    /** E.g. {@code mqtt / PolicyRT / timer 200 Hz}. */
    public String name() {
        return transport.id + " / " + node.label + " / " + modeLabel();
    }

    /** {@code on-message}, {@code timer 200 Hz}, or {@code timer 200 Hz, phase lock off}. */
    public String modeLabel() {
        if (mode != TriggerMode.TIMER) {
            return "on-message";
        }
        return String.format(Locale.ROOT, "timer %s Hz", rate()) + (unlocked() ? ", phase lock off" : "");
    }

    /** A file-name-safe id, e.g. {@code mqtt-policyrt-timer-200hz} or {@code mqtt-policyrt-timer-200hz-unlocked}. */
    public String id() {
        return transport.id + "-" + node.id + "-" + (mode == TriggerMode.TIMER ? "timer-" + rate() + "hz" : "on-message")
                + (unlocked() ? "-unlocked" : "");
    }

    /** PolicyRT in timer mode with its phase lock off (peers have no phase lock to speak of). */
    private boolean unlocked() {
        return node == Node.POLICYRT && mode == TriggerMode.TIMER && !phaseLock;
    }

    private String rate() {
        return rateHz == Math.rint(rateHz) ? Long.toString((long) rateHz) : Double.toString(rateHz);
    }
}
