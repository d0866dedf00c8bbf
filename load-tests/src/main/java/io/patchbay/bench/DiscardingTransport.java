package io.patchbay.bench;

import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpResult;
import io.patchbay.media.srtp.SrtpSession;
import io.patchbay.media.transport.MediaTransport;
import io.patchbay.media.transport.TransportHandler;

/**
 * A connected transport whose datagrams go nowhere: it protects with a real {@link SrtpSession}, as
 * {@code WebRtcTransport} does, then counts the bytes instead of handing them to the ICE socket. The cheapest sink
 * the router's {@link MediaTransport} seam allows.
 */
final class DiscardingTransport implements MediaTransport {
    private final String id;
    private final SrtpSession srtp;
    private final int[] lengthOut = new int[1];
    long packetsSent;
    long bytesSent;

    DiscardingTransport(String id, SrtpKeys keys) {
        this.id = id;
        this.srtp = new SrtpSession(keys, true);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void setHandler(TransportHandler handler) {
        // Nothing arrives on this transport: the benchmark calls the router itself.
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        return send(srtp.protectRtp(buf, off, len, lengthOut));
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return send(srtp.protectRtcp(buf, off, len, lengthOut));
    }

    private boolean send(SrtpResult result) {
        if (result != SrtpResult.OK) return false;
        packetsSent++;
        bytesSent += lengthOut[0];
        return true;
    }

    @Override
    public void releaseSendSsrc(long ssrc) {
        srtp.releaseSendSsrc(ssrc);
    }

    @Override
    public void releaseReceiveSsrc(long ssrc) {
        srtp.releaseReceiveSsrc(ssrc);
    }

    @Override
    public int srtpOverheadBytes() {
        return srtp.rtcpOverhead();
    }

    @Override
    public void close() {
        srtp.close();
    }
}
