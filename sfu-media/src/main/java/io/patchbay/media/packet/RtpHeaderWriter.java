package io.patchbay.media.packet;

/**
 * Writes an RTP header for forwarding into a destination array: the fixed header, CSRCs copied from the source, and a
 * fresh one-byte (0xBEDE, RFC 8285 section 4.2) extension block holding only the elements the caller adds, padded
 * with zeros to a 32-bit boundary. Reusable and allocation-free; one instance per thread.
 *
 * <pre>
 *   writer.begin(dst, off, padding, marker, pt, seq, ts, ssrc);   // 12 bytes
 *   writer.copyCsrcs(src, srcCsrcOff, count);                      // optional, before any element
 *   writer.addElement(id, src, dataOff, dataLen);                  // copied element (e.g. audio level, mid)
 *   writer.addAbsSendTime(id, value24);                            // computed elements
 *   writer.addTransportSeq(id, seq16);
 *   int headerLength = writer.finish();                           // then copy the payload to off + headerLength
 *
 *   0xBE    0xDE    length (words)            one-byte elements, then zero padding to a 32-bit boundary
 *  +-------+-------+-------+-------+  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   BE  |   DE  |    length     |  |  ID   |  L-1  |   data ...    |  ID   |  L-1  |  data | 0 pad |
 *  +-------+-------+-------+-------+  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * An element longer than 16 bytes (a Dependency Descriptor carrying its template structure) needs the two-byte form
 * (profile 0x1000, RFC 8285 section 4.3: an id byte and a length byte per element): call {@link #useTwoByteForm()}
 * before the first element.
 *
 * An element the caller gets wrong (id outside 1..14, length outside 1..16 (1..255 in the two-byte form), id already used, no room left, source
 * region out of bounds) is refused with {@code false} and the header stays valid without it. Only a missing room for
 * the fixed header or CSRCs, or calls out of order, make {@link #finish()} return -1.
 */
public final class RtpHeaderWriter {
    /** Smallest and largest local identifier of the one-byte form. */
    public static final int MIN_ID = 1;
    public static final int MAX_ID = 14;
    /** Largest element length of the one-byte form. */
    public static final int MAX_ELEMENT_LENGTH = 16;
    /** Largest element length of the two-byte form. */
    public static final int MAX_TWO_BYTE_ELEMENT_LENGTH = 255;

    private byte[] dst;
    private int start;
    private int pos;
    private int extensionStart;
    private int usedIds;
    private boolean open;
    private boolean failed;
    private boolean twoByte;

    /**
     * Starts a header at {@code dst[off]}: version 2, no CSRCs, no extension yet.
     *
     * @return false when 12 bytes do not fit (then {@link #finish()} returns -1)
     */
    public boolean begin(byte[] dst, int off, boolean padding, boolean marker, int payloadType, int sequenceNumber,
            long timestamp, long ssrc) {
        this.dst = dst;
        this.start = off;
        this.pos = off;
        this.extensionStart = -1;
        this.usedIds = 0;
        this.twoByte = false;
        this.open = true;
        this.failed = !Bytes.inBounds(dst, off, RtpHeader.FIXED_HEADER_LENGTH);
        if (failed) {
            return false;
        }
        dst[off] = (byte) (0x80 | (padding ? 0x20 : 0));
        dst[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        Bytes.put16(dst, off + 2, sequenceNumber);
        Bytes.put32(dst, off + 4, timestamp);
        Bytes.put32(dst, off + 8, ssrc);
        pos = off + RtpHeader.FIXED_HEADER_LENGTH;
        return true;
    }

    /**
     * Copies {@code count} (0..15) CSRCs from {@code src[srcOff]}; call right after {@link #begin}, before any element.
     *
     * @return false (and {@link #finish()} returns -1) on a bad count, bad source region, no room, or wrong order
     */
    public boolean copyCsrcs(byte[] src, int srcOff, int count) {
        if (!open || failed || extensionStart >= 0 || pos != start + RtpHeader.FIXED_HEADER_LENGTH
                || count < 0 || count > 15 || !Bytes.inBounds(src, srcOff, 4 * count)
                || !Bytes.inBounds(dst, pos, 4 * count)) {
            failed = true;
            return false;
        }
        System.arraycopy(src, srcOff, dst, pos, 4 * count);
        dst[start] = (byte) ((dst[start] & 0xF0) | count);
        pos += 4 * count;
        return true;
    }

    /**
     * Writes the elements in the two-byte form (RFC 8285 section 4.3), for elements longer than 16 bytes. Only before
     * the first element.
     *
     * @return false when an element was already added (the form stays one-byte)
     */
    public boolean useTwoByteForm() {
        if (!open || failed || extensionStart >= 0) return false;
        twoByte = true;
        return true;
    }

    /** Adds an element whose {@code len} (1..16, two-byte form 1..255) data bytes are copied from {@code src[srcOff]}. */
    public boolean addElement(int id, byte[] src, int srcOff, int len) {
        if (!Bytes.inBounds(src, srcOff, len) || !reserve(id, len)) {
            return false;
        }
        System.arraycopy(src, srcOff, dst, pos, len);
        pos += len;
        return true;
    }

    /** Adds an abs-send-time element: 3 bytes, 6.18 fixed-point seconds (see {@link AbsSendTime}). */
    public boolean addAbsSendTime(int id, int value24) {
        if (!reserve(id, 3)) {
            return false;
        }
        Bytes.put24(dst, pos, value24);
        pos += 3;
        return true;
    }

    /** Adds a transport-wide sequence number element: 2 bytes. */
    public boolean addTransportSeq(int id, int seq16) {
        if (!reserve(id, 2)) {
            return false;
        }
        Bytes.put16(dst, pos, seq16);
        pos += 2;
        return true;
    }

    /**
     * Closes the extension block (zero padding, length, X bit) if any element was added.
     *
     * @return bytes written from the {@code off} given to {@link #begin}, or -1 when the header could not be written
     */
    public int finish() {
        if (!open || failed) {
            open = false;
            return -1;
        }
        open = false;
        if (extensionStart >= 0) {
            int dataStart = extensionStart + 4;
            while (((pos - dataStart) & 3) != 0) {
                dst[pos++] = 0;
            }
            Bytes.put16(dst, extensionStart, twoByte ? RtpHeader.PROFILE_TWO_BYTE : RtpHeader.PROFILE_ONE_BYTE);
            Bytes.put16(dst, extensionStart + 2, (pos - dataStart) >>> 2);
            dst[start] = (byte) (dst[start] | 0x10);
        }
        return pos - start;
    }

    /** Checks id, length and room (including final padding), opens the block if needed, writes the element byte. */
    private boolean reserve(int id, int len) {
        int maxLength = twoByte ? MAX_TWO_BYTE_ELEMENT_LENGTH : MAX_ELEMENT_LENGTH;
        if (!open || failed || id < MIN_ID || id > MAX_ID || len < 1 || len > maxLength
                || (usedIds & (1 << id)) != 0) {
            return false;
        }
        int blockStart = extensionStart >= 0 ? extensionStart : pos;
        int dataStart = blockStart + 4;
        int elementStart = extensionStart >= 0 ? pos : dataStart;
        int dataEnd = elementStart + (twoByte ? 2 : 1) + len;
        int paddedEnd = dataStart + ((dataEnd - dataStart + 3) & ~3);
        if (paddedEnd > dst.length) {
            return false;
        }
        if (extensionStart < 0) {
            extensionStart = pos;
            pos = dataStart;
        }
        usedIds |= 1 << id;
        if (twoByte) {
            dst[pos++] = (byte) id;
            dst[pos++] = (byte) len;
        } else {
            dst[pos++] = (byte) (id << 4 | (len - 1));
        }
        return true;
    }
}
