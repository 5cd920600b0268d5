package io.policyrt.recorder.mcap;

/** Magic bytes, opcodes and fixed sizes of the MCAP format, major version 0 (https://mcap.dev/spec). */
final class McapFormat {
  private McapFormat() {}

  /** {@code 0x89 M C A P 0 \r \n}: at the start and at the end of every file. */
  static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

  static final int OP_HEADER = 0x01;
  static final int OP_FOOTER = 0x02;
  static final int OP_SCHEMA = 0x03;
  static final int OP_CHANNEL = 0x04;
  static final int OP_MESSAGE = 0x05;
  static final int OP_CHUNK = 0x06;
  static final int OP_MESSAGE_INDEX = 0x07;
  static final int OP_CHUNK_INDEX = 0x08;
  static final int OP_ATTACHMENT = 0x09;
  static final int OP_ATTACHMENT_INDEX = 0x0A;
  static final int OP_STATISTICS = 0x0B;
  static final int OP_METADATA = 0x0C;
  static final int OP_METADATA_INDEX = 0x0D;
  static final int OP_SUMMARY_OFFSET = 0x0E;
  static final int OP_DATA_END = 0x0F;

  /** Opcode (1 byte) and content length (uint64) in front of every record. */
  static final int RECORD_PREFIX_BYTES = 9;
  /** Footer content: summary_start, summary_offset_start (uint64 each), summary_crc (uint32). */
  static final int FOOTER_CONTENT_BYTES = 20;
  /** Footer record plus trailing magic: what a complete file ends with. */
  static final int FOOTER_AND_MAGIC_BYTES = RECORD_PREFIX_BYTES + FOOTER_CONTENT_BYTES + 8;
  /** Data End content: data_section_crc (uint32). */
  static final int DATA_END_CONTENT_BYTES = 4;

  static String opcodeName(int opcode) {
    switch (opcode) {
      case OP_HEADER: return "Header";
      case OP_FOOTER: return "Footer";
      case OP_SCHEMA: return "Schema";
      case OP_CHANNEL: return "Channel";
      case OP_MESSAGE: return "Message";
      case OP_CHUNK: return "Chunk";
      case OP_MESSAGE_INDEX: return "Message Index";
      case OP_CHUNK_INDEX: return "Chunk Index";
      case OP_ATTACHMENT: return "Attachment";
      case OP_ATTACHMENT_INDEX: return "Attachment Index";
      case OP_STATISTICS: return "Statistics";
      case OP_METADATA: return "Metadata";
      case OP_METADATA_INDEX: return "Metadata Index";
      case OP_SUMMARY_OFFSET: return "Summary Offset";
      case OP_DATA_END: return "Data End";
      default: return String.format("record with opcode 0x%02X", opcode);
    }
  }
}
