package io.policyrt.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.recorder.RotatingMcapWriter.Rotation;
import io.policyrt.recorder.mcap.Compression;
import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSchema;
import io.policyrt.recorder.mcap.McapSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inbound messages recorded as the bytes they came as, read from the transport's own receive
 * buffer: a channel in the transport's encoding with the type's definition as its schema, each
 * message's bytes copied at the moment it is recorded (the transport reuses its buffer after).
 */
class InboundWireFramesTest {
    @TempDir Path dir;

    @Test
    void frames_are_copied_from_the_receive_buffer_into_a_channel_with_the_types_definition_as_schema() throws Exception {
        Path file = dir.resolve("frames.mcap");
        FlightRecorder recorder = FlightRecorder.startWithoutTicks(new FlightRecorder.Settings(file, Compression.LZ4, Rotation.NONE, 64),
                Map.of());
        String definition = "bool data";
        InboundStream estop = recorder.inbound(InboundStream.Layout.wireFrames("/estop", "ros1", "ros1", "std_msgs/Bool", "ros1msg",
                definition, Map.of("md5sum", "8b94c1b53db61fb6aed406028ad6332a")), 64);
        // One receive buffer, reused as a transport reuses it; its position is the transport's business.
        ByteBuffer receive = ByteBuffer.allocateDirect(1024);
        receive.put(0, (byte) 1).position(1);
        estop.recordBytes(10, "NONE", true, "/button", receive, 1);
        receive.put(0, (byte) 0).put(1, (byte) 7);
        estop.recordBytes(11, "MALFORMED", false, "/button", receive, 2);
        estop.recordBytes(12, "OVERSIZED", false, "/button", null, 0);
        byte[] large = new byte[700]; // larger than a slot starts with: it grows
        large[699] = 42;
        receive.put(0, large);
        estop.recordBytes(13, "MALFORMED", false, "/button", receive, 700);
        assertThat(receive.position()).as("absolute reads only").isEqualTo(1);
        recorder.close();

        List<byte[]> frames = new ArrayList<>();
        List<JsonNode> verdicts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (McapReader reader = McapReader.open(file)) {
            McapSummary s = reader.summary();
            McapChannel channel = s.channel("/estop");
            assertThat(channel.messageEncoding()).isEqualTo("ros1");
            assertThat(channel.metadata()).containsEntry("md5sum", "8b94c1b53db61fb6aed406028ad6332a").containsEntry("transport", "ros1");
            McapSchema schema = s.schema(channel.schemaId());
            assertThat(schema.name()).isEqualTo("std_msgs/Bool");
            assertThat(schema.encoding()).isEqualTo("ros1msg");
            assertThat(new String(schema.data(), StandardCharsets.UTF_8)).isEqualTo(definition);
            reader.scan((c, m) -> {
                if (c.topic().equals("/estop")) {
                    frames.add(m.data());
                } else if (c.topic().equals(InboundStream.VERDICT_TOPIC)) {
                    verdicts.add(json.readTree(m.data()));
                }
            });
        }
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).containsExactly(1);
        assertThat(frames.get(1)).containsExactly(0, 7);
        assertThat(frames.get(2)).hasSize(700).endsWith(42);
        assertThat(verdicts).extracting(v -> v.get("verdict").asText()).containsExactly("NONE", "MALFORMED", "OVERSIZED", "MALFORMED");
        assertThat(verdicts).extracting(v -> v.get("bytes").asInt()).containsExactly(1, 2, 0, 700);
        assertThat(verdicts.get(2).get("message_sequence").asLong()).as("refused before its bytes were read").isEqualTo(-1);
    }
    /**
     * On the receiving thread a frame costs a copy into the stream's slot and nothing else: 20,000
     * frames after a warm-up allocate less than 1 kB (one object per frame would be 320 kB or more).
     */
    @Test
    void recording_a_frame_allocates_nothing_on_the_receiving_thread() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        FlightRecorder recorder = FlightRecorder.startWithoutTicks(new FlightRecorder.Settings(dir.resolve("alloc.mcap"), Compression.NONE,
                Rotation.NONE, 64), Map.of());
        InboundStream odom = recorder.inbound(InboundStream.Layout.wireFrames("/odom", "ros2", "cdr", "nav_msgs/msg/Odometry", "ros2msg",
                "std_msgs/Header header", Map.of()), 1024);
        ByteBuffer receive = ByteBuffer.allocateDirect(720);
        recordInBatches(recorder, odom, receive, 0); // warm-up
        long before = mx.getCurrentThreadAllocatedBytes();
        recordInBatches(recorder, odom, receive, 20_000);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        recorder.close();
        System.out.printf("inbound frame recording: %d bytes allocated over 20000 frames of 720 B on the receiving thread, %d dropped%n",
                allocated, odom.dropped());
        assertThat(odom.dropped()).as("paced on the writer: every frame copied, none dropped").isZero();
        assertThat(allocated).isLessThan(1_000);
        assertThat(odom.offered()).isEqualTo(40_000);
    }

    /** 20,000 frames in batches of 500, each batch left to the writer before the next (the ring holds 1024). */
    private static void recordInBatches(FlightRecorder recorder, InboundStream stream, ByteBuffer frame, long alreadyRecorded)
            throws InterruptedException {
        for (int batch = 0; batch < 40; batch++) {
            for (int i = 0; i < 500; i++) {
                stream.recordBytes(i, "NONE", true, "/odom", frame, 720);
            }
            while (recorder.inboundRecorded() < alreadyRecorded + 500L * (batch + 1)) {
                Thread.sleep(1);
            }
        }
    }
}
