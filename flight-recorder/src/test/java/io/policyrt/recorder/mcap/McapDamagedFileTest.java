package io.policyrt.recorder.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.recorder.mcap.McapFormatException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Files cut short, changed after writing, or not MCAP at all. */
class McapDamagedFileTest {
  @TempDir Path dir;

  /** 15 ticks in chunks of about 200 bytes: a file of about 7 KiB with about 20 chunks. */
  private SampleRecording smallRecording(Path file, Compression compression) throws IOException {
    SampleRecording rec = new SampleRecording();
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults()
        .withCompression(compression).withChunkSizeBytes(200))) {
      rec.register(w);
      rec.writeTicks(w, 0, 15);
    }
    return rec;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void a_file_cut_at_any_byte_reads_up_to_its_last_complete_chunk_or_says_it_is_cut_short(
      Compression compression) throws IOException {
    Path full = dir.resolve("full.mcap");
    SampleRecording rec = smallRecording(full, compression);
    byte[] bytes = Files.readAllBytes(full);
    List<McapChunkInfo> chunks;
    long headerEnd;
    try (McapReader r = McapReader.open(full)) {
      chunks = r.summary().chunks();
      headerEnd = 8 + 9 + 4 + 4 + r.library().length();
    }
    assertThat(chunks).hasSizeGreaterThan(12);

    // From the whole file down to nothing, one byte shorter each time (truncating in place: a
    // file rewritten from zero length each time is flushed to the disk each time by ext4).
    Path cut = dir.resolve("cut.mcap");
    Files.write(cut, bytes);
    for (int length = bytes.length; length >= 0; length--) {
      try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
        ch.truncate(length);
      }
      String at = "cut at " + length + " of " + bytes.length;
      if (length < headerEnd) {
        // Nothing to recover before the Header is whole: a clear error naming the file.
        final int n = length;
        assertThatThrownBy(() -> SampleRecording.readAll(cut)).as(at)
            .isInstanceOfSatisfying(McapFormatException.class, e -> {
              assertThat(e.problem()).isEqualTo(n == 0 ? Problem.EMPTY : Problem.TRUNCATED);
              assertThat(e.getMessage()).startsWith(cut.toString() + ": ")
                  .contains(n == 0 ? "empty" : "cut short");
            });
        continue;
      }
      // The messages expected: those of every chunk whose record ends inside the cut file.
      long lastCompleteEnd = Long.MIN_VALUE;
      for (McapChunkInfo c : chunks) {
        long recordEnd = c.offset() + 9 + 8 + 8 + 8 + 4 + 4 + c.compression().length() + 8
            + c.compressedSizeBytes();
        if (recordEnd <= length) {
          lastCompleteEnd = c.messageEndTimeNanos();
        }
      }
      long complete = lastCompleteEnd;
      List<McapMessage> expected = rec.written.stream()
          .filter(m -> m.logTimeNanos() <= complete).toList();

      List<McapMessage> got = new ArrayList<>();
      McapSummary s;
      McapSummary summary;
      try (McapReader r = McapReader.open(cut)) {
        s = r.scan((c, m) -> got.add(m));
        summary = r.summary();
      }
      assertThat(got).as(at).hasSize(expected.size());
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).data()).as(at).isEqualTo(expected.get(i).data());
        assertThat(got.get(i).logTimeNanos()).as(at).isEqualTo(expected.get(i).logTimeNanos());
      }
      assertThat(summary.messageCount()).as(at).isEqualTo(expected.size());
      if (length == bytes.length) {
        assertThat(s.complete()).isTrue();
        assertThat(summary.fromSummarySection()).isTrue();
      } else {
        assertThat(s.incompleteReason()).as(at).isNotNull()
            .containsAnyOf("cut short", "not closed");
        assertThat(summary.complete()).as(at).isFalse();
        assertThat(summary.channels()).as(at).hasSizeLessThanOrEqualTo(4);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void any_changed_byte_is_an_error_naming_the_file_or_changes_no_message(Compression compression)
      throws IOException {
    Path original = dir.resolve("original.mcap");
    SampleRecording rec = smallRecording(original, compression);
    byte[] bytes = Files.readAllBytes(original);
    Path damaged = dir.resolve("damaged.mcap");
    Files.write(damaged, bytes);
    int errors = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        poke(damaged, i - 1, bytes[i - 1]); // undo the previous change
      }
      poke(damaged, i, (byte) (bytes[i] ^ 0x5A));
      List<McapMessage> got = new ArrayList<>();
      try (McapReader r = McapReader.open(damaged)) {
        r.summary();
        r.scan((c, m) -> got.add(m));
      } catch (McapFormatException e) {
        assertThat(e.getMessage()).as("byte %d", i).startsWith(damaged + ": ");
        errors++;
        continue;
      }
      // Read without an error: then every message is exactly as written (a byte in the trailing
      // magic, say, only makes the file look unclosed).
      assertThat(got).as("byte %d changed, no error", i).hasSize(rec.written.size());
      for (int k = 0; k < got.size(); k++) {
        assertThat(got.get(k).data()).as("byte %d", i).isEqualTo(rec.written.get(k).data());
        assertThat(got.get(k).logTimeNanos()).isEqualTo(rec.written.get(k).logTimeNanos());
        assertThat(got.get(k).channelId()).isEqualTo(rec.written.get(k).channelId());
      }
    }
    assertThat(errors).isGreaterThan(bytes.length * 9 / 10);
  }

  private static void poke(Path file, long at, byte value) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {value}), at);
    }
  }

  @Test
  void a_changed_byte_in_a_chunk_is_reported_as_a_crc_mismatch_of_that_chunk() throws IOException {
    Path file = dir.resolve("run.mcap");
    smallRecording(file, Compression.NONE);
    long chunkOffset;
    try (McapReader r = McapReader.open(file)) {
      chunkOffset = r.summary().chunks().get(3).offset();
    }
    byte[] bytes = Files.readAllBytes(file);
    // Last byte of the chunk's records: inside the last message's data.
    McapChunkInfo info;
    try (McapReader r = McapReader.open(file)) {
      info = r.summary().chunks().get(3);
    }
    int at = (int) (chunkOffset + 9 + 40 + info.compressedSizeBytes() - 1);
    bytes[at] ^= 1;
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file)) {
      assertThat(r.summary().messageCount()).isEqualTo(47); // the summary is intact: 15 x 3 + 2
      assertThatThrownBy(() -> r.scan(null))
          .isInstanceOfSatisfying(McapFormatException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.CORRUPTED);
            assertThat(e.offset()).isEqualTo(chunkOffset);
            assertThat(e.getMessage()).isEqualTo(file + ": corrupted: the Chunk at byte "
                + chunkOffset + " has records with CRC32 " + e.getMessage().replaceAll(
                    ".*CRC32 ([0-9A-F]{8}), but.*", "$1")
                + ", but the Chunk records " + e.getMessage().replaceAll(
                    ".*the Chunk records ([0-9A-F]{8});.*", "$1")
                + "; the file was changed after it was written");
          });
    }
  }

  @Test
  void a_changed_byte_in_the_summary_is_reported_as_a_summary_crc_mismatch() throws IOException {
    Path file = dir.resolve("run.mcap");
    smallRecording(file, Compression.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 100] ^= 1; // inside the Summary Offset records
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file)) {
      assertThatThrownBy(r::summary).isInstanceOf(McapFormatException.class)
          .hasMessageStartingWith(file + ": corrupted: the summary section (bytes ")
          .hasMessageContaining("the file was changed after it was written");
    }
  }

  @Test
  void a_changed_byte_in_the_header_is_caught_by_the_data_section_crc() throws IOException {
    Path file = dir.resolve("run.mcap");
    smallRecording(file, Compression.LZ4);
    byte[] bytes = Files.readAllBytes(file);
    bytes[8 + 9 + 4 + 4 + 2] ^= 1; // a letter of the library name
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file)) {
      assertThatThrownBy(() -> r.scan(null)).isInstanceOf(McapFormatException.class)
          .hasMessageStartingWith(file + ": corrupted: the data section (bytes 0 to ")
          .hasMessageContaining("but its Data End record says");
    }
  }

  @Test
  void foreign_files_are_named_and_said_not_to_be_mcap() throws IOException {
    Path bag = dir.resolve("run.bag");
    Files.write(bag, "#ROSBAG V2.0\nE\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> McapReader.open(bag))
        .isInstanceOfSatisfying(McapFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.FOREIGN))
        .hasMessage(bag + ": not an MCAP file: it starts with 23 52 4F 53 42 41 47 20 instead of"
            + " the MCAP magic 89 4D 43 41 50 30 0D 0A (it is a ROS 1 bag: convert it with"
            + " `mcap convert`)");

    Path db3 = dir.resolve("run.db3");
    Files.write(db3, "SQLite format 3\0 and more".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> McapReader.open(db3)).hasMessageContaining("SQLite database");

    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello");
    assertThatThrownBy(() -> McapReader.open(text))
        .isInstanceOfSatisfying(McapFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.FOREIGN))
        .hasMessage(text + ": not an MCAP file: it starts with 68 65 6C 6C 6F instead of the"
            + " MCAP magic 89 4D 43 41 50 30 0D 0A");

    Path v1 = dir.resolve("future.mcap");
    Files.write(v1, new byte[] {(byte) 0x89, 'M', 'C', 'A', 'P', '1', '\r', '\n', 1});
    assertThatThrownBy(() -> McapReader.open(v1))
        .isInstanceOfSatisfying(McapFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED))
        .hasMessage(v1 + ": MCAP major version '1' is not supported (this reader reads 0)");

    Path empty = dir.resolve("empty.mcap");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> McapReader.open(empty))
        .hasMessage(empty + ": the file is empty (0 bytes)");
  }

  @Test
  void a_chunk_in_a_compression_we_do_not_read_is_named() throws IOException {
    Path file = dir.resolve("run.mcap");
    smallRecording(file, Compression.LZ4);
    byte[] bytes = Files.readAllBytes(file);
    // Rename the first chunk's compression "lz4" to "bz2" (same length), keeping the file's
    // structure: the reader must refuse the chunk by name, not misread it.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\3\0\0\0lz4");
    bytes[at + 4] = 'b';
    bytes[at + 5] = 'z';
    bytes[at + 6] = '2';
    Files.write(file, bytes);
    try (McapReader r = McapReader.open(file)) {
      assertThatThrownBy(() -> r.scan(null))
          .isInstanceOfSatisfying(McapFormatException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED))
          .hasMessageEndingWith("is compressed with 'bz2', which this reader does not read"
              + " (it reads zstd, lz4 and uncompressed chunks)");
    }
  }
}
