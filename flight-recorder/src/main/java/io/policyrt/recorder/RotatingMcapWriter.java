package io.policyrt.recorder;

import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapSchema;
import io.policyrt.recorder.mcap.McapWriter;
import io.policyrt.recorder.mcap.McapWriterOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording split into files by size or by time. Every file is a complete MCAP file on its own:
 * the schemas, channels (same ids) and metadata registered so far are written again at the start
 * of each new file. Time is the messages' log time, so rotation follows the recording, not the
 * writer's clock.
 *
 * <p>Without rotation ({@link Rotation#NONE}) the recording is the one file named; with rotation
 * the files are {@code <stem>_0000.mcap}, {@code <stem>_0001.mcap}, ... beside it.
 *
 * <p>Threading: one thread at a time, as {@link McapWriter}.
 */
public final class RotatingMcapWriter implements AutoCloseable {

  /**
   * When to start a new file.
   *
   * @param maxFileBytes start a new file before a message once the current one has this many
   *     bytes (0: no limit)
   * @param maxFileDurationNanos start a new file before a message whose log time is this much
   *     after the file's first message (0: no limit) [ns]
   */
  public record Rotation(long maxFileBytes, long maxFileDurationNanos) {
    public static final Rotation NONE = new Rotation(0, 0);

    public Rotation {
      if (maxFileBytes < 0 || maxFileDurationNanos < 0) {
        throw new IllegalArgumentException("rotation limits must be 0 (none) or positive, got "
            + maxFileBytes + " bytes and " + maxFileDurationNanos + " ns");
      }
    }

    public boolean enabled() {
      return maxFileBytes > 0 || maxFileDurationNanos > 0;
    }
  }

  private final Path target;
  private final McapWriterOptions options;
  private final Rotation rotation;
  private final List<McapSchema> schemas = new ArrayList<>();
  private final List<McapChannel> channels = new ArrayList<>();
  private final List<Map.Entry<String, Map<String, String>>> metadata = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private McapWriter current;

  public RotatingMcapWriter(Path target, McapWriterOptions options, Rotation rotation)
      throws IOException {
    this.target = target;
    this.options = options;
    this.rotation = rotation;
    openNext();
  }

  /** The files written so far, the current one last. */
  public List<Path> files() {
    return List.copyOf(files);
  }

  /** The file being written. */
  public McapWriter current() {
    return current;
  }

  public int registerSchema(String name, String encoding, byte[] data) {
    int id = current.registerSchema(name, encoding, data);
    schemas.add(new McapSchema(id, name, encoding, data.clone()));
    return id;
  }

  public int registerChannel(String topic, String messageEncoding, int schemaId,
      Map<String, String> channelMetadata) {
    int id = current.registerChannel(topic, messageEncoding, schemaId, channelMetadata);
    channels.add(new McapChannel(id, schemaId, topic, messageEncoding,
        new LinkedHashMap<>(channelMetadata)));
    return id;
  }

  /** Writes a Metadata record now and again at the start of every later file. */
  public void writeMetadata(String name, Map<String, String> entries) throws IOException {
    Map<String, String> copy = new LinkedHashMap<>(entries);
    current.writeMetadata(name, copy);
    metadata.add(Map.entry(name, copy));
  }

  /** As {@link McapWriter#writeMessage(int, long, long, long, byte[], int, int)}, rotating first. */
  public void writeMessage(int channelId, long sequence, long logTimeNanos, long publishTimeNanos,
      byte[] data, int offset, int length) throws IOException {
    rotateIfDue(logTimeNanos);
    current.writeMessage(channelId, sequence, logTimeNanos, publishTimeNanos, data, offset, length);
  }

  /** As {@link McapWriter#writeMessage(int, long, long, long, ByteBuffer)}, rotating first. */
  public void writeMessage(int channelId, long sequence, long logTimeNanos, long publishTimeNanos,
      ByteBuffer data) throws IOException {
    rotateIfDue(logTimeNanos);
    current.writeMessage(channelId, sequence, logTimeNanos, publishTimeNanos, data);
  }

  /** Writes the open chunk of the current file. */
  public void flush() throws IOException {
    current.flush();
  }

  private void rotateIfDue(long logTimeNanos) throws IOException {
    if (!rotation.enabled() || current.messageCount() == 0) {
      return;
    }
    boolean bySize = rotation.maxFileBytes() > 0
        && current.sizeBytes() >= rotation.maxFileBytes();
    boolean byTime = rotation.maxFileDurationNanos() > 0
        && logTimeNanos - current.firstLogTimeNanos() >= rotation.maxFileDurationNanos();
    if (bySize || byTime) {
      current.close();
      openNext();
    }
  }

  private void openNext() throws IOException {
    Path file = rotation.enabled() ? numbered(files.size()) : target;
    McapWriter w = McapWriter.create(file, options);
    try {
      for (McapSchema s : schemas) {
        w.registerSchema(s.name(), s.encoding(), s.data());
      }
      for (McapChannel c : channels) {
        w.registerChannel(c.topic(), c.messageEncoding(), c.schemaId(), c.metadata());
      }
      for (Map.Entry<String, Map<String, String>> m : metadata) {
        w.writeMetadata(m.getKey(), m.getValue());
      }
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
    current = w;
    files.add(file);
  }

  private Path numbered(int index) {
    String name = target.getFileName().toString();
    String stem = name.endsWith(".mcap") ? name.substring(0, name.length() - 5) : name;
    return target.resolveSibling(String.format("%s_%04d.mcap", stem, index));
  }

  @Override
  public void close() throws IOException {
    current.close();
  }
}
