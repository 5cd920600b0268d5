package io.policyrt.recorder.mcap;

import static io.policyrt.recorder.mcap.McapFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes one MCAP file: Header; Schema, Channel and Message records in chunks, each chunk followed
 * by its Message Index records; Metadata records; Data End with the data section's CRC; a summary
 * (Schemas, Channels, Statistics, Chunk Indexes, Metadata Indexes) with Summary Offsets; Footer with
 * the summary's CRC.
 *
 * <p>Crash behaviour: a chunk goes to the file in one write as soon as it is complete, so a
 * process killed at any moment leaves a file that {@link McapReader} reads up to its last complete
 * chunk. Until {@link #close()} the file has no summary.
 *
 * <p>Threading: one thread at a time (the recorder's writer thread). Not thread-safe.
 *
 * <p>Allocation: the chunk, output and index buffers are reused across chunks; a message allocates
 * nothing once they have grown to the largest chunk. Registering schemas, channels and metadata
 * allocates.
 */
public final class McapWriter implements AutoCloseable {
  private static final int MAX_ID = 0xFFFF;

  private final Path path;
  private final McapWriterOptions options;
  private final FileChannel file;
  private final CRC32 dataCrc = new CRC32();
  private final CRC32 chunkCrc = new CRC32();
  private final ChunkCompressor compressor;
  private final byte[] compressionName;

  /** Uncompressed records of the open chunk. */
  private final ByteSink chunk;
  /** Bytes of the next write to the file (a chunk and its indexes, or a metadata record). */
  private final ByteSink out;
  private ByteBuffer outView;
  /** Summary records accumulated while writing: Chunk Index and Metadata Index contents. */
  private final ByteSink chunkIndexes = new ByteSink(4096);
  private final ByteSink metadataIndexes = new ByteSink(256);

  private final List<McapSchema> schemas = new ArrayList<>();
  private final List<McapChannel> channels = new ArrayList<>();

  // Per channel id: the open chunk's message index as (log time, offset) pairs.
  private long[][] indexEntries = new long[8][];
  private int[] indexCount = new int[8];
  private int[] channelsInChunk = new int[8];
  private int channelsInChunkCount;

  private long chunkStartNanos;
  private long chunkEndNanos;
  private int chunkMessages;

  // Statistics.
  private long[] messagesPerChannel = new long[8];
  private long messageCount;
  private long startNanos;
  private long endNanos;
  private int chunkCount;
  private int metadataCount;

  private long position;
  private boolean closed;

  private McapWriter(Path path, McapWriterOptions options, FileChannel file) {
    this.path = path;
    this.options = options;
    this.file = file;
    this.compressor = ChunkCompressor.create(options.compression(), options.zstdLevel());
    this.compressionName = options.compression().wireName().getBytes(StandardCharsets.UTF_8);
    int initial = Math.min(options.chunkSizeBytes() + (64 << 10), 8 << 20);
    this.chunk = new ByteSink(initial);
    this.out = new ByteSink(initial + 1024);
  }

  /**
   * Creates (or truncates) {@code path} and writes the magic and Header, flushed to the file.
   *
   * @throws IOException when the file cannot be created or written
   */
  public static McapWriter create(Path path, McapWriterOptions options) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    McapWriter w;
    try {
      w = new McapWriter(path, options, ch);
      w.out.putBytes(MAGIC, 0, MAGIC.length);
      int at = w.out.beginRecord(OP_HEADER);
      w.out.putString(options.profile());
      w.out.putString(options.library());
      w.out.endRecord(at);
      w.writeOut(true);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return w;
  }

  public Path path() {
    return path;
  }

  public McapWriterOptions options() {
    return options;
  }

  /** Bytes in the file so far, plus the open chunk's uncompressed records. */
  public long sizeBytes() {
    return position + chunk.size();
  }

  public long messageCount() {
    return messageCount;
  }

  /** Chunks written to the file so far. */
  public int chunkCount() {
    return chunkCount;
  }

  /** Log time of the first message, or -1 before the first message. */
  public long firstLogTimeNanos() {
    return messageCount == 0 ? -1 : startNanos;
  }

  /**
   * Registers a schema and writes its record into the open chunk.
   *
   * @param name e.g. {@code geometry_msgs/Twist}, {@code policyrt.Tick}
   * @param encoding schema encoding, e.g. {@link McapEncodings#SCHEMA_JSONSCHEMA}
   * @param data the schema itself (empty when {@code encoding} is empty)
   * @return the schema id (1, 2, ... in registration order)
   */
  public int registerSchema(String name, String encoding, byte[] data) {
    checkOpen();
    if (schemas.size() >= MAX_ID) {
      throw new IllegalStateException(path + ": an MCAP file holds at most 65535 schemas");
    }
    if (encoding.isEmpty() && data.length > 0) {
      throw new IllegalArgumentException(
          "schema '" + name + "' has no encoding, so its data must be empty (MCAP registry)");
    }
    McapSchema schema = new McapSchema(schemas.size() + 1, name, encoding, data.clone());
    schemas.add(schema);
    putSchema(chunk, schema);
    return schema.id();
  }

  /**
   * Registers a channel and writes its record into the open chunk.
   *
   * @param topic e.g. {@code /odom}, {@code /policyrt/tick}
   * @param messageEncoding e.g. {@link McapEncodings#MESSAGE_JSON}, {@code ros1}, {@code cdr}
   * @param schemaId an id from {@link #registerSchema}, or 0 for none
   * @param metadata channel metadata, e.g. {@code offered_qos_profiles} for ROS 2
   * @return the channel id (1, 2, ... in registration order)
   */
  public int registerChannel(String topic, String messageEncoding, int schemaId,
      Map<String, String> metadata) {
    checkOpen();
    if (channels.size() >= MAX_ID - 1) {
      throw new IllegalStateException(path + ": an MCAP file holds at most 65534 channels");
    }
    if (schemaId < 0 || schemaId > schemas.size()) {
      throw new IllegalArgumentException("channel '" + topic + "' names schema " + schemaId
          + ", but this file has schemas 1 to " + schemas.size() + " (0 for none)");
    }
    McapChannel channel = new McapChannel(channels.size() + 1, schemaId, topic, messageEncoding,
        new LinkedHashMap<>(metadata));
    channels.add(channel);
    int id = channel.id();
    if (id >= indexEntries.length) {
      int n = Math.max(id + 1, indexEntries.length * 2);
      indexEntries = Arrays.copyOf(indexEntries, n);
      indexCount = Arrays.copyOf(indexCount, n);
      channelsInChunk = Arrays.copyOf(channelsInChunk, n);
      messagesPerChannel = Arrays.copyOf(messagesPerChannel, n);
    }
    indexEntries[id] = new long[32];
    putChannel(chunk, channel);
    return id;
  }

  /** The schemas registered so far, in id order. */
  public List<McapSchema> schemas() {
    return List.copyOf(schemas);
  }

  /** The channels registered so far, in id order. */
  public List<McapChannel> channels() {
    return List.copyOf(channels);
  }

  /**
   * Appends a message to the open chunk; writes the chunk when it is full.
   *
   * @param channelId an id from {@link #registerChannel}
   * @param sequence counter (uint32), e.g. per-channel message number
   * @param logTimeNanos when it was recorded [ns since the Unix epoch]
   * @param publishTimeNanos when it was sent, or {@code logTimeNanos} if unknown [ns]
   */
  public void writeMessage(int channelId, long sequence, long logTimeNanos, long publishTimeNanos,
      byte[] data, int offset, int length) throws IOException {
    beginMessage(channelId, logTimeNanos);
    int at = chunk.size();
    putMessageHeader(channelId, sequence, logTimeNanos, publishTimeNanos, length);
    chunk.putBytes(data, offset, length);
    endMessage(channelId, logTimeNanos, at);
  }

  /** As {@link #writeMessage(int, long, long, long, byte[], int, int)}; the buffer's remaining bytes. */
  public void writeMessage(int channelId, long sequence, long logTimeNanos, long publishTimeNanos,
      ByteBuffer data) throws IOException {
    beginMessage(channelId, logTimeNanos);
    int at = chunk.size();
    putMessageHeader(channelId, sequence, logTimeNanos, publishTimeNanos, data.remaining());
    chunk.putBytes(data);
    endMessage(channelId, logTimeNanos, at);
  }

  private void beginMessage(int channelId, long logTimeNanos) throws IOException {
    checkOpen();
    if (channelId < 1 || channelId > channels.size()) {
      throw new IllegalArgumentException("channel " + channelId + " is not registered in " + path);
    }
    if (chunkMessages > 0) {
      long end = Math.max(chunkEndNanos, logTimeNanos);
      long start = Math.min(chunkStartNanos, logTimeNanos);
      if (end - start >= options.chunkMaxDurationNanos()) {
        flush();
      }
    }
  }

  private void putMessageHeader(int channelId, long sequence, long logTime, long publishTime,
      int length) {
    chunk.putU8(OP_MESSAGE);
    chunk.putU64(2 + 4 + 8 + 8 + (long) length);
    chunk.putU16(channelId);
    chunk.putU32(sequence);
    chunk.putU64(logTime);
    chunk.putU64(publishTime);
  }

  private void endMessage(int channelId, long logTimeNanos, int recordOffset) throws IOException {
    int n = indexCount[channelId];
    if (n == 0) {
      channelsInChunk[channelsInChunkCount++] = channelId;
    }
    long[] entries = indexEntries[channelId];
    if (2 * n + 2 > entries.length) {
      entries = Arrays.copyOf(entries, entries.length * 2);
      indexEntries[channelId] = entries;
    }
    entries[2 * n] = logTimeNanos;
    entries[2 * n + 1] = recordOffset;
    indexCount[channelId] = n + 1;

    if (chunkMessages == 0) {
      chunkStartNanos = logTimeNanos;
      chunkEndNanos = logTimeNanos;
    } else {
      chunkStartNanos = Math.min(chunkStartNanos, logTimeNanos);
      chunkEndNanos = Math.max(chunkEndNanos, logTimeNanos);
    }
    chunkMessages++;
    if (messageCount == 0) {
      startNanos = logTimeNanos;
      endNanos = logTimeNanos;
    } else {
      startNanos = Math.min(startNanos, logTimeNanos);
      endNanos = Math.max(endNanos, logTimeNanos);
    }
    messageCount++;
    messagesPerChannel[channelId]++;
    if (chunk.size() >= options.chunkSizeBytes()) {
      flush();
    }
  }

  /**
   * Writes a Metadata record (e.g. {@code configuration}, {@code software}) to the data section;
   * the open chunk is written first, so the file keeps the order of calls.
   */
  public void writeMetadata(String name, Map<String, String> metadata) throws IOException {
    checkOpen();
    flush();
    out.reset();
    int at = out.beginRecord(OP_METADATA);
    out.putString(name);
    out.putStringMap(metadata);
    out.endRecord(at);
    long recordOffset = position;
    int recordLength = out.size();
    writeOut(true);
    metadataIndexes.putU64(recordOffset);
    metadataIndexes.putU64(recordLength);
    metadataIndexes.putString(name);
    metadataCount++;
  }

  /**
   * Writes the open chunk (if it holds any record) and its message indexes to the file in one
   * write. Call it when the writer is idle to bound what a crash can lose.
   */
  public void flush() throws IOException {
    checkOpen();
    if (chunk.size() == 0) {
      return;
    }
    int uncompressedSize = chunk.size();
    chunkCrc.reset();
    chunkCrc.update(chunk.array(), 0, uncompressedSize);

    out.reset();
    long chunkOffset = position;
    int at = out.beginRecord(OP_CHUNK);
    long startTime = chunkMessages == 0 ? 0 : chunkStartNanos;
    long endTime = chunkMessages == 0 ? 0 : chunkEndNanos;
    out.putU64(startTime);
    out.putU64(endTime);
    out.putU64(uncompressedSize);
    out.putU32(chunkCrc.getValue());
    out.putU32(compressionName.length);
    out.putBytes(compressionName, 0, compressionName.length);
    int recordsLengthAt = out.size();
    out.putU64(0);
    compressor.compress(chunk.array(), uncompressedSize, out);
    int compressedSize = out.size() - recordsLengthAt - 8;
    out.setU64(recordsLengthAt, compressedSize);
    out.endRecord(at);
    int chunkLength = out.size();

    // Message Index records, by channel id; remember where each one starts for the Chunk Index.
    Arrays.sort(channelsInChunk, 0, channelsInChunkCount);
    chunkIndexes.putU64(startTime);
    chunkIndexes.putU64(endTime);
    chunkIndexes.putU64(chunkOffset);
    chunkIndexes.putU64(chunkLength);
    chunkIndexes.putU32(channelsInChunkCount * 10L);
    for (int i = 0; i < channelsInChunkCount; i++) {
      int channelId = channelsInChunk[i];
      chunkIndexes.putU16(channelId);
      chunkIndexes.putU64(chunkOffset + out.size());
      int n = indexCount[channelId];
      long[] entries = indexEntries[channelId];
      int indexAt = out.beginRecord(OP_MESSAGE_INDEX);
      out.putU16(channelId);
      out.putU32(16L * n);
      for (int k = 0; k < 2 * n; k++) {
        out.putU64(entries[k]);
      }
      out.endRecord(indexAt);
      indexCount[channelId] = 0;
    }
    chunkIndexes.putU64(out.size() - chunkLength);
    chunkIndexes.putU32(compressionName.length);
    chunkIndexes.putBytes(compressionName, 0, compressionName.length);
    chunkIndexes.putU64(compressedSize);
    chunkIndexes.putU64(uncompressedSize);

    writeOut(true);
    chunkCount++;
    chunk.reset();
    channelsInChunkCount = 0;
    chunkMessages = 0;
  }

  /**
   * Writes the open chunk, Data End, the summary, the Summary Offsets, the Footer and the closing
   * magic, and closes the file. A second call does nothing.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      flush();
      out.reset();
      int at = out.beginRecord(OP_DATA_END);
      // The CRC of every byte before this record: magic, Header and the whole data section.
      out.putU32(dataCrc.getValue());
      out.endRecord(at);
      writeOut(false);

      long summaryStart = position;
      out.reset();
      long[] groups = new long[5 * 3];
      int groupCount = 0;

      int groupAt = out.size();
      for (McapSchema s : schemas) {
        putSchema(out, s);
      }
      groupCount = addGroup(groups, groupCount, OP_SCHEMA, summaryStart, groupAt);
      groupAt = out.size();
      for (McapChannel c : channels) {
        putChannel(out, c);
      }
      groupCount = addGroup(groups, groupCount, OP_CHANNEL, summaryStart, groupAt);

      groupAt = out.size();
      int statsAt = out.beginRecord(OP_STATISTICS);
      out.putU64(messageCount);
      out.putU16(schemas.size());
      out.putU32(channels.size());
      out.putU32(0); // attachments
      out.putU32(metadataCount);
      out.putU32(chunkCount);
      out.putU64(messageCount == 0 ? 0 : startNanos);
      out.putU64(messageCount == 0 ? 0 : endNanos);
      int mapAt = out.size();
      out.putU32(0);
      for (McapChannel c : channels) {
        out.putU16(c.id());
        out.putU64(messagesPerChannel[c.id()]);
      }
      out.setU32(mapAt, out.size() - mapAt - 4);
      out.endRecord(statsAt);
      groupCount = addGroup(groups, groupCount, OP_STATISTICS, summaryStart, groupAt);

      groupAt = out.size();
      putIndexRecords(OP_CHUNK_INDEX, chunkIndexes);
      groupCount = addGroup(groups, groupCount, OP_CHUNK_INDEX, summaryStart, groupAt);
      groupAt = out.size();
      putIndexRecords(OP_METADATA_INDEX, metadataIndexes);
      groupCount = addGroup(groups, groupCount, OP_METADATA_INDEX, summaryStart, groupAt);

      long summaryOffsetStart = summaryStart + out.size();
      for (int g = 0; g < groupCount; g++) {
        int so = out.beginRecord(OP_SUMMARY_OFFSET);
        out.putU8((int) groups[3 * g]);
        out.putU64(groups[3 * g + 1]);
        out.putU64(groups[3 * g + 2]);
        out.endRecord(so);
      }

      out.putU8(OP_FOOTER);
      out.putU64(FOOTER_CONTENT_BYTES); // known up front: the CRC below covers it
      out.putU64(summaryStart);
      out.putU64(summaryOffsetStart);
      CRC32 summaryCrc = new CRC32();
      // From the first summary record through the Footer's summary_offset_start field.
      summaryCrc.update(out.array(), 0, out.size());
      out.putU32(summaryCrc.getValue());
      out.putBytes(MAGIC, 0, MAGIC.length);
      writeOut(false);
      file.force(true);
    } finally {
      closed = true;
      compressor.close();
      file.close();
    }
  }

  /** Notes a summary group that starts at {@code from} in {@code out}, unless it is empty. */
  private int addGroup(long[] groups, int count, int opcode, long summaryStart, int from) {
    int length = out.size() - from;
    if (length == 0) {
      return count;
    }
    groups[3 * count] = opcode;
    groups[3 * count + 1] = summaryStart + from;
    groups[3 * count + 2] = length;
    return count + 1;
  }

  private void putIndexRecords(int opcode, ByteSink contents) {
    // The accumulated sink holds record contents back to back; their lengths follow from parsing
    // the fixed layout, so the records are rebuilt here one by one.
    byte[] b = contents.array();
    int p = 0;
    while (p < contents.size()) {
      int start = p;
      if (opcode == OP_CHUNK_INDEX) {
        p += 8 + 8 + 8 + 8;
        p += 4 + (int) readU32(b, p);
        p += 8;
        p += 4 + (int) readU32(b, p);
        p += 8 + 8;
      } else {
        p += 8 + 8;
        p += 4 + (int) readU32(b, p);
      }
      out.putU8(opcode);
      out.putU64(p - start);
      out.putBytes(b, start, p - start);
    }
  }

  static long readU32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16
        | (b[at + 3] & 0xFFL) << 24;
  }

  private static void putSchema(ByteSink sink, McapSchema s) {
    int at = sink.beginRecord(OP_SCHEMA);
    sink.putU16(s.id());
    sink.putString(s.name());
    sink.putString(s.encoding());
    sink.putU32(s.data().length);
    sink.putBytes(s.data(), 0, s.data().length);
    sink.endRecord(at);
  }

  private static void putChannel(ByteSink sink, McapChannel c) {
    int at = sink.beginRecord(OP_CHANNEL);
    sink.putU16(c.id());
    sink.putU16(c.schemaId());
    sink.putString(c.topic());
    sink.putString(c.messageEncoding());
    sink.putStringMap(c.metadata());
    sink.endRecord(at);
  }

  /** Writes {@code out} to the file at the current position; data-section bytes feed the CRC. */
  private void writeOut(boolean dataSection) throws IOException {
    if (dataSection) {
      dataCrc.update(out.array(), 0, out.size());
    }
    if (outView == null || outView.array() != out.array()) {
      outView = ByteBuffer.wrap(out.array());
    }
    outView.clear().limit(out.size());
    while (outView.hasRemaining()) {
      file.write(outView);
    }
    position += out.size();
    if (dataSection && options.syncEachChunk()) {
      file.force(false);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(path + " is closed");
    }
  }
}
