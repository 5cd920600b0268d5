package io.policyrt.recorder.mcap;

/** Chunk compression, by the name MCAP's registry gives it in the Chunk record. */
public enum Compression {
  /** Records stored as they are (the empty string in the file). */
  NONE(""),
  /** Zstandard frames (zstd-jni). */
  ZSTD("zstd"),
  /** LZ4 frame format (lz4-java's block compressor inside a frame written here). */
  LZ4("lz4");

  private final String wireName;

  Compression(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the Chunk record's {@code compression} field. */
  public String wireName() {
    return wireName;
  }

  /** The compression of a Chunk record's field value, or null if this library does not read it. */
  public static Compression fromWireName(String name) {
    for (Compression c : values()) {
      if (c.wireName.equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** Parses a configuration value: {@code none}, {@code zstd} or {@code lz4}. */
  public static Compression parse(String configValue) {
    if ("none".equals(configValue)) {
      return NONE;
    }
    Compression c = fromWireName(configValue);
    if (c == null || c == NONE) {
      throw new IllegalArgumentException(
          "compression '" + configValue + "' is not one of: zstd, lz4, none");
    }
    return c;
  }
}
