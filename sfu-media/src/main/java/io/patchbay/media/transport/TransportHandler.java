package io.patchbay.media.transport;

import io.patchbay.media.packet.PacketBuffer;

/**
 * The owner of a {@link WebRtcTransport} (its room's router). Every call comes on the transport's media thread.
 * Packets are decrypted; the transport releases them after the call returns, so the handler must not keep them.
 */
public interface TransportHandler {
    /** ICE and DTLS are up; SRTP keys are installed. */
    void onConnected(WebRtcTransport transport);

    /** ICE or DTLS failed, or consent expired; the transport is unusable. */
    void onFailed(WebRtcTransport transport, String reason);

    void onRtp(WebRtcTransport transport, PacketBuffer packet);

    void onRtcp(WebRtcTransport transport, PacketBuffer packet);
}
