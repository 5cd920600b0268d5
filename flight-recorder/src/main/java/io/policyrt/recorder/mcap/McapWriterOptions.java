package io.policyrt.recorder.mcap;

import java.util.concurrent.TimeUnit;

/**
 * How a {@link McapWriter} lays out its file. Immutable; {@code with...} methods return a copy and
 * validate the new value before anything changes.
 *
 * @param compression chunk compression
 * @param zstdLevel zstd level when {@code compression} is {@link Compression#ZSTD} (1 to 19)
 * @param chunkSizeBytes a chunk is written once its uncompressed records reach this size [bytes]
 * @param chunkMaxDurationNanos a chunk is also written once the log times it holds span this much:
 *     what a {@code kill -9} can lose at a low message rate [ns]
 * @param profile the Header's profile ({@link McapEncodings#PROFILE_NONE}, {@code ros1}, {@code ros2})
 * @param library the Header's library field: who wrote the file
 * @param syncEachChunk force each chunk to the storage device (survives power loss, not only a
 *     killed process) at the cost of one fsync per chunk
 */
public record McapWriterOptions(
    Compression compression,
    int zstdLevel,
    int chunkSizeBytes,
    long chunkMaxDurationNanos,
    String profile,
    String library,
    boolean syncEachChunk) {

  /** zstd level 3 (zstd's default), 1 MiB chunks or 1 s of log time, no fsync, no profile. */
  public static McapWriterOptions defaults() {
    return new McapWriterOptions(
        Compression.ZSTD, 3, 1 << 20, TimeUnit.SECONDS.toNanos(1), McapEncodings.PROFILE_NONE,
        "policyrt-flight-recorder", false);
  }

  public McapWriterOptions {
    if (compression == null) {
      throw new IllegalArgumentException("compression must be one of: zstd, lz4, none");
    }
    if (zstdLevel < 1 || zstdLevel > 19) {
      throw new IllegalArgumentException("zstd level must be 1 to 19, got " + zstdLevel);
    }
    if (chunkSizeBytes < 1 || chunkSizeBytes > (256 << 20)) {
      throw new IllegalArgumentException(
          "chunk size must be 1 byte to 256 MiB, got " + chunkSizeBytes + " bytes");
    }
    if (chunkMaxDurationNanos <= 0) {
      throw new IllegalArgumentException(
          "chunk duration must be positive, got " + chunkMaxDurationNanos + " ns");
    }
    if (profile == null || library == null) {
      throw new IllegalArgumentException("profile and library must not be null (use \"\")");
    }
  }

  public McapWriterOptions withCompression(Compression c) {
    return new McapWriterOptions(c, zstdLevel, chunkSizeBytes, chunkMaxDurationNanos, profile,
        library, syncEachChunk);
  }

  public McapWriterOptions withZstdLevel(int level) {
    return new McapWriterOptions(compression, level, chunkSizeBytes, chunkMaxDurationNanos,
        profile, library, syncEachChunk);
  }

  public McapWriterOptions withChunkSizeBytes(int bytes) {
    return new McapWriterOptions(compression, zstdLevel, bytes, chunkMaxDurationNanos, profile,
        library, syncEachChunk);
  }

  public McapWriterOptions withChunkMaxDurationNanos(long nanos) {
    return new McapWriterOptions(compression, zstdLevel, chunkSizeBytes, nanos, profile, library,
        syncEachChunk);
  }

  public McapWriterOptions withProfile(String p) {
    return new McapWriterOptions(compression, zstdLevel, chunkSizeBytes, chunkMaxDurationNanos, p,
        library, syncEachChunk);
  }

  public McapWriterOptions withLibrary(String l) {
    return new McapWriterOptions(compression, zstdLevel, chunkSizeBytes, chunkMaxDurationNanos,
        profile, l, syncEachChunk);
  }

  public McapWriterOptions withSyncEachChunk(boolean sync) {
    return new McapWriterOptions(compression, zstdLevel, chunkSizeBytes, chunkMaxDurationNanos,
        profile, library, sync);
  }
}
