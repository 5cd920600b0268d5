package io.policyrt.drivers.ros2.msg;

import io.policyrt.drivers.inbound.WireFrame;
import java.nio.ByteBuffer;
import us.ihmc.idl.CDR;
import us.ihmc.idl.InterchangeSerializer;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * A ROS 2 message type on the wire, written for PolicyRT instead of taken from the generated
 * ros2-common-interfaces classes: it decodes straight into a preallocated PolicyRT value (no
 * intermediate message object, no allocation), validates while decoding, and sizes its sequences
 * from this receiver's configured bounds instead of the generated default of 100 elements.
 *
 * <p>The DDS type name follows rmw: {@code pkg::msg::dds_::Name_}. Each instance owns its reader
 * and writer; the DDS layer asks for one instance per endpoint through {@link #newInstance()}.
 *
 * <p>The sample a subscription's instance decodes stays reachable as the type's {@link #taken()}
 * frame (shared with the instances made from it), so the subscription's listener can hand the CDR
 * bytes to a recorder without copying them: the library keeps them in the subscription's own
 * buffer until its next take, on the same thread. Use one type object per subscription.
 */
public abstract class Ros2MessageType<T> implements TopicDataType<T> {
    private final String ddsName;
    private final String rosName;
    private final int maxSampleBytes;
    private final CdrReader in = new CdrReader();
    private final CdrWriter out = new CdrWriter();
    private WireFrame taken = new WireFrame();

    /**
     * @param rosName        e.g. {@code nav_msgs/Odometry}
     * @param maxSampleBytes the largest sample this instance sends or receives, header included
     */
    protected Ros2MessageType(String rosName, int maxSampleBytes) {
        this.rosName = rosName;
        int slash = rosName.indexOf('/');
        this.ddsName = rosName.substring(0, slash) + "::msg::dds_::" + rosName.substring(slash + 1) + "_";
        this.maxSampleBytes = maxSampleBytes;
    }

    /** A new instance of this type with the same settings (newInstance shares the taken frame with it). */
    protected abstract Ros2MessageType<T> fresh();

    @Override
    public final Ros2MessageType<T> newInstance() {
        Ros2MessageType<T> t = fresh();
        t.taken = taken;
        return t;
    }

    /**
     * The CDR bytes (encapsulation header included) of the sample a subscription's instance of this
     * type decoded last, also when it refused them; valid on the subscription's thread until its
     * next take. A listener {@link WireFrame#clear clears} it before a take to tell a take that
     * read nothing.
     */
    public final WireFrame taken() { return taken; }

    protected abstract void encode(T value, CdrWriter w);

    /** Decodes into {@code value}; throws {@link Ros2MessageException} for a sample that is not a valid value. */
    protected abstract void decode(CdrReader r, T value);

    /** ROS name, e.g. {@code nav_msgs/Odometry}. */
    public final String rosName() { return rosName; }

    @Override
    public final void serialize(T data, SerializedPayload payload) {
        payload.setEncapsulation(SerializedPayload.CDR_LE);
        ByteBuffer b = payload.getData();
        out.reset(b);
        encode(data, out);
        b.flip();
        payload.setLength(b.limit());
    }

    @Override
    public final void deserialize(SerializedPayload payload, T data) {
        taken.set(payload.getData(), Math.min(payload.getLength(), payload.getData().capacity()));
        decode(in.reset(payload.getData(), payload.getLength(), rosName), data);
    }

    @Override
    public void serialize(T data, InterchangeSerializer serializer) {
        throw new UnsupportedOperationException(rosName + " is sent only as CDR");
    }

    @Override
    public void deserialize(InterchangeSerializer serializer, T data) {
        throw new UnsupportedOperationException(rosName + " is read only from CDR");
    }

    @Override
    public void serialize(T data, CDR cdr) {
        throw new UnsupportedOperationException(rosName + " is written by its own CDR writer");
    }

    @Override
    public void deserialize(T data, CDR cdr) {
        throw new UnsupportedOperationException(rosName + " is read by its own CDR reader");
    }

    @Override
    public final int getTypeSize() { return maxSampleBytes; }

    @Override
    public final String getName() { return ddsName; }

    // --- shared pieces of the ROS 2 message layouts ---

    /**
     * The stamp of the message's std_msgs/Header (int32 sec, uint32 nanosec) [ns since the epoch].
     * Field names are literals: a concatenation here would allocate on every sample.
     */
    protected static long readHeaderStamp(CdrReader r) {
        int sec = r.int32("header.stamp.sec");
        long nanosec = Integer.toUnsignedLong(r.int32("header.stamp.nanosec"));
        if (nanosec >= 1_000_000_000L) {
            throw r.error(io.policyrt.drivers.inbound.Reject.MALFORMED, "header.stamp.nanosec", nanosec + " is not below 1e9");
        }
        return sec * 1_000_000_000L + nanosec;
    }

    protected static void writeHeader(CdrWriter w, long stampNanos, String frameId) {
        w.int32((int) Math.floorDiv(stampNanos, 1_000_000_000L));
        w.int32((int) Math.floorMod(stampNanos, 1_000_000_000L));
        w.string(frameId);
    }

    /** Skips {@code n} float64 values (covariances, unused axes). */
    protected static void skipFloat64(CdrReader r, int n, String field) {
        if (n > 0) {
            r.float64(field);
            r.skipBytes(8 * (n - 1), field);
        }
    }

    /** Largest header on the wire for a frame id of at most 255 characters. */
    protected static final int HEADER_BYTES = 8 + 4 + 256;
    /** Encapsulation plus alignment slack. */
    protected static final int ENVELOPE_BYTES = 4 + 16;
}
