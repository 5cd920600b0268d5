package io.policyrt.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.recorder.mcap.McapWriter;
import io.policyrt.recorder.mcap.McapWriterOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingInfoTest {
  @TempDir Path dir;

  static final long T0 = 1_764_892_800_000_000_000L; // 2025-12-05T00:00:00Z
  static final long MS = 1_000_000L;

  private Path record() throws IOException {
    Path file = dir.resolve("run.mcap");
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults())) {
      int schema = w.registerSchema("policyrt.Tick", "jsonschema",
          "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
      int tick = w.registerChannel("/policyrt/tick", "json", schema, Map.of());
      int odom = w.registerChannel("/odom", "json", 0, Map.of());
      w.writeMetadata("software", Map.of("revision", "0123abcd"));
      byte[] m = "{}".getBytes(StandardCharsets.UTF_8);
      // 10 s of ticks at 100 Hz with ticks 500..549 missing: a 510 ms gap ending at +5.5 s.
      for (int i = 0; i < 1000; i++) {
        if (i < 500 || i >= 550) {
          w.writeMessage(tick, i, T0 + i * 10 * MS, T0 + i * 10 * MS, m, 0, m.length);
        }
        if (i % 2 == 0) {
          w.writeMessage(odom, i / 2, T0 + i * 10 * MS + 1, T0 + i * 10 * MS, m, 0, m.length);
        }
      }
    }
    return file;
  }

  @Test
  void info_lists_channels_counts_rates_gaps_duration_and_metadata() throws IOException {
    RecordingInfo info = RecordingInfo.read(record());
    String text = info.format();
    assertThat(info.channels()).hasSize(2);
    RecordingInfo.ChannelInfo tick = info.channels().get(0);
    assertThat(tick.messages()).isEqualTo(950);
    // From tick 499 (4.99 s) to tick 550 (5.50 s).
    assertThat(tick.largestGapNanos()).isEqualTo(510 * MS);
    assertThat(tick.largestGapEndNanos()).isEqualTo(T0 + 5500 * MS);
    // 949 intervals over 9.99 s.
    assertThat(tick.rateHz()).isCloseTo(949 / 9.99, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(text)
        .contains("state:    complete\n")
        .contains("start:    2025-12-05T00:00:00Z (1764892800.000000000)\n")
        .contains("duration: 9.990 s\n") // the last message: tick 999
        .contains("messages: 1450\n")
        .contains("/policyrt/tick       950 msgs      95.0 Hz  json, policyrt.Tick (jsonschema)"
            + "  largest gap 510.000 ms at +5.500 s\n")
        .contains("/odom                500 msgs      50.0 Hz  json, no schema"
            + "  largest gap 20.000 ms at +0.020 s\n")
        .contains("metadata software:\n  revision: 0123abcd\n")
        .containsPattern("chunks:   \\d+, zstd: ");
  }

  @Test
  void info_on_a_file_cut_short_says_so_and_counts_what_is_there() throws IOException {
    Path file = record();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 200); // into the summary: the data section is whole
    }
    String text = RecordingInfo.read(file).format();
    assertThat(text).contains("state:    incomplete: the summary section after byte ")
        .contains("messages: 1450\n");
  }
}
