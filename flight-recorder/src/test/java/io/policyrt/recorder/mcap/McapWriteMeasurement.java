package io.policyrt.recorder.mcap;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures the writer on tick-like JSON messages: bytes per message, file size per minute at
 * 1 kHz, writer CPU per message and throughput, for each compression. Not a test: run it by hand
 * (the README gives the command) and read the numbers as one machine's.
 *
 * <p>Args: [output folder] [minutes of 1 kHz ticks, default 1].
 */
public final class McapWriteMeasurement {
  private McapWriteMeasurement() {}

  /** A tick record shaped like the recorder's: observation by feature name, action, command,
   *  stop reason, phase timings; values drift smoothly with sensor-like noise. */
  static String tick(int i, Random noise) {
    double t = i / 1000.0;
    return String.format(Locale.ROOT, "{\"tick\":%d,\"monotonic_ns\":%d,\"obs\":{"
            + "\"lateral_error_m\":%.6f,\"heading_error_rad\":%.6f,\"speed_mps\":%.6f,"
            + "\"yaw_rate_radps\":%.6f,\"path_curvature_1pm\":%.6f,\"obstacle_x_m\":%.6f,"
            + "\"obstacle_y_m\":%.6f,\"obstacle_vx_mps\":%.6f,\"obstacle_vy_mps\":%.6f,"
            + "\"target_speed_mps\":0.5},\"action\":[%.6f,%.6f],\"command\":{\"v_mps\":%.6f,"
            + "\"omega_radps\":%.6f,\"left_radps\":%.6f,\"right_radps\":%.6f},"
            + "\"stop_reason\":\"NONE\",\"timing_us\":{\"read\":%.1f,\"infer\":%.1f,"
            + "\"act\":%.1f,\"write\":%.1f,\"total\":%.1f}}",
        i, 5_000_000_000L + i * 1_000_000L,
        0.05 * Math.sin(t) + 0.002 * noise.nextGaussian(), 0.1 * Math.cos(t),
        0.5 + 0.01 * noise.nextGaussian(), 0.2 * Math.sin(0.5 * t), 0.8, 3 - 0.5 * t % 6, 0.4,
        -0.5, 0.0, Math.tanh(Math.sin(t)), Math.tanh(Math.cos(t)), 0.5 + 0.05 * Math.sin(t),
        0.3 * Math.cos(t), 10 + Math.sin(t), 10 - Math.sin(t), 3 + noise.nextDouble(),
        80 + 10 * noise.nextDouble(), 2 + noise.nextDouble(), 4 + noise.nextDouble(),
        90 + 10 * noise.nextDouble());
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/measurement");
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Files.createDirectories(out);
    int n = minutes * 60_000;
    measure(out, "tick", minutes, n, i -> tick(i, new Random(i)));
    measure(out, "small", minutes, n, SampleRecording::tickJson);
  }

  private static void measure(Path out, String shape, int minutes, int n,
      java.util.function.IntFunction<String> message) throws Exception {
    byte[][] messages = new byte[n][];
    long raw = 0;
    for (int i = 0; i < n; i++) {
      messages[i] = message.apply(i).getBytes(StandardCharsets.UTF_8);
      raw += messages[i].length;
    }
    System.out.printf(Locale.ROOT, "%s: %d JSON messages (%d min at 1 kHz), %.0f bytes each on"
        + " average%n", shape, n, minutes, raw / (double) n);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
      for (Compression c : Compression.values()) {
        Path file = out.resolve(shape + "-" + c.name().toLowerCase() + ".mcap");
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults()
            .withCompression(c))) {
          int ch = w.registerChannel("/policyrt/tick", "json", 0, Map.of());
          for (int i = 0; i < n; i++) {
            long t = 1_764_892_800_000_000_000L + i * 1_000_000L;
            w.writeMessage(ch, i, t, t, messages[i], 0, messages[i].length);
          }
        }
        long wall = System.nanoTime() - wall0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long size = Files.size(file);
        if (round == 1) {
          System.out.printf(Locale.ROOT, "%-4s %7.1f bytes/message  %6.2f MB/min at 1 kHz  "
                  + "%5.2f us CPU/message (%.2f%% of a core at 1 kHz)  %6.1f MB/s of messages%n",
              c.wireName().isEmpty() ? "none" : c.wireName(), size / (double) n,
              size / 1e6 / minutes, cpu / 1e3 / n, cpu / 1e3 / n * 1000 / 1e6 * 100,
              raw / 1e6 / (wall / 1e9));
        }
      }
    }
  }
}
