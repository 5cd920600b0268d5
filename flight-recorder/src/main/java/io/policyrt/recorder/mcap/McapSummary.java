package io.policyrt.recorder.mcap;

import java.util.List;
import java.util.Map;

/**
 * What a recording holds: header fields, schemas, channels, message counts and times, chunks and
 * metadata; read from the summary section of a complete file, or gathered by a scan of the data
 * section.
 *
 * @param profile the Header's profile
 * @param library the Header's library
 * @param schemas by id
 * @param channels by id
 * @param messageCount all messages
 * @param messageCountByChannel per channel id
 * @param messageStartTimeNanos earliest log time, 0 without messages
 * @param messageEndTimeNanos latest log time, 0 without messages
 * @param chunks in file order
 * @param metadata in file order
 * @param fromSummarySection true when read from the summary, false when gathered by a scan
 * @param incompleteReason null for a complete file; otherwise what is missing and what was read
 */
public record McapSummary(
    String profile,
    String library,
    List<McapSchema> schemas,
    List<McapChannel> channels,
    long messageCount,
    Map<Integer, Long> messageCountByChannel,
    long messageStartTimeNanos,
    long messageEndTimeNanos,
    List<McapChunkInfo> chunks,
    List<McapMetadata> metadata,
    boolean fromSummarySection,
    String incompleteReason) {

  /** True when the file was closed cleanly and read in full. */
  public boolean complete() {
    return incompleteReason == null;
  }

  /** The channel with this topic, or null. */
  public McapChannel channel(String topic) {
    for (McapChannel c : channels) {
      if (c.topic().equals(topic)) {
        return c;
      }
    }
    return null;
  }

  /** The schema with this id, or null (0 is no schema). */
  public McapSchema schema(int id) {
    for (McapSchema s : schemas) {
      if (s.id() == id) {
        return s;
      }
    }
    return null;
  }

  /** Messages on the channel with this topic (0 when there is none). */
  public long messageCount(String topic) {
    McapChannel c = channel(topic);
    return c == null ? 0 : messageCountByChannel.getOrDefault(c.id(), 0L);
  }

  /** The first metadata record with this name, or null. */
  public McapMetadata metadata(String name) {
    for (McapMetadata m : metadata) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }
}
