package io.policyrt.recorder.mcap;

/**
 * Where a chunk is and what it holds, from its Chunk Index (or from the Chunk record in a scan).
 *
 * @param offset byte offset of the Chunk record in the file
 * @param messageStartTimeNanos earliest log time in it, 0 if it has no messages
 * @param messageEndTimeNanos latest log time in it, 0 if it has no messages
 * @param compression {@code zstd}, {@code lz4} or empty
 * @param compressedSizeBytes size of its records as stored
 * @param uncompressedSizeBytes size of its records uncompressed
 */
public record McapChunkInfo(long offset, long messageStartTimeNanos, long messageEndTimeNanos,
    String compression, long compressedSizeBytes, long uncompressedSizeBytes) {}
