package io.patchbay.load.peer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain RTP packet (RFC 3550 section 5.1) with header extensions (RFC 8285), parsed and built by the test
 * peer's own small code.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC)        |
 * |      0xBEDE (one-byte) or 0x100x (two-byte)   |    length     |
 * |                       extension elements                      |
 * </pre>
 */
record RtpPacket(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
                 Map<Integer, byte[]> extensions, byte[] payload) {

    RtpPacket {
        extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    /** Parses plain RTP; returns null when a length does not add up. */
    static RtpPacket parse(byte[] data) {
        if (data.length < 12 || (data[0] & 0xC0) != 0x80) {
            return null;
        }
        boolean padding = (data[0] & 0x20) != 0;
        boolean hasExtension = (data[0] & 0x10) != 0;
        int csrcCount = data[0] & 0x0F;
        int pos = 12 + 4 * csrcCount;
        if (pos > data.length) {
            return null;
        }
        Map<Integer, byte[]> ext = new TreeMap<>();
        if (hasExtension) {
            if (pos + 4 > data.length) {
                return null;
            }
            int profile = u16(data, pos);
            int words = u16(data, pos + 2);
            int start = pos + 4;
            int end = start + 4 * words;
            if (end > data.length) {
                return null;
            }
            if (profile == 0xBEDE) {
                if (!parseOneByte(data, start, end, ext)) {
                    return null;
                }
            } else if ((profile & 0xFFF0) == 0x1000) {
                if (!parseTwoByte(data, start, end, ext)) {
                    return null;
                }
            }
            pos = end;
        }
        int end = data.length;
        if (padding) {
            int pad = data[data.length - 1] & 0xFF;
            if (pad == 0 || pos + pad > data.length) {
                return null;
            }
            end -= pad;
        }
        return new RtpPacket((data[1] & 0x80) != 0, data[1] & 0x7F, u16(data, 2), u32(data, 4), u32(data, 8),
                ext, Arrays.copyOfRange(data, pos, end));
    }

    /** RFC 8285 section 4.2: ID(4) L(4) then L+1 bytes; ID 0 is padding, ID 15 stops parsing. */
    private static boolean parseOneByte(byte[] d, int pos, int end, Map<Integer, byte[]> out) {
        while (pos < end) {
            int b = d[pos] & 0xFF;
            if (b == 0) {
                pos++;
                continue;
            }
            int id = b >>> 4;
            if (id == 15) {
                return true;
            }
            int len = (b & 0x0F) + 1;
            if (pos + 1 + len > end) {
                return false;
            }
            out.put(id, Arrays.copyOfRange(d, pos + 1, pos + 1 + len));
            pos += 1 + len;
        }
        return true;
    }

    /** RFC 8285 section 4.3: ID(8) L(8) then L bytes; ID 0 is padding. */
    private static boolean parseTwoByte(byte[] d, int pos, int end, Map<Integer, byte[]> out) {
        while (pos < end) {
            int id = d[pos] & 0xFF;
            if (id == 0) {
                pos++;
                continue;
            }
            if (pos + 2 > end) {
                return false;
            }
            int len = d[pos + 1] & 0xFF;
            if (pos + 2 + len > end) {
                return false;
            }
            out.put(id, Arrays.copyOfRange(d, pos + 2, pos + 2 + len));
            pos += 2 + len;
        }
        return true;
    }

    /** Serializes with one-byte header extensions (ids 1-14, 1-16 bytes each). */
    byte[] toBytes() {
        int extLength = 0;
        for (byte[] v : extensions.values()) {
            extLength += 1 + v.length;
        }
        int extPadded = (extLength + 3) & ~3;
        boolean hasExt = !extensions.isEmpty();
        ByteBuffer b = ByteBuffer.allocate(12 + (hasExt ? 4 + extPadded : 0) + payload.length);
        b.put((byte) (0x80 | (hasExt ? 0x10 : 0)));
        b.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        b.putShort((short) sequenceNumber).putInt((int) timestamp).putInt((int) ssrc);
        if (hasExt) {
            b.putShort((short) 0xBEDE).putShort((short) (extPadded / 4));
            for (Map.Entry<Integer, byte[]> e : extensions.entrySet()) {
                int id = e.getKey();
                byte[] v = e.getValue();
                if (id < 1 || id > 14 || v.length < 1 || v.length > 16) {
                    throw new IllegalArgumentException("one-byte extension id " + id + " length " + v.length);
                }
                b.put((byte) ((id << 4) | (v.length - 1))).put(v);
            }
            for (int i = extLength; i < extPadded; i++) {
                b.put((byte) 0);
            }
        }
        b.put(payload);
        return b.array();
    }

    static long ssrcOf(byte[] rtp) {
        return u32(rtp, 8);
    }

    static int u16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    static long u32(byte[] d, int off) {
        return ((long) (d[off] & 0xFF) << 24) | ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8)
                | (d[off + 3] & 0xFF);
    }
}
