package io.policyrt.benchmarks;

import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.nav_msgs.Odometry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ROS 1 wire encoding and decoding of the generated messages a ROS 1 robot exchanges every tick:
 * nav_msgs/Odometry in (713 bytes with frame ids "odom" and "base_link") and geometry_msgs/Twist
 * out (48 bytes), each into or from a preallocated direct little-endian buffer, decoding into one
 * reused instance as a subscriber does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Ros1MessageBenchmark {
    private final Odometry odometry = new Odometry();
    private final Odometry odometryIn = new Odometry();
    private final Twist twist = new Twist();
    private final Twist twistIn = new Twist();
    private final ByteBuffer out = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer odometryBytes = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer twistBytes = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        odometry.header.frame_id = "odom";
        odometry.child_frame_id = "base_link";
        odometry.header.stamp.setNanos(1_764_230_400_000_000_000L);
        odometry.pose.pose.position.x = 1.25;
        odometry.pose.pose.orientation.w = 1;
        for (int i = 0; i < 36; i += 7) {
            odometry.pose.covariance[i] = 1e-3;
            odometry.twist.covariance[i] = 1e-3;
        }
        odometry.twist.twist.linear.x = 0.5;
        odometry.serialize(odometryBytes);
        odometryBytes.flip();
        twist.linear.x = 0.5;
        twist.angular.z = -0.25;
        twist.serialize(twistBytes);
        twistBytes.flip();
        odometryIn.deserialize(odometryBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN)); // frame ids settle
    }

    /** Stamp and sequence change per message, as they do on a live topic. */
    @Benchmark
    public int encodeOdometry() {
        odometry.header.seq = seq++;
        odometry.header.stamp.nsec = seq & 0x3FFF_FFFF;
        out.clear();
        odometry.serialize(out);
        return out.position();
    }

    @Benchmark
    public double decodeOdometry() {
        odometryBytes.rewind();
        odometryIn.deserialize(odometryBytes);
        return odometryIn.twist.twist.linear.x;
    }

    @Benchmark
    public int encodeTwist() {
        twist.linear.x = seq++ * 1e-6;
        out.clear();
        twist.serialize(out);
        return out.position();
    }

    @Benchmark
    public double decodeTwist() {
        twistBytes.rewind();
        twistIn.deserialize(twistBytes);
        return twistIn.angular.z;
    }
}
