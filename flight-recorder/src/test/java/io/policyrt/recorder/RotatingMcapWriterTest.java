package io.policyrt.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.recorder.RotatingMcapWriter.Rotation;
import io.policyrt.recorder.mcap.McapMessage;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import io.policyrt.recorder.mcap.McapWriterOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingMcapWriterTest {
  @TempDir Path dir;

  private static final long MS = 1_000_000L;

  /** 100 Hz ticks for {@code seconds}, with a command every tick; returns how many messages. */
  private static int record(RotatingMcapWriter w, int seconds) throws IOException {
    int schema = w.registerSchema("policyrt.Tick", "jsonschema",
        "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
    int tick = w.registerChannel("/policyrt/tick", "json", schema, Map.of());
    int cmd = w.registerChannel("/policyrt/command", "json", schema, Map.of("unit", "mps"));
    w.writeMetadata("software", Map.of("revision", "0123abcd"));
    int n = 0;
    for (int i = 0; i < seconds * 100; i++) {
      long t = 1_000_000_000_000L + i * 10 * MS;
      byte[] a = ("{\"tick\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      w.writeMessage(tick, i, t, t, a, 0, a.length);
      w.writeMessage(cmd, i, t + 1, t + 1, a, 0, a.length);
      n += 2;
    }
    return n;
  }

  private static List<McapMessage> readAll(List<Path> files, List<McapSummary> summaries)
      throws IOException {
    List<McapMessage> all = new ArrayList<>();
    for (Path f : files) {
      try (McapReader r = McapReader.open(f)) {
        summaries.add(r.summary());
        r.scan((c, m) -> all.add(m));
      }
    }
    return all;
  }

  @Test
  void without_rotation_the_recording_is_the_one_file_named() throws IOException {
    Path target = dir.resolve("run.mcap");
    try (RotatingMcapWriter w = new RotatingMcapWriter(target, McapWriterOptions.defaults(),
        Rotation.NONE)) {
      record(w, 3);
      assertThat(w.files()).containsExactly(target);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(target);
    }
  }

  @Test
  void rotation_by_time_starts_a_file_every_10_s_of_log_time() throws IOException {
    // 35 s of ticks with a 10 s limit: files hold 0-10 s, 10-20 s, 20-30 s, 30-35 s.
    Path target = dir.resolve("run.mcap");
    List<Path> files;
    int written;
    try (RotatingMcapWriter w = new RotatingMcapWriter(target, McapWriterOptions.defaults(),
        new Rotation(0, TimeUnit.SECONDS.toNanos(10)))) {
      written = record(w, 35);
      files = w.files();
    }
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("run_0000.mcap", "run_0001.mcap", "run_0002.mcap", "run_0003.mcap");
    List<McapSummary> summaries = new ArrayList<>();
    List<McapMessage> all = readAll(files, summaries);
    assertThat(all).hasSize(written);
    assertThat(summaries).extracting(McapSummary::messageCount)
        .containsExactly(2000L, 2000L, 2000L, 1000L);
    for (McapSummary s : summaries) {
      assertThat(s.complete()).isTrue();
      // Each file stands alone: same schema and channel ids, the metadata again.
      assertThat(s.channel("/policyrt/tick").id()).isEqualTo(1);
      assertThat(s.channel("/policyrt/command").id()).isEqualTo(2);
      assertThat(s.channel("/policyrt/command").metadata()).containsEntry("unit", "mps");
      assertThat(s.schema(1).name()).isEqualTo("policyrt.Tick");
      assertThat(s.metadata("software").entries()).containsEntry("revision", "0123abcd");
      assertThat(s.messageEndTimeNanos() - s.messageStartTimeNanos())
          .isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).logTimeNanos()).isGreaterThan(all.get(i - 1).logTimeNanos());
    }
  }

  @Test
  void rotation_by_size_keeps_each_file_near_the_limit() throws IOException {
    Path target = dir.resolve("big.mcap");
    long limit = 64 << 10;
    List<Path> files;
    int written;
    try (RotatingMcapWriter w = new RotatingMcapWriter(target,
        McapWriterOptions.defaults().withChunkSizeBytes(8 << 10), new Rotation(limit, 0))) {
      written = record(w, 60);
      files = w.files();
    }
    assertThat(files).hasSizeGreaterThan(2);
    for (Path f : files.subList(0, files.size() - 1)) {
      // A file closes at the first message past the limit: at most one chunk plus the summary
      // over it.
      assertThat(Files.size(f)).isBetween(limit - (8 << 10), limit + (16 << 10));
    }
    List<McapSummary> summaries = new ArrayList<>();
    assertThat(readAll(files, summaries)).hasSize(written);
  }
}
