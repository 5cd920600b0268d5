package io.policyrt.drivers.ros2;

import us.ihmc.pubsub.common.Guid;

/**
 * Names the DDS writer a sample came from by its GUID, for the inputs that must tell senders apart
 * (the e-stop latches per source). The name is the GUID's 16 bytes (12-byte prefix, then the
 * 4-byte entity id) as dot-separated lowercase hex, the form {@code ros2 topic info --verbose}
 * prints as an endpoint's GID (Humble pads it to 24 bytes with zeros; Iron and later print 16):
 * {@code 01.10.8c.1f.59.ae.4b.62.00.00.00.00.00.00.01.03}.
 *
 * <p>Each GUID's name is made once and reused while the GUID stays among the last {@value #CACHED}
 * writers seen, so a steady publisher costs no allocation per sample. The unknown GUID (all zero)
 * has no name. One thread at a time (a subscription's DDS thread).
 */
final class WriterGuidNames {
    /** Writers whose names are kept. */
    static final int CACHED = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long[] high = new long[CACHED];
    private final long[] low = new long[CACHED];
    private final String[] names = new String[CACHED];
    private int next;

    /** The name of {@code guid}, or null when it is the unknown GUID (no writer known). */
    String nameOf(Guid guid) {
        long h = high(guid);
        long l = low(guid);
        if (h == 0 && l == 0) {
            return null;
        }
        for (int i = 0; i < CACHED; i++) {
            if (names[i] != null && high[i] == h && low[i] == l) {
                return names[i];
            }
        }
        String name = format(h, l);
        int slot = next;
        next = (next + 1) % CACHED;
        high[slot] = h;
        low[slot] = l;
        names[slot] = name;
        return name;
    }

    /** Any endpoint's GUID in the same form, without caching (match reports, logs). */
    static String format(Guid guid) {
        return format(high(guid), low(guid));
    }

    /** The prefix's first 8 bytes, big-endian. */
    private static long high(Guid guid) {
        byte[] prefix = guid.getGuidPrefix().getValue();
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = h << 8 | (prefix[i] & 0xff);
        }
        return h;
    }

    /** The prefix's last 4 bytes, then the entity id, big-endian. */
    private static long low(Guid guid) {
        byte[] prefix = guid.getGuidPrefix().getValue();
        byte[] entity = guid.getEntity().getValue();
        long l = 0;
        for (int i = 8; i < 12; i++) {
            l = l << 8 | (prefix[i] & 0xff);
        }
        for (int i = 0; i < 4; i++) {
            l = l << 8 | (entity[i] & 0xff);
        }
        return l;
    }

    /** The 16 bytes {@code high, low} (big-endian) as dot-separated hex. */
    static String format(long high, long low) {
        char[] out = new char[16 * 3 - 1];
        for (int i = 0; i < 16; i++) {
            long word = i < 8 ? high : low;
            int b = (int) (word >>> (8 * (7 - (i & 7)))) & 0xff;
            if (i > 0) {
                out[3 * i - 1] = '.';
            }
            out[3 * i] = HEX[b >>> 4];
            out[3 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }
}
