package io.policyrt.drivers.ros1.testing;

import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageFormatException;
import io.policyrt.ros1.msg.RosMessageType;
import java.nio.ByteBuffer;

/** geometry_msgs/Twist written by hand for the TCPROS tests: six float64 (linear xyz, angular xyz). */
public final class TwistMessage implements RosMessage {
    private static final String DEFINITION = "# This expresses velocity in free space broken into its linear and angular parts.\n"
            + "Vector3  linear\nVector3  angular\n\n"
            + "================================================================================\n"
            + "MSG: geometry_msgs/Vector3\n"
            + "# This represents a vector in free space. \n"
            + "# It is only meant to represent a direction. Therefore, it does not\n"
            + "# make sense to apply a translation to it (e.g., when applying a \n"
            + "# generic rigid transformation to a Vector3, tf2 will only apply the\n"
            + "# rotation). If you want your data to be translatable too, use the\n"
            + "# geometry_msgs/Point message instead.\n\n"
            + "float64 x\nfloat64 y\nfloat64 z";
    public static final RosMessageType<TwistMessage> TYPE = new RosMessageType<>("geometry_msgs/Twist",
            "9f195f881246fdfa2798d1d3eebca84a", DEFINITION, TwistMessage::new);

    public double linearX;
    public double linearY;
    public double linearZ;
    public double angularX;
    public double angularY;
    public double angularZ;

    public TwistMessage set(double vxMps, double wzRadps) {
        linearX = vxMps;
        angularZ = wzRadps;
        return this;
    }

    @Override
    public RosMessageType<?> rosType() { return TYPE; }

    @Override
    public int serializedSizeBytes() { return 48; }

    @Override
    public void serialize(ByteBuffer out) {
        out.putDouble(linearX).putDouble(linearY).putDouble(linearZ);
        out.putDouble(angularX).putDouble(angularY).putDouble(angularZ);
    }

    @Override
    public void deserialize(ByteBuffer in) {
        if (in.remaining() < 48) {
            throw new RosMessageFormatException("geometry_msgs/Twist needs 48 bytes, " + in.remaining() + " left");
        }
        linearX = in.getDouble();
        linearY = in.getDouble();
        linearZ = in.getDouble();
        angularX = in.getDouble();
        angularY = in.getDouble();
        angularZ = in.getDouble();
    }
}
