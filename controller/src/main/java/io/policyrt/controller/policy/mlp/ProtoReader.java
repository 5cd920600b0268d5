package io.policyrt.controller.policy.mlp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reader of the protobuf wire format over one byte array, for the few ONNX messages the MLP
 * backend reads ({@link OnnxModelFile}). It reads fields in order and skips the ones a caller
 * does not ask for; it checks every length against the bytes left, so a truncated or corrupt
 * file fails with a message instead of reading out of bounds.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int limit;
    private int tag;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtoReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = limit;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (position >= limit) {
            return false;
        }
        tag = (int) readVarint();
        if (fieldNumber() == 0) {
            throw new MalformedModelException("field number 0 at byte " + position);
        }
        return true;
    }

    int fieldNumber() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw new MalformedModelException("truncated varint at byte " + position);
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedModelException("varint longer than 10 bytes at byte " + position);
    }

    int readFixed32() {
        require(4);
        int v = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8 | (bytes[position + 2] & 0xff) << 16
                | (bytes[position + 3] & 0xff) << 24;
        position += 4;
        return v;
    }

    long readFixed64() {
        long lo = readFixed32() & 0xffffffffL;
        long hi = readFixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    float readFloat() {
        expect(FIXED32);
        return Float.intBitsToFloat(readFixed32());
    }

    /** The current length-delimited field as a reader of its own bytes. */
    ProtoReader readMessage() {
        int length = readLength();
        ProtoReader sub = new ProtoReader(bytes, position, position + length);
        position += length;
        return sub;
    }

    String readString() {
        int length = readLength();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /** The current length-delimited field's bytes as a little-endian view (no copy). */
    ByteBuffer readBytes() {
        int length = readLength();
        ByteBuffer view = ByteBuffer.wrap(bytes, position, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        position += length;
        return view;
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() {
        switch (wireType()) {
            case VARINT:
                readVarint();
                break;
            case FIXED64:
                require(8);
                position += 8;
                break;
            case LENGTH_DELIMITED: {
                int length = readLength(); // before the add: readLength moves position past the length
                position += length;
                break;
            }
            case FIXED32:
                require(4);
                position += 4;
                break;
            default:
                throw new MalformedModelException("unsupported wire type " + wireType() + " (field " + fieldNumber()
                        + ") at byte " + position);
        }
    }

    /** True when the current field is packed (length-delimited) rather than one element. */
    boolean isPacked() {
        return wireType() == LENGTH_DELIMITED;
    }

    private int readLength() {
        expect(LENGTH_DELIMITED);
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw new MalformedModelException("field " + fieldNumber() + " claims " + length + " bytes but "
                    + (limit - position) + " are left");
        }
        return (int) length;
    }

    private void expect(int wireType) {
        if (wireType() != wireType) {
            throw new MalformedModelException("field " + fieldNumber() + " has wire type " + wireType() + ", expected "
                    + wireType);
        }
    }

    private void require(int n) {
        if (limit - position < n) {
            throw new MalformedModelException("truncated field " + fieldNumber() + " at byte " + position);
        }
    }

    boolean atEnd() {
        return position >= limit;
    }

    /** The file is not a well-formed protobuf message. */
    static final class MalformedModelException extends RuntimeException {
        MalformedModelException(String message) {
            super(message);
        }
    }
}
