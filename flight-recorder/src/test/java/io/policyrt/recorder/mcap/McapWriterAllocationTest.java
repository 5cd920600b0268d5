package io.policyrt.recorder.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writer reuses its chunk, output and index buffers: once they have grown, a message and a
 * chunk allocate nothing. What remains is the summary's Chunk Index table (about 60 bytes a chunk)
 * growing by doubling, a few hundred bytes a chunk at most, well under a byte a message.
 */
class McapWriterAllocationTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void writing_messages_allocates_less_than_a_byte_each(Compression compression)
      throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    byte[] m = SampleRecording.tickJson(123).getBytes(StandardCharsets.UTF_8);
    try (McapWriter w = McapWriter.create(dir.resolve("a.mcap"),
        McapWriterOptions.defaults().withCompression(compression).withChunkSizeBytes(32 << 10))) {
      int ch = w.registerChannel("/policyrt/tick", "json", 0, Map.of());
      long t = 0;
      for (int i = 0; i < 50_000; i++) { // warm-up: buffers grow, code compiles
        w.writeMessage(ch, i, t += 1000, t, m, 0, m.length);
      }
      int chunksBefore = w.chunkCount();
      long before = threads.getThreadAllocatedBytes(thread);
      int n = 300_000;
      for (int i = 0; i < n; i++) {
        w.writeMessage(ch, i, t += 1000, t, m, 0, m.length);
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      int chunks = w.chunkCount() - chunksBefore;
      assertThat(chunks).isGreaterThan(500);
      // Any allocation per message (a boxed long, an iterator: 16 bytes or more) fails this.
      assertThat(allocated).as("%d bytes over %d messages in %d chunks", allocated, n, chunks)
          .isLessThan(n);
    }
  }
}
