package io.policyrt.recorder.mcap;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Compresses one chunk's records into the end of a reused sink. One instance per writer, used by
 * the writer's thread only; it keeps its native context, so a chunk allocates nothing.
 */
abstract class ChunkCompressor implements AutoCloseable {

  /** Appends the compressed form of {@code src[0, len)} to {@code out}. */
  abstract void compress(byte[] src, int len, ByteSink out);

  @Override
  public void close() {}

  static ChunkCompressor create(Compression compression, int zstdLevel) {
    switch (compression) {
      case NONE: return new Stored();
      case ZSTD: return new ZstdChunks(zstdLevel);
      case LZ4: return new Lz4Frames();
      default: throw new IllegalArgumentException("unknown compression " + compression);
    }
  }

  private static final class Stored extends ChunkCompressor {
    @Override
    void compress(byte[] src, int len, ByteSink out) {
      out.putBytes(src, 0, len);
    }
  }

  /** One zstd frame per chunk (with the content size in its header, as the reference writers). */
  private static final class ZstdChunks extends ChunkCompressor {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx();

    ZstdChunks(int level) {
      ctx.setLevel(level);
      ctx.setContentSize(true);
      ctx.setChecksum(false); // the Chunk record carries a CRC32 of the uncompressed records
    }

    @Override
    void compress(byte[] src, int len, ByteSink out) {
      int bound = (int) Zstd.compressBound(len);
      out.ensureRoom(bound);
      int n = ctx.compressByteArray(out.array(), out.size(), bound, src, 0, len);
      out.advance(n);
    }

    @Override
    public void close() {
      ctx.close();
    }
  }

  /**
   * The LZ4 frame format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md), which
   * MCAP's {@code lz4} means: magic, frame descriptor with independent blocks of at most 4 MiB and
   * the content size, blocks compressed by lz4-java's block compressor (stored raw when that does
   * not make them smaller), end mark. No block or content checksums: the Chunk record has a CRC32.
   * lz4-java's {@code LZ4FrameOutputStream} writes the same format, but allocates its block
   * buffers per stream, that is per chunk.
   */
  static final class Lz4Frames extends ChunkCompressor {
    static final int FRAME_MAGIC = 0x184D2204;
    static final int MAX_BLOCK_BYTES = 4 << 20;
    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    private final XXHash32 xxhash = XXHashFactory.fastestInstance().hash32();

    @Override
    void compress(byte[] src, int len, ByteSink out) {
      out.putU32(FRAME_MAGIC);
      int descriptorAt = out.size();
      // FLG: version 01, blocks independent, content size present, no checksums.
      out.putU8(0b0110_1000);
      // BD: block maximum size 4 MiB (code 7).
      out.putU8(7 << 4);
      out.putU64(len);
      int hc = (xxhash.hash(out.array(), descriptorAt, out.size() - descriptorAt, 0) >>> 8) & 0xFF;
      out.putU8(hc);
      for (int off = 0; off < len; off += MAX_BLOCK_BYTES) {
        int blockLen = Math.min(MAX_BLOCK_BYTES, len - off);
        int bound = compressor.maxCompressedLength(blockLen);
        out.ensureRoom(4 + bound);
        int sizeAt = out.size();
        out.advance(4);
        int n = blockLen <= 1 ? blockLen + 1 // a 1-byte block never shrinks: stored below
            : compressor.compress(src, off, blockLen, out.array(), out.size(), bound);
        if (n < blockLen) {
          out.setU32(sizeAt, n);
          out.advance(n);
        } else {
          // Incompressible: stored as is, flagged by the highest bit of the block size.
          out.setU32(sizeAt, 0x8000_0000L | blockLen);
          out.putBytes(src, off, blockLen);
        }
      }
      out.putU32(0); // end mark
    }
  }
}
