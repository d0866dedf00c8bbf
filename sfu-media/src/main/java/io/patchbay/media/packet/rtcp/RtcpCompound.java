package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Iterates the packets of a (decrypted) compound RTCP packet (RFC 3550 section 6.1) without copying or allocating.
 * Each step checks the version, that the length field stays inside the buffer, and that only the last packet carries
 * padding. One reusable instance per thread.
 *
 * <pre>
 *   RtcpCompound it = ...;              // reused
 *   it.wrap(buf, off, len);
 *   while (it.next()) {
 *       switch (it.kind()) { case PLI: pli.parse(it.buffer(), it.offset(), it.length()); ... }
 *   }
 *   if (it.result() != RtcpParseResult.OK) count(it.result());
 *
 *  +--------+--------+--------+   each packet: V=2 | P | count | PT | length (words - 1) | ...
 *  |  SR/RR |  SDES  |  PSFB  |   packets are back to back; only the last may be padded
 *  +--------+--------+--------+
 * </pre>
 *
 * RFC 5506 reduced-size RTCP is accepted: the first packet need not be a report.
 */
public final class RtcpCompound {
    private byte[] buf;
    private int end;
    private int next;
    private RtcpParseResult result = RtcpParseResult.OK;
    private boolean done = true;
    private int offset;
    private int length;
    private int contentLength;
    private RtcpKind kind = RtcpKind.UNKNOWN;

    /** Points the iterator at {@code buf[off, off + len)}, before its first packet. */
    public void wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.offset = off;
        this.length = 0;
        this.contentLength = 0;
        this.kind = RtcpKind.UNKNOWN;
        if (!Bytes.inBounds(buf, off, len)) {
            fail(RtcpParseResult.BAD_BOUNDS);
            return;
        }
        if (len < RtcpHeader.HEADER_LENGTH) {
            fail(RtcpParseResult.TOO_SHORT);
            return;
        }
        this.end = off + len;
        this.next = off;
        this.result = RtcpParseResult.OK;
        this.done = false;
    }

    /**
     * Advances to the next packet.
     *
     * @return true when a well-formed packet is available; false at the end or on an error (see {@link #result()})
     */
    public boolean next() {
        if (done) {
            return false;
        }
        if (next == end) {
            done = true;
            return false;
        }
        RtcpParseResult check = RtcpHeader.check(buf, next, end - next);
        if (check != RtcpParseResult.OK) {
            fail(check);
            return false;
        }
        int total = RtcpHeader.packetLength(buf, next);
        if (RtcpHeader.hasPadding(buf, next) && next + total != end) {
            fail(RtcpParseResult.BAD_PADDING);
            return false;
        }
        offset = next;
        length = total;
        contentLength = RtcpHeader.contentLength(buf, next);
        kind = RtcpKind.of(buf, next, contentLength);
        next += total;
        return true;
    }

    /** {@link RtcpParseResult#OK} while iterating and after a clean end, otherwise why iteration stopped. */
    public RtcpParseResult result() {
        return result;
    }

    /**
     * Walks the whole compound and reports the first error (OK if none), then rewinds to its start. Use it to
     * reject a compound as a whole before acting on any part of it.
     */
    public RtcpParseResult validate(byte[] buf, int off, int len) {
        wrap(buf, off, len);
        while (next()) {
            // walk only
        }
        RtcpParseResult outcome = result;
        wrap(buf, off, len);
        return outcome;
    }

    /** The array being iterated. */
    public byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of the current packet's first byte. */
    public int offset() {
        return offset;
    }

    /**
     * Length of the current packet in bytes, from its length field (header and padding included); pass this as
     * {@code len} to the per-type parsers.
     */
    public int length() {
        return length;
    }

    /** Length of the current packet without its padding. */
    public int contentLength() {
        return contentLength;
    }

    public int packetType() {
        return RtcpHeader.packetType(buf, offset);
    }

    /** Report count, source count or FMT of the current packet. */
    public int count() {
        return RtcpHeader.count(buf, offset);
    }

    public boolean hasPadding() {
        return RtcpHeader.hasPadding(buf, offset);
    }

    public RtcpKind kind() {
        return kind;
    }

    private void fail(RtcpParseResult reason) {
        result = reason;
        done = true;
    }
}
