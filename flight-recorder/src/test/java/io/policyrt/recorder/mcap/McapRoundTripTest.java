package io.policyrt.recorder.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class McapRoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void every_message_on_every_channel_reads_back_exactly(Compression compression)
      throws IOException {
    Path file = dir.resolve("run.mcap");
    SampleRecording rec = new SampleRecording();
    // 4 KiB chunks: 500 ticks make ~1600 messages of 60-100 bytes, so dozens of chunks.
    McapWriterOptions options = McapWriterOptions.defaults().withCompression(compression)
        .withChunkSizeBytes(4096);
    try (McapWriter w = McapWriter.create(file, options)) {
      rec.register(w);
      rec.writeTicks(w, 0, 500);
    }

    List<McapChannel> channels = new ArrayList<>();
    List<McapMessage> got = new ArrayList<>();
    McapSummary scanned;
    McapSummary summary;
    try (McapReader r = McapReader.open(file)) {
      assertThat(r.hasFooter()).isTrue();
      summary = r.summary();
      scanned = r.scan((c, m) -> {
        channels.add(c);
        got.add(m);
      });
    }
    assertThat(got).hasSize(rec.written.size()).hasSize(500 * 3 + 50);
    for (int i = 0; i < got.size(); i++) {
      McapMessage want = rec.written.get(i);
      McapMessage m = got.get(i);
      assertThat(m.channelId()).isEqualTo(want.channelId());
      assertThat(channels.get(i).id()).isEqualTo(want.channelId());
      assertThat(m.sequence()).isEqualTo(want.sequence());
      assertThat(m.logTimeNanos()).isEqualTo(want.logTimeNanos());
      assertThat(m.publishTimeNanos()).isEqualTo(want.publishTimeNanos());
      assertThat(m.data()).isEqualTo(want.data());
    }

    assertThat(summary.fromSummarySection()).isTrue();
    assertThat(summary.complete()).isTrue();
    assertThat(scanned.complete()).isTrue();
    assertThat(summary.library()).isEqualTo("policyrt-flight-recorder");
    for (McapSummary s : List.of(summary, scanned)) {
      assertThat(s.messageCount()).isEqualTo(1550);
      assertThat(s.messageCount("/policyrt/tick")).isEqualTo(500);
      assertThat(s.messageCount("/cmd_vel")).isEqualTo(500);
      assertThat(s.messageCount("/cmd_vel_ros2")).isEqualTo(500);
      assertThat(s.messageCount("/policyrt/event")).isEqualTo(50);
      assertThat(s.messageStartTimeNanos()).isEqualTo(SampleRecording.START_NANOS);
      // The last tick (499) plus the 2 us offset of the ROS 2 channel.
      assertThat(s.messageEndTimeNanos())
          .isEqualTo(SampleRecording.START_NANOS + 499 * SampleRecording.PERIOD_NANOS + 2000);
      assertThat(s.schemas()).extracting(McapSchema::name).containsExactly(
          "policyrt.Tick", "geometry_msgs/Twist", "geometry_msgs/msg/Twist");
      assertThat(s.schema(2).encoding()).isEqualTo("ros1msg");
      assertThat(new String(s.schema(1).data(), StandardCharsets.UTF_8))
          .isEqualTo(SampleRecording.TICK_SCHEMA);
      McapChannel ros2 = s.channel("/cmd_vel_ros2");
      assertThat(ros2.messageEncoding()).isEqualTo("cdr");
      assertThat(ros2.metadata()).containsEntry("offered_qos_profiles", SampleRecording.QOS);
      assertThat(s.channel("/policyrt/event").schemaId()).isZero();
      assertThat(s.metadata("software").entries()).containsEntry("revision", "0123abcd");
      assertThat(s.metadata("configuration").entries())
          .containsEntry("record.compression", compression.name().toLowerCase());
      assertThat(s.chunks()).hasSizeGreaterThan(10);
      assertThat(s.chunks()).allSatisfy(c -> {
        assertThat(c.compression()).isEqualTo(compression.wireName());
        assertThat(c.uncompressedSizeBytes()).isLessThan(4096 + 200);
      });
    }
    assertThat(scanned.chunks()).isEqualTo(summary.chunks());
    if (compression != Compression.NONE) {
      long stored = summary.chunks().stream().mapToLong(McapChunkInfo::compressedSizeBytes).sum();
      long raw = summary.chunks().stream().mapToLong(McapChunkInfo::uncompressedSizeBytes).sum();
      assertThat(stored).isLessThan(raw / 2); // repetitive JSON and doubles compress well
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void a_message_bigger_than_a_chunk_and_incompressible_round_trips(Compression compression)
      throws IOException {
    // 9 MiB of random bytes: more than two 4 MiB LZ4 blocks, none of which shrinks, so the
    // frame stores them raw; zstd stores raw blocks too.
    byte[] big = new byte[9 << 20];
    new Random(7).nextBytes(big);
    Path file = dir.resolve("big.mcap");
    try (McapWriter w = McapWriter.create(file,
        McapWriterOptions.defaults().withCompression(compression))) {
      int ch = w.registerChannel("/blob", "application/octet-stream", 0, Map.of());
      w.writeMessage(ch, 1, 10, 10, ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip());
      w.writeMessage(ch, 2, 20, 20, big, 0, big.length);
      w.writeMessage(ch, 3, 30, 30, new byte[0], 0, 0);
    }
    List<McapMessage> got = SampleRecording.readAll(file);
    assertThat(got).extracting(McapMessage::sequence).containsExactly(1L, 2L, 3L);
    assertThat(got.get(0).data()).containsExactly(1, 2, 3);
    assertThat(got.get(1).data()).isEqualTo(big);
    assertThat(got.get(2).data()).isEmpty();
  }

  @Test
  void a_file_with_no_messages_is_complete_and_empty() throws IOException {
    Path file = dir.resolve("empty.mcap");
    McapWriter.create(file, McapWriterOptions.defaults()).close();
    try (McapReader r = McapReader.open(file)) {
      McapSummary s = r.summary();
      assertThat(s.complete()).isTrue();
      assertThat(s.messageCount()).isZero();
      assertThat(s.channels()).isEmpty();
      assertThat(r.scan(null).complete()).isTrue();
    }
  }

  @Test
  void a_chunk_closes_when_its_log_times_span_the_chunk_duration() throws IOException {
    // At 10 Hz a 1 MiB chunk would take minutes to fill; the 1 s default bounds what a crash
    // loses: 100 ticks (10 s at 100 Hz here) make 10 chunks of 1 s.
    Path file = dir.resolve("slow.mcap");
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults())) {
      int ch = w.registerChannel("/t", "json", 0, Map.of());
      byte[] m = "{}".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 1000; i++) {
        w.writeMessage(ch, i, i * 10_000_000L, i * 10_000_000L, m, 0, m.length);
      }
    }
    try (McapReader r = McapReader.open(file)) {
      McapSummary s = r.summary();
      assertThat(s.chunks()).hasSize(10);
      assertThat(s.chunks().get(1).messageStartTimeNanos()).isEqualTo(1_000_000_000L);
      assertThat(s.chunks().get(1).messageEndTimeNanos()).isEqualTo(1_990_000_000L);
    }
  }
}
