package io.policyrt.drivers.ros1.testing;

import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageFormatException;
import io.policyrt.ros1.msg.RosMessageType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** std_msgs/String written by hand for the TCPROS tests (uint32 length + UTF-8 bytes). */
public final class StringMessage implements RosMessage {
    public static final RosMessageType<StringMessage> TYPE = new RosMessageType<>("std_msgs/String",
            "992ce8a1687cec8c8bd883ec73ca41d1", "string data\n", StringMessage::new);

    private byte[] bytes = new byte[64];
    private int length;

    public StringMessage set(String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, 0, b.length);
        length = b.length;
        return this;
    }

    /** Decodes the text (allocates; tests only). */
    public String data() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public RosMessageType<?> rosType() { return TYPE; }

    @Override
    public int serializedSizeBytes() { return 4 + length; }

    @Override
    public void serialize(ByteBuffer out) {
        out.putInt(length);
        out.put(bytes, 0, length);
    }

    @Override
    public void deserialize(ByteBuffer in) {
        if (in.remaining() < 4) {
            throw new RosMessageFormatException("std_msgs/String truncated before its length");
        }
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new RosMessageFormatException("std_msgs/String length " + Integer.toUnsignedString(n) + " exceeds the "
                    + in.remaining() + " bytes left");
        }
        ensure(n);
        in.get(bytes, 0, n);
        length = n;
    }

    private void ensure(int n) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, 2 * bytes.length)];
        }
    }
}
