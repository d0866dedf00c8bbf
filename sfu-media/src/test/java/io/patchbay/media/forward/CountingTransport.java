package io.patchbay.media.forward;

import io.patchbay.media.transport.MediaTransport;
import io.patchbay.media.transport.TransportHandler;

/**
 * A connected transport that counts what the router sends instead of protecting and sending it. SRTP is left out on
 * purpose: jitsi-srtp allocates a little per packet (see the SRTP benchmark), and this transport is for measuring
 * what the forwarding code itself does.
 */
final class CountingTransport implements MediaTransport {
    private final String id;
    long rtpPackets;
    long rtpBytes;
    long rtcpPackets;

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

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        rtpPackets++;
        rtpBytes += len;
        return true;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        rtcpPackets++;
        return true;
    }

    @Override
    public int srtpOverheadBytes() {
        return 16;
    }

    @Override
    public void close() {
    }
}
