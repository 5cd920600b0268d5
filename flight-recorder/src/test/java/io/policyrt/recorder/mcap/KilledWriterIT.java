package io.policyrt.recorder.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording process killed with SIGKILL: its file reads up to the last complete chunk. */
class KilledWriterIT {
  @TempDir Path dir;

  /** The child process: writes messages until killed, and says after each chunk how far it is. */
  public static void main(String[] args) throws Exception {
    try (McapWriter w = McapWriter.create(Path.of(args[0]),
        McapWriterOptions.defaults().withChunkSizeBytes(2048))) {
      int ch = w.registerChannel("/policyrt/tick", "json", 0, Map.of());
      int chunks = 0;
      for (int i = 0; ; i++) {
        byte[] m = payload(i);
        w.writeMessage(ch, i, 1_000L + i, 1_000L + i, m, 0, m.length);
        if (w.chunkCount() != chunks) {
          chunks = w.chunkCount();
          System.out.println("chunks " + chunks + " messages " + (i + 1));
          System.out.flush();
        }
        if (i % 100 == 0) {
          Thread.sleep(1);
        }
      }
    }
  }

  static byte[] payload(int i) {
    return ("{\"tick\":" + i + ",\"v_mps\":" + (i * 0.001) + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_recorder_killed_with_sigkill_leaves_every_complete_chunk_readable() throws Exception {
    Path file = dir.resolve("killed.mcap");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        KilledWriterIT.class.getName(), file.toString()).redirectErrorStream(true).start();
    int messagesAtKill = 0;
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("chunks 30 ")) {
          messagesAtKill = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
          p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close()
          break;
        }
      }
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(messagesAtKill).as("child output: %s", lines).isPositive();

    List<McapMessage> got = new ArrayList<>();
    McapSummary s;
    try (McapReader r = McapReader.open(file)) {
      assertThat(r.hasFooter()).isFalse();
      s = r.scan((c, m) -> got.add(m));
    }
    assertThat(s.complete()).isFalse();
    assertThat(s.incompleteReason()).contains("killed");
    // Everything up to the 30th chunk was in the file when the child said so; the child may have
    // written a few more chunks before the signal landed.
    assertThat(s.chunks().size()).isGreaterThanOrEqualTo(30);
    assertThat(got.size()).isGreaterThanOrEqualTo(messagesAtKill);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).sequence()).isEqualTo(i);
      assertThat(got.get(i).data()).isEqualTo(payload(i));
    }
  }
}
