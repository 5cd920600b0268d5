package io.policyrt.benchmarks;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.mqtt.PayloadCodec;
import io.policyrt.drivers.mqtt.PayloadFormat;
import io.policyrt.drivers.inbound.Reject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The MQTT payload codecs on the controller's two hot messages, in both formats: odometry in
 * (decoded on the transport's callback thread into a slot) and the wheel command out (encoded on
 * the publisher thread). The encoders of both formats return a new array per message, which Paho
 * needs anyway; the decoders write into preallocated objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MqttCodecBenchmark {
    /** A realistic odometry stamp: nanoseconds since the Unix epoch, 19 digits in JSON. */
    private static final long STAMP_NANOS = 1_764_230_400_123_456_789L;

    @Param({"JSON", "BINARY"})
    public PayloadFormat format;

    private PayloadCodec codec;
    private final Odometry odometry = new Odometry();
    private final Odometry decodedOdometry = new Odometry();
    private final WheelCommand command = new WheelCommand();
    private final WheelCommand decodedCommand = new WheelCommand();
    private final MessageHeader header = new MessageHeader();
    private byte[] odometryPayload;
    private byte[] commandPayload;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        codec = PayloadCodec.of(format);
        // Values with full-length decimal expansions, as a real pose has.
        odometry.set(STAMP_NANOS, 3.141592653589793, -1.2345678901234567, 0.7853981633974483, 0.4987654321, -0.0123456789);
        command.set(STAMP_NANOS + 1_500_000, 6.172839506172839, 6.358024691358025).setOdometryStampNanos(STAMP_NANOS);
        odometryPayload = codec.encodeOdometry(41, odometry);
        commandPayload = codec.encodeWheelCommand(42, command);
        if (codec.decodeOdometry(odometryPayload, header, decodedOdometry) != Reject.NONE
                || codec.decodeWheelCommand(commandPayload, header, decodedCommand) != Reject.NONE) {
            throw new IllegalStateException(format + " codec refuses its own payloads");
        }
    }

    @Benchmark
    public byte[] encodeOdometry() {
        return codec.encodeOdometry(sequence++, odometry);
    }

    @Benchmark
    public Odometry decodeOdometry() {
        if (codec.decodeOdometry(odometryPayload, header, decodedOdometry) != Reject.NONE) {
            throw new IllegalStateException("odometry refused");
        }
        return decodedOdometry;
    }

    @Benchmark
    public byte[] encodeWheelCommand() {
        return codec.encodeWheelCommand(sequence++, command);
    }

    @Benchmark
    public WheelCommand decodeWheelCommand() {
        if (codec.decodeWheelCommand(commandPayload, header, decodedCommand) != Reject.NONE) {
            throw new IllegalStateException("command refused");
        }
        return decodedCommand;
    }
}
