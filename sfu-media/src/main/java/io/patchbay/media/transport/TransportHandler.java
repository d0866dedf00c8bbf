package io.patchbay.media.transport;

import io.patchbay.media.packet.PacketBuffer;

/**
 * The owner of a {@link WebRtcTransport} (its room's router). Every call comes on the transport's media thread.
 * Packets are decrypted. {@link #onRtp} may keep the buffer (return true: it then owns it and must release it to the
 * pool); otherwise the transport releases it when the call returns.
 */
public interface TransportHandler {
    /** ICE and DTLS are up; SRTP keys are installed. */
    void onConnected(WebRtcTransport transport);

    /** ICE or DTLS failed, or consent expired; the transport is unusable. */
    void onFailed(WebRtcTransport transport, String reason);

    /** @return true if the handler kept {@code packet} (e.g. in a retransmission cache) and will release it */
    boolean onRtp(WebRtcTransport transport, PacketBuffer packet);

    void onRtcp(WebRtcTransport transport, PacketBuffer packet);
}
