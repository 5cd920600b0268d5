package io.policyrt.ros1.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Wire helpers the generated message classes share: bounded length prefixes, UTF-8 strings that
 * are reused when unchanged, and array reuse.
 */
public final class RosWire {
    private RosWire() {
    }

    /** Generated code calls it first: the TCPROS wire format is little-endian. */
    public static void requireLittleEndian(ByteBuffer b) {
        if (b.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("ROS 1 messages are little-endian; set the buffer's order to LITTLE_ENDIAN");
        }
    }

    /** The exception for input that ended inside a message. */
    public static RosMessageFormatException truncated(String type, ByteBuffer in) {
        return new RosMessageFormatException("truncated " + type + ": the input ended at byte " + in.position()
                + " of " + in.limit());
    }

    /**
     * Reads a uint32 element count and checks that that many elements of at least
     * {@code elementMinBytes} each can fit in what remains, before anything is allocated for them.
     */
    public static int readCount(ByteBuffer in, int elementMinBytes, String field) {
        long count = Integer.toUnsignedLong(in.getInt());
        long needed = count * Math.max(1, elementMinBytes);
        if (needed > in.remaining()) {
            throw new RosMessageFormatException("length prefix of '" + field + "' says " + count + " elements ("
                    + needed + " bytes at least), but only " + in.remaining() + " bytes remain");
        }
        return (int) count;
    }

    /** Fills a fixed-length array of objects at construction. */
    public static <T> T[] filled(T[] array, Supplier<T> factory) {
        for (int i = 0; i < array.length; i++) {
            array[i] = factory.get();
        }
        return array;
    }

    /** Moves the elements of {@code old} that fit into {@code fresh} and fills the rest from the factory. */
    public static <T> T[] resized(T[] old, T[] fresh, Supplier<T> factory) {
        int kept = Math.min(old.length, fresh.length);
        System.arraycopy(old, 0, fresh, 0, kept);
        for (int i = kept; i < fresh.length; i++) {
            fresh[i] = factory.get();
        }
        return fresh;
    }

    // ---------------------------------------------------------------- strings

    /** Bytes of {@code s} in UTF-8 (a null string is empty; an unpaired surrogate is one '?', as Java encodes it). */
    public static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes a uint32 byte length and the UTF-8 bytes of {@code s}, without allocating. */
    public static void writeString(ByteBuffer out, String s) {
        out.putInt(utf8Length(s));
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put((byte) (0xF0 | (cp >> 18)));
                out.put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                out.put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                out.put((byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                out.put((byte) '?');
            } else {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /**
     * Reads a uint32-length-prefixed UTF-8 string. When the bytes encode {@code current} exactly,
     * returns {@code current} without allocating (a frame id that repeats costs nothing).
     *
     * @throws RosMessageFormatException when the length exceeds what remains or the bytes are not UTF-8
     */
    public static String readString(ByteBuffer in, String current, String field) {
        long length = Integer.toUnsignedLong(in.getInt());
        if (length > in.remaining()) {
            throw new RosMessageFormatException("length prefix of string '" + field + "' says " + length
                    + " bytes, but only " + in.remaining() + " remain");
        }
        int n = (int) length;
        int start = in.position();
        if (current != null && encodes(in, start, n, current)) {
            in.position(start + n);
            return current;
        }
        ByteBuffer bytes = in.slice(start, n);
        in.position(start + n);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new RosMessageFormatException("string '" + field + "' is not valid UTF-8 (" + n + " bytes at byte "
                    + start + ")");
        }
    }

    /** Whether the n bytes at {@code start} are exactly the UTF-8 encoding of {@code s}. */
    static boolean encodes(ByteBuffer in, int start, int n, String s) {
        int p = start;
        int end = start + n;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (p >= end || in.get(p++) != (byte) c) {
                    return false;
                }
            } else if (c < 0x800) {
                if (p + 2 > end || in.get(p++) != (byte) (0xC0 | (c >> 6)) || in.get(p++) != (byte) (0x80 | (c & 0x3F))) {
                    return false;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                if (p + 4 > end || in.get(p++) != (byte) (0xF0 | (cp >> 18))
                        || in.get(p++) != (byte) (0x80 | ((cp >> 12) & 0x3F))
                        || in.get(p++) != (byte) (0x80 | ((cp >> 6) & 0x3F))
                        || in.get(p++) != (byte) (0x80 | (cp & 0x3F))) {
                    return false;
                }
            } else if (Character.isSurrogate(c)) {
                return false; // an unpaired surrogate never comes out of a decoder
            } else {
                if (p + 3 > end || in.get(p++) != (byte) (0xE0 | (c >> 12))
                        || in.get(p++) != (byte) (0x80 | ((c >> 6) & 0x3F))
                        || in.get(p++) != (byte) (0x80 | (c & 0x3F))) {
                    return false;
                }
            }
        }
        return p == end;
    }
}
