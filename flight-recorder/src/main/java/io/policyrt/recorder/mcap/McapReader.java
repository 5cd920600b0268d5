package io.policyrt.recorder.mcap;

import static io.policyrt.recorder.mcap.McapFormat.*;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.policyrt.recorder.mcap.McapFormatException.Problem;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Reads MCAP files: the summary of a complete file, or a scan of the data section that checks
 * every CRC (chunks, data section) and delivers the messages in file order. A file cut short
 * (killed recorder, or one still being written) is read up to its last complete record and
 * reported as incomplete; a corrupted, foreign or unsupported file raises
 * {@link McapFormatException} naming the file and what is wrong.
 *
 * <p>Reads zstd, lz4 and uncompressed chunks. Not thread-safe.
 */
public final class McapReader implements Closeable {
  /** Larger chunks or records are refused rather than allocated (a corrupted length field). */
  private static final long MAX_RECORD_BYTES = 1L << 30;

  /** Receives messages in file order during {@link #scan}. */
  @FunctionalInterface
  public interface MessageVisitor {
    void onMessage(McapChannel channel, McapMessage message) throws IOException;
  }

  private final Path path;
  private final FileChannel file;
  private final long size;
  private final String profile;
  private final String library;
  private final long headerEnd;
  /** Offset of the Footer record, or -1 when the file does not end with Footer and magic. */
  private final long footerOffset;

  private ZstdDecompressCtx zstd;
  private byte[] chunkBuffer = new byte[0];

  private McapReader(Path path, FileChannel file, long size, String profile, String library,
      long headerEnd, long footerOffset) {
    this.path = path;
    this.file = file;
    this.size = size;
    this.profile = profile;
    this.library = library;
    this.headerEnd = headerEnd;
    this.footerOffset = footerOffset;
  }

  /**
   * Opens a file and checks its magic and Header.
   *
   * @throws McapFormatException for an empty or foreign file, or one cut short before its Header
   * @throws IOException when the file cannot be read (missing, permissions)
   */
  public static McapReader open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new IOException(path + ": is a folder, not an MCAP file");
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString(), null, "no such file");
    }
    try {
      long size = ch.size();
      if (size == 0) {
        throw new McapFormatException(path, Problem.EMPTY, 0, "the file is empty (0 bytes)");
      }
      byte[] start = new byte[(int) Math.min(size, 64)];
      readFully(ch, 0, start, 0, start.length);
      checkMagic(path, start, size);
      if (size < MAGIC.length + RECORD_PREFIX_BYTES) {
        throw cutShortBeforeHeader(path, size);
      }
      byte[] prefix = new byte[RECORD_PREFIX_BYTES];
      readFully(ch, MAGIC.length, prefix, 0, prefix.length);
      if ((prefix[0] & 0xFF) != OP_HEADER) {
        throw new McapFormatException(path, Problem.CORRUPTED, MAGIC.length,
            "the first record is a " + opcodeName(prefix[0] & 0xFF)
                + ", not the Header that every MCAP file starts with");
      }
      long length = Cursor.u64(prefix, 1);
      long headerEnd = MAGIC.length + RECORD_PREFIX_BYTES + length;
      if (length < 0 || length > MAX_RECORD_BYTES) {
        throw new McapFormatException(path, Problem.CORRUPTED, MAGIC.length,
            "the Header record claims " + Long.toUnsignedString(length) + " bytes");
      }
      if (headerEnd > size) {
        throw cutShortBeforeHeader(path, size);
      }
      byte[] content = new byte[(int) length];
      readFully(ch, MAGIC.length + RECORD_PREFIX_BYTES, content, 0, content.length);
      Cursor c = new Cursor(path, content, 0, content.length, MAGIC.length, "Header");
      String profile = c.string();
      String library = c.string();
      long footerOffset = findFooter(ch, size, headerEnd);
      return new McapReader(path, ch, size, profile, library, headerEnd, footerOffset);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static McapFormatException cutShortBeforeHeader(Path path, long size) {
    return new McapFormatException(path, Problem.TRUNCATED, size,
        "the file is cut short: it ends after " + size
            + " bytes, before its Header record is complete; nothing in it can be read");
  }

  private static void checkMagic(Path path, byte[] start, long size) throws McapFormatException {
    int n = (int) Math.min(start.length, MAGIC.length);
    boolean prefixMatches = Arrays.equals(start, 0, n, MAGIC, 0, n);
    if (prefixMatches && n < MAGIC.length) {
      throw new McapFormatException(path, Problem.TRUNCATED, size,
          "the file is cut short: it has only " + size + " bytes, the start of the MCAP magic");
    }
    if (prefixMatches) {
      return;
    }
    if (n >= 5 && start[0] == (byte) 0x89 && start[1] == 'M' && start[2] == 'C' && start[3] == 'A'
        && start[4] == 'P') {
      throw new McapFormatException(path, Problem.UNSUPPORTED, 5,
          "MCAP major version '" + (char) start[5] + "' is not supported (this reader reads 0)");
    }
    throw new McapFormatException(path, Problem.FOREIGN, 0,
        "not an MCAP file: it starts with " + describeStart(start)
            + " instead of the MCAP magic 89 4D 43 41 50 30 0D 0A" + foreignHint(start));
  }

  private static String describeStart(byte[] start) {
    StringBuilder sb = new StringBuilder();
    int n = Math.min(start.length, 8);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02X", start[i] & 0xFF));
    }
    return sb.toString();
  }

  private static String foreignHint(byte[] s) {
    String text = new String(s, 0, Math.min(s.length, 16), StandardCharsets.ISO_8859_1);
    if (text.startsWith("#ROSBAG")) {
      return " (it is a ROS 1 bag: convert it with `mcap convert`)";
    }
    if (text.startsWith("SQLite format 3")) {
      return " (it is an SQLite database, as a rosbag2 .db3 file is)";
    }
    if (s.length >= 2 && (s[0] & 0xFF) == 0x1F && (s[1] & 0xFF) == 0x8B) {
      return " (it is gzip-compressed)";
    }
    if (s.length >= 4 && s[0] == 0x28 && (s[1] & 0xFF) == 0xB5 && s[2] == 0x2F
        && (s[3] & 0xFF) == 0xFD) {
      return " (it is zstd-compressed)";
    }
    return "";
  }

  /** The Footer's offset when the file ends with a Footer record and the magic, else -1. */
  private static long findFooter(FileChannel ch, long size, long headerEnd) throws IOException {
    long at = size - FOOTER_AND_MAGIC_BYTES;
    if (at < headerEnd) {
      return -1;
    }
    byte[] tail = new byte[FOOTER_AND_MAGIC_BYTES];
    readFully(ch, at, tail, 0, tail.length);
    boolean magic = Arrays.equals(tail, tail.length - MAGIC.length, tail.length, MAGIC, 0,
        MAGIC.length);
    boolean footer = (tail[0] & 0xFF) == OP_FOOTER && Cursor.u64(tail, 1) == FOOTER_CONTENT_BYTES;
    return magic && footer ? at : -1;
  }

  public Path path() {
    return path;
  }

  public String profile() {
    return profile;
  }

  public String library() {
    return library;
  }

  /** True when the file ends with a Footer and the closing magic (it was closed cleanly). */
  public boolean hasFooter() {
    return footerOffset >= 0;
  }

  /**
   * The file's summary: from its summary section when the file was closed cleanly (the summary's
   * CRC is checked), otherwise from a {@link #scan} of the data section.
   */
  public McapSummary summary() throws IOException {
    if (footerOffset >= 0) {
      McapSummary s = readSummarySection();
      if (s != null) {
        return s;
      }
    }
    return scan(null);
  }

  // ---------------------------------------------------------------- summary section

  private McapSummary readSummarySection() throws IOException {
    byte[] footer = new byte[FOOTER_CONTENT_BYTES];
    readFully(file, footerOffset + RECORD_PREFIX_BYTES, footer, 0, footer.length);
    long summaryStart = Cursor.u64(footer, 0);
    long summaryOffsetStart = Cursor.u64(footer, 8);
    long summaryCrc = Cursor.u32(footer, 16);
    if (summaryStart == 0) {
      return null;
    }
    if (summaryStart < headerEnd || summaryStart > footerOffset) {
      throw new McapFormatException(path, Problem.CORRUPTED, footerOffset,
          "the Footer places the summary at byte " + Long.toUnsignedString(summaryStart)
              + ", outside the file's records (" + headerEnd + " to " + footerOffset + ")");
    }
    if (summaryOffsetStart != 0
        && (summaryOffsetStart < summaryStart || summaryOffsetStart > footerOffset)) {
      throw new McapFormatException(path, Problem.CORRUPTED, footerOffset,
          "the Footer places the summary offsets at byte "
              + Long.toUnsignedString(summaryOffsetStart) + ", outside the summary");
    }
    long length = footerOffset - summaryStart;
    if (length > MAX_RECORD_BYTES) {
      throw new McapFormatException(path, Problem.UNSUPPORTED, summaryStart,
          "the summary section is " + length + " bytes, more than this reader's 1 GiB limit");
    }
    // CRC from the summary's first byte through the Footer's summary_offset_start field.
    byte[] summary = new byte[(int) length + RECORD_PREFIX_BYTES + 16];
    readFully(file, summaryStart, summary, 0, summary.length);
    if (summaryCrc != 0) {
      CRC32 crc = new CRC32();
      crc.update(summary, 0, summary.length);
      if (crc.getValue() != summaryCrc) {
        throw new McapFormatException(path, Problem.CORRUPTED, summaryStart, String.format(
            "corrupted: the summary section (bytes %d to %d) has CRC32 %08X, but the Footer "
                + "records %08X; the file was changed after it was written",
            summaryStart, footerOffset, crc.getValue(), summaryCrc));
      }
    }
    Gather g = new Gather();
    boolean sawStatistics = false;
    long statsMessages = 0;
    long statsStart = 0;
    long statsEnd = 0;
    Map<Integer, Long> statsCounts = new TreeMap<>();
    List<long[]> metadataIndexes = new ArrayList<>();
    int p = 0;
    while (p < length) {
      long at = summaryStart + p;
      if (p + RECORD_PREFIX_BYTES > length) {
        throw new McapFormatException(path, Problem.CORRUPTED, at,
            "the summary section ends inside a record prefix");
      }
      int opcode = summary[p] & 0xFF;
      long recordLength = Cursor.u64(summary, p + 1);
      if (recordLength < 0 || recordLength > length - p - RECORD_PREFIX_BYTES) {
        throw new McapFormatException(path, Problem.CORRUPTED, at, "the summary's "
            + opcodeName(opcode) + " record at byte " + at + " runs past the summary section");
      }
      int from = p + RECORD_PREFIX_BYTES;
      int to = from + (int) recordLength;
      Cursor c = new Cursor(path, summary, from, to, at, opcodeName(opcode));
      switch (opcode) {
        case OP_SCHEMA: g.schema(readSchema(c)); break;
        case OP_CHANNEL: g.channel(readChannel(c)); break;
        case OP_CHUNK_INDEX: g.chunks.add(readChunkIndex(c)); break;
        case OP_METADATA_INDEX:
          metadataIndexes.add(new long[] {c.u64(), c.u64()});
          break;
        case OP_STATISTICS:
          sawStatistics = true;
          statsMessages = c.u64();
          c.u16(); // schemas
          c.u32(); // channels
          c.u32(); // attachments
          c.u32(); // metadata
          c.u32(); // chunks
          statsStart = c.u64();
          statsEnd = c.u64();
          int mapEnd = c.arrayEnd();
          while (c.pos < mapEnd) {
            statsCounts.put(c.u16(), c.u64());
          }
          break;
        default:
          break; // attachment indexes, summary offsets, private records
      }
      p = to;
    }
    if (!sawStatistics) {
      return null; // counts are not in the summary: a scan gathers them
    }
    for (long[] mi : metadataIndexes) {
      g.metadata.add(readMetadataAt(mi[0], mi[1]));
    }
    return new McapSummary(profile, library, List.copyOf(g.schemas.values()),
        List.copyOf(g.channels.values()), statsMessages, statsCounts, statsStart, statsEnd,
        List.copyOf(g.chunks), List.copyOf(g.metadata), true, null);
  }

  private McapMetadata readMetadataAt(long offset, long length) throws IOException {
    if (offset < headerEnd || length < RECORD_PREFIX_BYTES || length > MAX_RECORD_BYTES
        || offset + length > footerOffset) {
      throw new McapFormatException(path, Problem.CORRUPTED, offset,
          "a Metadata Index points to bytes " + offset + " to " + (offset + length)
              + ", outside the data section");
    }
    byte[] b = new byte[(int) length];
    readFully(file, offset, b, 0, b.length);
    if ((b[0] & 0xFF) != OP_METADATA || Cursor.u64(b, 1) != length - RECORD_PREFIX_BYTES) {
      throw new McapFormatException(path, Problem.CORRUPTED, offset,
          "a Metadata Index points to byte " + offset + ", where there is no Metadata record");
    }
    return readMetadata(new Cursor(path, b, RECORD_PREFIX_BYTES, b.length, offset, "Metadata"));
  }

  // ---------------------------------------------------------------- scan

  /**
   * Reads the data section from the start, checking the CRC of every chunk and of the data
   * section, and hands each message to {@code visitor} (may be null) in file order.
   *
   * @return the summary gathered from the records read; {@link McapSummary#incompleteReason()}
   *     says where a file cut short ends and what was recovered
   * @throws McapFormatException when a CRC does not match, a record is malformed, or a chunk uses a
   *     compression this reader does not read
   */
  public McapSummary scan(MessageVisitor visitor) throws IOException {
    Gather g = new Gather();
    CRC32 dataCrc = new CRC32();
    byte[] magicAndHeader = new byte[(int) headerEnd];
    readFully(file, 0, magicAndHeader, 0, magicAndHeader.length);
    dataCrc.update(magicAndHeader);

    byte[] prefix = new byte[RECORD_PREFIX_BYTES];
    byte[] content = new byte[4096];
    long end = footerOffset >= 0 ? footerOffset : size;
    long pos = headerEnd;
    String incomplete = null;
    boolean sawDataEnd = false;
    while (true) {
      if (pos == end) {
        incomplete = footerOffset >= 0
            ? "the data section has no Data End record"
            : "the file ends after byte " + pos + " with no Data End record: the recording was"
                + " not closed (killed, or still being written); read " + g.chunkCount
                + " complete chunks and " + g.messageCount + " messages";
        break;
      }
      if (end - pos < RECORD_PREFIX_BYTES) {
        incomplete = cutShort(pos, "a record's opcode and length", RECORD_PREFIX_BYTES, g);
        if (footerOffset >= 0) {
          throw corrupted(pos, "the data section ends inside a record's opcode and length");
        }
        break;
      }
      readFully(file, pos, prefix, 0, prefix.length);
      int opcode = prefix[0] & 0xFF;
      long length = Cursor.u64(prefix, 1);
      if (opcode == 0) {
        if (footerOffset < 0 && allZero(pos, end)) {
          incomplete = "the file's bytes from " + pos + " to its end are zeros (its tail was"
              + " never written, as after a power loss); read " + g.chunkCount
              + " complete chunks and " + g.messageCount + " messages";
          break;
        }
        throw corrupted(pos, "a record at byte " + pos + " has opcode 0, which is not valid");
      }
      long available = end - pos - RECORD_PREFIX_BYTES;
      if (length < 0 || Long.compareUnsigned(length, available) > 0) {
        if (footerOffset >= 0) {
          throw corrupted(pos, "the " + opcodeName(opcode) + " record at byte " + pos + " claims "
              + Long.toUnsignedString(length) + " bytes, past the end of the data section");
        }
        incomplete = cutShort(pos, "a " + opcodeName(opcode) + " record",
            RECORD_PREFIX_BYTES + length, g);
        break;
      }
      if (length > MAX_RECORD_BYTES) {
        throw new McapFormatException(path, Problem.UNSUPPORTED, pos, "the "
            + opcodeName(opcode) + " record at byte " + pos + " has " + length
            + " bytes, more than this reader's 1 GiB limit");
      }
      if (opcode == OP_DATA_END) {
        if (length < DATA_END_CONTENT_BYTES) {
          throw corrupted(pos, "the Data End record at byte " + pos + " is too short");
        }
        byte[] crcBytes = new byte[4];
        readFully(file, pos + RECORD_PREFIX_BYTES, crcBytes, 0, 4);
        long expected = Cursor.u32(crcBytes, 0);
        if (expected != 0 && expected != dataCrc.getValue()) {
          throw corrupted(pos, String.format("corrupted: the data section (bytes 0 to %d) has"
              + " CRC32 %08X, but its Data End record says %08X; the file was changed after it"
              + " was written", pos, dataCrc.getValue(), expected));
        }
        sawDataEnd = true;
        break;
      }
      if (opcode == OP_FOOTER) {
        break; // a file without Data End
      }
      if (content.length < length) {
        content = new byte[(int) Math.max(length, content.length * 2L)];
      }
      readFully(file, pos + RECORD_PREFIX_BYTES, content, 0, (int) length);
      dataCrc.update(prefix);
      dataCrc.update(content, 0, (int) length);
      Cursor c = new Cursor(path, content, 0, (int) length, pos, opcodeName(opcode));
      switch (opcode) {
        case OP_HEADER:
          throw corrupted(pos, "a second Header record at byte " + pos);
        case OP_SCHEMA: g.schema(readSchema(c)); break;
        case OP_CHANNEL: g.channel(readChannel(c)); break;
        case OP_MESSAGE: g.message(readMessage(c), visitor); break;
        case OP_CHUNK: readChunk(c, g, visitor); break;
        case OP_METADATA: g.metadata.add(readMetadata(c)); break;
        default: break; // message indexes, attachments, private records
      }
      pos += RECORD_PREFIX_BYTES + length;
    }
    if (sawDataEnd && footerOffset < 0) {
      incomplete = "the summary section after byte " + pos + " is cut short (the file was not"
          + " closed cleanly); all " + g.chunkCount + " chunks and " + g.messageCount
          + " messages of the data section were read";
    }
    return new McapSummary(profile, library, List.copyOf(g.schemas.values()),
        List.copyOf(g.channels.values()), g.messageCount, g.countByChannel,
        g.messageCount == 0 ? 0 : g.start, g.messageCount == 0 ? 0 : g.end,
        List.copyOf(g.chunks), List.copyOf(g.metadata), false, incomplete);
  }

  private String cutShort(long pos, String what, long needed, Gather g) {
    return "the file is cut short at byte " + size + ": the " + what.replaceFirst("^a ", "")
        + " at byte " + pos + " needs " + Long.toUnsignedString(needed) + " bytes but "
        + (size - pos) + " remain (the recording was killed or is still being written); read "
        + g.chunkCount + " complete chunks and " + g.messageCount + " messages before it";
  }

  private boolean allZero(long from, long to) throws IOException {
    byte[] b = new byte[8192];
    for (long p = from; p < to; p += b.length) {
      int n = (int) Math.min(b.length, to - p);
      readFully(file, p, b, 0, n);
      for (int i = 0; i < n; i++) {
        if (b[i] != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private McapFormatException corrupted(long pos, String what) {
    return new McapFormatException(path, Problem.CORRUPTED, pos, what);
  }

  private void readChunk(Cursor c, Gather g, MessageVisitor visitor) throws IOException {
    long chunkOffset = c.fileOffset;
    long startTime = c.u64();
    long endTime = c.u64();
    long uncompressedSize = c.u64();
    long crc = c.u32();
    String compression = c.string();
    long compressedSize = c.u64();
    if (compressedSize < 0 || compressedSize > c.limit - c.pos) {
      throw corrupted(chunkOffset, "the Chunk record at byte " + chunkOffset + " says its records"
          + " take " + Long.toUnsignedString(compressedSize) + " bytes, more than the record has");
    }
    if (uncompressedSize < 0 || uncompressedSize > MAX_RECORD_BYTES) {
      throw new McapFormatException(path, Problem.UNSUPPORTED, chunkOffset, "the Chunk at byte "
          + chunkOffset + " holds " + Long.toUnsignedString(uncompressedSize)
          + " bytes uncompressed, more than this reader's 1 GiB limit");
    }
    Compression kind = Compression.fromWireName(compression);
    if (kind == null) {
      throw new McapFormatException(path, Problem.UNSUPPORTED, chunkOffset, "the Chunk at byte "
          + chunkOffset + " is compressed with '" + compression
          + "', which this reader does not read (it reads zstd, lz4 and uncompressed chunks)");
    }
    byte[] records;
    int from;
    int n = (int) uncompressedSize;
    if (kind == Compression.NONE) {
      if (compressedSize != uncompressedSize) {
        throw corrupted(chunkOffset, "the uncompressed Chunk at byte " + chunkOffset + " stores "
            + compressedSize + " bytes but says it holds " + uncompressedSize);
      }
      records = c.buf;
      from = c.pos;
    } else {
      if (chunkBuffer.length < n) {
        chunkBuffer = new byte[Math.max(n, chunkBuffer.length * 2)];
      }
      decompress(kind, c.buf, c.pos, (int) compressedSize, chunkBuffer, n, chunkOffset);
      records = chunkBuffer;
      from = 0;
    }
    if (crc != 0) {
      CRC32 actual = new CRC32();
      actual.update(records, from, n);
      if (actual.getValue() != crc) {
        throw corrupted(chunkOffset, String.format("corrupted: the Chunk at byte %d has records"
            + " with CRC32 %08X, but the Chunk records %08X; the file was changed after it was"
            + " written", chunkOffset, actual.getValue(), crc));
      }
    }
    int p = from;
    int limit = from + n;
    while (p < limit) {
      if (limit - p < RECORD_PREFIX_BYTES) {
        throw corrupted(chunkOffset, "the records of the Chunk at byte " + chunkOffset
            + " end inside a record's opcode and length");
      }
      int opcode = records[p] & 0xFF;
      long length = Cursor.u64(records, p + 1);
      if (length < 0 || length > limit - p - RECORD_PREFIX_BYTES) {
        throw corrupted(chunkOffset, "a " + opcodeName(opcode) + " record inside the Chunk at byte "
            + chunkOffset + " runs past the chunk's end");
      }
      Cursor r = new Cursor(path, records, p + RECORD_PREFIX_BYTES,
          p + RECORD_PREFIX_BYTES + (int) length, chunkOffset,
          opcodeName(opcode) + " record inside the Chunk");
      switch (opcode) {
        case OP_SCHEMA: g.schema(readSchema(r)); break;
        case OP_CHANNEL: g.channel(readChannel(r)); break;
        case OP_MESSAGE: g.message(readMessage(r), visitor); break;
        default: break;
      }
      p += RECORD_PREFIX_BYTES + (int) length;
    }
    g.chunkCount++;
    g.chunks.add(new McapChunkInfo(chunkOffset, startTime, endTime, compression, compressedSize,
        uncompressedSize));
  }

  private void decompress(Compression kind, byte[] src, int off, int len, byte[] dst, int n,
      long chunkOffset) throws McapFormatException {
    try {
      int got;
      if (kind == Compression.ZSTD) {
        if (zstd == null) {
          zstd = new ZstdDecompressCtx();
        }
        got = zstd.decompressByteArray(dst, 0, n, src, off, len);
      } else {
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(src, off, len),
            LZ4Factory.fastestInstance().safeDecompressor(),
            XXHashFactory.fastestInstance().hash32())) {
          got = in.readNBytes(dst, 0, n);
          if (got == n && in.read() != -1) {
            got = n + 1;
          }
        }
      }
      if (got != n) {
        throw corrupted(chunkOffset, "corrupted: the " + kind.wireName() + " Chunk at byte "
            + chunkOffset + " decompresses to " + (got > n ? "more than " : "") + Math.min(got, n)
            + " bytes, but says it holds " + n);
      }
    } catch (McapFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new McapFormatException(path, Problem.CORRUPTED, chunkOffset, "corrupted: the "
          + kind.wireName() + " Chunk at byte " + chunkOffset + " does not decompress ("
          + e.getMessage() + ")", e);
    }
  }

  // ---------------------------------------------------------------- records

  private static McapSchema readSchema(Cursor c) throws McapFormatException {
    int id = c.u16();
    String name = c.string();
    String encoding = c.string();
    long n = c.u32();
    return new McapSchema(id, name, encoding, c.bytes(n));
  }

  private static McapChannel readChannel(Cursor c) throws McapFormatException {
    int id = c.u16();
    int schemaId = c.u16();
    String topic = c.string();
    String encoding = c.string();
    return new McapChannel(id, schemaId, topic, encoding, c.stringMap());
  }

  private static McapMessage readMessage(Cursor c) throws McapFormatException {
    int channel = c.u16();
    long sequence = c.u32();
    long logTime = c.u64();
    long publishTime = c.u64();
    return new McapMessage(channel, sequence, logTime, publishTime, c.bytes(c.limit - c.pos));
  }

  private static McapMetadata readMetadata(Cursor c) throws McapFormatException {
    return new McapMetadata(c.string(), c.stringMap());
  }

  private static McapChunkInfo readChunkIndex(Cursor c) throws McapFormatException {
    long start = c.u64();
    long end = c.u64();
    long offset = c.u64();
    c.u64(); // chunk length
    c.pos = c.arrayEnd(); // message index offsets
    c.u64(); // message index length
    String compression = c.string();
    long compressed = c.u64();
    long uncompressed = c.u64();
    return new McapChunkInfo(offset, start, end, compression, compressed, uncompressed);
  }

  /** What a scan or the summary section has seen so far. */
  private final class Gather {
    final Map<Integer, McapSchema> schemas = new TreeMap<>();
    final Map<Integer, McapChannel> channels = new TreeMap<>();
    final Map<Integer, Long> countByChannel = new TreeMap<>();
    final List<McapChunkInfo> chunks = new ArrayList<>();
    final List<McapMetadata> metadata = new ArrayList<>();
    long messageCount;
    long start;
    long end;
    int chunkCount;

    void schema(McapSchema s) {
      if (s.id() != 0) {
        schemas.putIfAbsent(s.id(), s);
      }
    }

    void channel(McapChannel ch) {
      channels.putIfAbsent(ch.id(), ch);
    }

    void message(McapMessage m, MessageVisitor visitor) throws IOException {
      McapChannel ch = channels.get(m.channelId());
      if (ch == null) {
        throw new McapFormatException(path, Problem.CORRUPTED, -1, "a message on channel "
            + m.channelId() + " comes before any Channel record with that id");
      }
      if (messageCount == 0) {
        start = m.logTimeNanos();
        end = m.logTimeNanos();
      } else {
        start = Math.min(start, m.logTimeNanos());
        end = Math.max(end, m.logTimeNanos());
      }
      messageCount++;
      countByChannel.merge(m.channelId(), 1L, Long::sum);
      if (visitor != null) {
        visitor.onMessage(ch, m);
      }
    }
  }

  /** Little-endian fields of one record's content; any read past its end is a clear error. */
  static final class Cursor {
    final Path path;
    final byte[] buf;
    int pos;
    final int limit;
    final long fileOffset;
    final String record;

    Cursor(Path path, byte[] buf, int pos, int limit, long fileOffset, String record) {
      this.path = path;
      this.buf = buf;
      this.pos = pos;
      this.limit = limit;
      this.fileOffset = fileOffset;
      this.record = record;
    }

    static long u64(byte[] b, int at) {
      long v = 0;
      for (int i = 7; i >= 0; i--) {
        v = (v << 8) | (b[at + i] & 0xFFL);
      }
      return v;
    }

    static long u32(byte[] b, int at) {
      return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16
          | (b[at + 3] & 0xFFL) << 24;
    }

    private void need(long n) throws McapFormatException {
      if (n < 0 || n > limit - pos) {
        throw new McapFormatException(path, Problem.CORRUPTED, fileOffset, "the " + record
            + " at byte " + fileOffset + " is malformed: a field runs past the record's end");
      }
    }

    int u16() throws McapFormatException {
      need(2);
      int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
      pos += 2;
      return v;
    }

    long u32() throws McapFormatException {
      need(4);
      long v = u32(buf, pos);
      pos += 4;
      return v;
    }

    long u64() throws McapFormatException {
      need(8);
      long v = u64(buf, pos);
      pos += 8;
      return v;
    }

    byte[] bytes(long n) throws McapFormatException {
      need(n);
      byte[] b = Arrays.copyOfRange(buf, pos, pos + (int) n);
      pos += (int) n;
      return b;
    }

    String string() throws McapFormatException {
      long n = u32();
      need(n);
      try {
        String s = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(buf, pos, (int) n)).toString();
        pos += (int) n;
        return s;
      } catch (CharacterCodingException e) {
        throw new McapFormatException(path, Problem.CORRUPTED, fileOffset, "the " + record
            + " at byte " + fileOffset + " has a string that is not UTF-8");
      }
    }

    /** Reads a uint32 byte length and returns where the array or map it prefixes ends. */
    int arrayEnd() throws McapFormatException {
      long n = u32();
      need(n);
      return pos + (int) n;
    }

    Map<String, String> stringMap() throws McapFormatException {
      int end = arrayEnd();
      Map<String, String> m = new LinkedHashMap<>();
      Cursor inner = new Cursor(path, buf, pos, end, fileOffset, record);
      while (inner.pos < end) {
        m.put(inner.string(), inner.string());
      }
      pos = end;
      return m;
    }
  }

  private static void readFully(FileChannel ch, long at, byte[] dst, int off, int len)
      throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    while (b.hasRemaining()) {
      int n = ch.read(b, at + (b.position() - off));
      if (n < 0) {
        throw new java.io.EOFException("the file shrank while it was read");
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (zstd != null) {
      zstd.close();
    }
    file.close();
  }
}
