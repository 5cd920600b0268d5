package io.policyrt.recorder;

import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapChunkInfo;
import io.policyrt.recorder.mcap.McapMetadata;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSchema;
import io.policyrt.recorder.mcap.McapSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code policyrt record info} prints: the file's channels with counts, rates and the largest
 * gap between two messages of each, duration, chunks and compression, metadata. Built by a full
 * scan, so every CRC of the file is checked on the way.
 *
 * @param file the recording
 * @param sizeBytes its size on disk
 * @param summary what the scan gathered (incomplete for a file cut short)
 * @param channels per channel, in id order
 */
public record RecordingInfo(Path file, long sizeBytes, McapSummary summary,
    List<ChannelInfo> channels) {

  /**
   * One channel's messages.
   *
   * @param channel the Channel record
   * @param schema its schema, or null
   * @param messages how many
   * @param firstLogTimeNanos log time of the first, 0 without messages [ns]
   * @param lastLogTimeNanos log time of the last [ns]
   * @param largestGapNanos the longest time between two consecutive messages [ns]
   * @param largestGapEndNanos log time of the message that ended that gap [ns]
   */
  public record ChannelInfo(McapChannel channel, McapSchema schema, long messages,
      long firstLogTimeNanos, long lastLogTimeNanos, long largestGapNanos,
      long largestGapEndNanos) {

    /** Messages per second between the first and the last, 0 with fewer than two [Hz]. */
    public double rateHz() {
      long span = lastLogTimeNanos - firstLogTimeNanos;
      return messages < 2 || span <= 0 ? 0 : (messages - 1) * 1e9 / span;
    }
  }

  /** Scans {@code file}; see {@link McapReader#scan} for the errors. */
  public static RecordingInfo read(Path file) throws IOException {
    Map<Integer, long[]> times = new TreeMap<>(); // count, first, last, gap, gap end
    McapSummary s;
    try (McapReader r = McapReader.open(file)) {
      s = r.scan((channel, m) -> {
        long t = m.logTimeNanos();
        long[] v = times.computeIfAbsent(channel.id(), k -> new long[] {0, t, t, 0, t});
        if (v[0] > 0 && t - v[2] > v[3]) {
          v[3] = t - v[2];
          v[4] = t;
        }
        v[0]++;
        v[2] = Math.max(v[2], t);
      });
    }
    List<ChannelInfo> channels = new ArrayList<>();
    for (McapChannel c : s.channels()) {
      long[] v = times.getOrDefault(c.id(), new long[5]);
      channels.add(new ChannelInfo(c, s.schema(c.schemaId()), v[0], v[1], v[2], v[3], v[4]));
    }
    return new RecordingInfo(file, Files.size(file), s, List.copyOf(channels));
  }

  /** The report as text, one fact a line. */
  public String format() {
    StringBuilder b = new StringBuilder();
    McapSummary s = summary;
    line(b, "file", String.format(Locale.ROOT, "%s (%s)", file, bytes(sizeBytes)));
    line(b, "state", s.complete() ? "complete" : "incomplete: " + s.incompleteReason());
    line(b, "library", s.library() + (s.profile().isEmpty() ? "" : ", profile " + s.profile()));
    if (s.messageCount() > 0) {
      line(b, "start", time(s.messageStartTimeNanos()));
      line(b, "end", time(s.messageEndTimeNanos()));
      line(b, "duration", String.format(Locale.ROOT, "%.3f s",
          (s.messageEndTimeNanos() - s.messageStartTimeNanos()) / 1e9));
    }
    line(b, "messages", Long.toString(s.messageCount()));
    long stored = 0;
    long raw = 0;
    Set<String> compressions = new LinkedHashSet<>();
    for (McapChunkInfo c : s.chunks()) {
      stored += c.compressedSizeBytes();
      raw += c.uncompressedSizeBytes();
      compressions.add(c.compression().isEmpty() ? "none" : c.compression());
    }
    line(b, "chunks", s.chunks().isEmpty() ? "0" : String.format(Locale.ROOT,
        "%d, %s: %s stored, %s uncompressed (%.0f %%)", s.chunks().size(), String.join("+", compressions),
        bytes(stored), bytes(raw), raw == 0 ? 100.0 : 100.0 * stored / raw));
    b.append("channels:\n");
    int width = 0;
    for (ChannelInfo c : channels) {
      width = Math.max(width, c.channel().topic().length());
    }
    for (ChannelInfo c : channels) {
      String schema = c.schema() == null ? "no schema"
          : c.schema().name() + " (" + c.schema().encoding() + ")";
      b.append(String.format(Locale.ROOT, "  %-" + width + "s %9d msgs %9.1f Hz  %s, %s",
          c.channel().topic(), c.messages(), c.rateHz(), c.channel().messageEncoding(), schema));
      if (c.messages() > 1) {
        b.append(String.format(Locale.ROOT, "  largest gap %s at +%.3f s",
            duration(c.largestGapNanos()),
            (c.largestGapEndNanos() - s.messageStartTimeNanos()) / 1e9));
      }
      b.append('\n');
    }
    for (McapMetadata m : s.metadata()) {
      b.append("metadata ").append(m.name()).append(":\n");
      for (Map.Entry<String, String> e : m.entries().entrySet()) {
        // One fact a line: a multi-line value (a policy spec, a configuration) shows its first line and its size.
        String v = e.getValue();
        int nl = v.indexOf('\n');
        String shown = nl < 0 ? v : v.substring(0, nl) + " ... (" + v.lines().count() + " lines)";
        b.append("  ").append(e.getKey()).append(": ").append(shown).append('\n');
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(String.format(Locale.ROOT, "%-9s %s%n", key + ":", value));
  }

  private static String time(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos) + String.format(Locale.ROOT, " (%d.%09d)",
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  private static String duration(long nanos) {
    return nanos >= 1_000_000_000L ? String.format(Locale.ROOT, "%.3f s", nanos / 1e9)
        : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  private static String bytes(long n) {
    return n >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6)
        : n >= 1000 ? String.format(Locale.ROOT, "%.1f kB", n / 1e3) : n + " B";
  }
}
