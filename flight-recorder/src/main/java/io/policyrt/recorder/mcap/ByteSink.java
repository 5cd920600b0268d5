package io.policyrt.recorder.mcap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A growable little-endian byte array that is written front to back and reused: {@link #reset()}
 * keeps the array, so a writer that reuses one sink allocates only while its largest chunk grows.
 */
final class ByteSink {
  private byte[] bytes;
  private int size;

  ByteSink(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  /** Makes room for {@code more} bytes after the current end; the array may be replaced. */
  void ensureRoom(int more) {
    long needed = (long) size + more;
    if (needed > bytes.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a single MCAP buffer cannot exceed 2 GiB");
      }
      long grown = Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 16));
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
  }

  /** Moves the end forward by {@code n} bytes already written through {@link #array()}. */
  void advance(int n) {
    size += n;
  }

  void putU8(int v) {
    ensureRoom(1);
    bytes[size++] = (byte) v;
  }

  void putU16(int v) {
    ensureRoom(2);
    bytes[size++] = (byte) v;
    bytes[size++] = (byte) (v >>> 8);
  }

  void putU32(long v) {
    ensureRoom(4);
    setU32(size, v);
    size += 4;
  }

  void putU64(long v) {
    ensureRoom(8);
    setU64(size, v);
    size += 8;
  }

  void setU32(int at, long v) {
    bytes[at] = (byte) v;
    bytes[at + 1] = (byte) (v >>> 8);
    bytes[at + 2] = (byte) (v >>> 16);
    bytes[at + 3] = (byte) (v >>> 24);
  }

  void setU64(int at, long v) {
    for (int i = 0; i < 8; i++) {
      bytes[at + i] = (byte) (v >>> (8 * i));
    }
  }

  void putBytes(byte[] src, int off, int len) {
    ensureRoom(len);
    System.arraycopy(src, off, bytes, size, len);
    size += len;
  }

  /** Copies the buffer's remaining bytes without moving its position. */
  void putBytes(ByteBuffer src) {
    int len = src.remaining();
    ensureRoom(len);
    src.get(src.position(), bytes, size, len);
    size += len;
  }

  /** MCAP String: uint32 byte length, then UTF-8. */
  void putString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    putU32(utf8.length);
    putBytes(utf8, 0, utf8.length);
  }

  /** MCAP {@code Map<string, string>}: uint32 byte length of the entries, then key, value, ... */
  void putStringMap(Map<String, String> map) {
    int lengthAt = size;
    putU32(0);
    for (Map.Entry<String, String> e : map.entrySet()) {
      putString(e.getKey());
      putString(e.getValue());
    }
    setU32(lengthAt, size - lengthAt - 4);
  }

  /** Starts a record: opcode and a length placeholder; returns where the length goes. */
  int beginRecord(int opcode) {
    putU8(opcode);
    int lengthAt = size;
    putU64(0);
    return lengthAt;
  }

  /** Fills in the length of the record begun at {@code lengthAt}. */
  void endRecord(int lengthAt) {
    setU64(lengthAt, size - lengthAt - 8);
  }
}
