package io.patchbay.media.transport;

/**
 * What a router needs of one peer connection: its state, and protect-and-send for RTP and RTCP. The router never
 * sees ICE or DTLS. {@link WebRtcTransport} is the implementation that reaches real peers; forwarding tests and
 * benchmarks implement it with a real SRTP session and no socket.
 *
 * <p>Threads: {@link #id} and {@link #setHandler} from any thread; everything else on the owning media thread.
 */
public interface MediaTransport {
    String id();

    /** Who receives this transport's decrypted packets and state changes (its router). */
    void setHandler(TransportHandler handler);

    /** ICE and DTLS are up and SRTP keys are installed. */
    boolean isConnected();

    /**
     * Protects an RTP packet in place and sends it. The array needs {@link #srtpOverheadBytes()} bytes of tail room
     * after {@code off + len}. Keeps nothing of {@code buf}: the caller writes its next packet into the same array
     * once this returns.
     *
     * @return false if the packet was not sent (no keys yet, protect failed, send failed)
     */
    boolean sendRtp(byte[] buf, int off, int len);

    /**
     * When another thread protects and sends this transport's RTP (a spread room's egress lane), the buffer to write
     * the next packet into, from offset 0, with room for the SRTP tag; the packet then goes with {@link #commitRtp}
     * instead of {@link #sendRtp}, written once instead of written and copied. Null otherwise (or when the lane is
     * full): write anywhere and call {@link #sendRtp}. Media thread only.
     */
    default byte[] rtpSlot() {
        return null;
    }

    /** Queues the {@code len}-byte packet written into the last {@link #rtpSlot}; true when it will be sent. */
    default boolean commitRtp(int len) {
        return false;
    }

    /** Protects an RTCP compound packet in place and sends it; same tail room rule as {@link #sendRtp}. */
    boolean sendRtcp(byte[] buf, int off, int len);

    /** An outbound stream on this transport ended: free what SRTP keeps for its SSRC. */
    void releaseSendSsrc(long ssrc);

    /** An inbound stream on this transport ended: free what SRTP keeps for its SSRC. */
    void releaseReceiveSsrc(long ssrc);

    /** Tail room a packet needs for SRTP protection. */
    int srtpOverheadBytes();

    /** Closes the connection; idempotent. */
    void close();
}
