package io.patchbay.media.forward;

import io.patchbay.media.transport.MediaTransport;
import io.patchbay.media.transport.TransportHandler;

/**
 * A connected transport that counts what the router sends instead of sending it; with {@link #srtp} set it first
 * protects each RTP packet in place, as a real transport does before its send.
 */
final class CountingTransport implements MediaTransport {
    private final String id;
    long rtpPackets;
    long rtpBytes;
    long rtcpPackets;
    /** SSRCs the router released, in order (it must free SRTP state for every stream that ends). */
    final java.util.List<Long> releasedSend = new java.util.ArrayList<>();
    final java.util.List<Long> releasedReceive = new java.util.ArrayList<>();

    CountingTransport(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void setHandler(TransportHandler handler) {
        // The test hands packets to the router itself.
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    /** When set, a copy of every RTP packet sent (allocates: not for allocation tests). */
    java.util.List<byte[]> recorded;

    /** When set, RTP packets are SRTP-protected in place before they are counted. */
    io.patchbay.media.srtp.SrtpSession srtp;
    private final int[] protectedLength = new int[1];

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        if (srtp != null) {
            if (srtp.protectRtp(buf, off, len, protectedLength) != io.patchbay.media.srtp.SrtpResult.OK) return false;
            len = protectedLength[0];
        }
        rtpPackets++;
        rtpBytes += len;
        if (recorded != null) recorded.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    /** PLIs (RFC 4585 6.3.1: PT 206, FMT 1) among the RTCP packets sent. */
    long plis;

    /** When set, a copy of every RTCP packet sent (allocates: not for allocation tests). */
    java.util.List<byte[]> recordedRtcp;

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        rtcpPackets++;
        if (recordedRtcp != null) recordedRtcp.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        for (int at = off; at + 4 <= off + len; ) {
            if ((buf[at + 1] & 0xFF) == 206 && (buf[at] & 0x1F) == 1) plis++;
            at += ((((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF)) + 1) * 4;
        }
        return true;
    }

    @Override
    public void releaseSendSsrc(long ssrc) {
        releasedSend.add(ssrc);
    }

    @Override
    public void releaseReceiveSsrc(long ssrc) {
        releasedReceive.add(ssrc);
    }

    @Override
    public int srtpOverheadBytes() {
        return 16;
    }

    @Override
    public void close() {
    }
}
