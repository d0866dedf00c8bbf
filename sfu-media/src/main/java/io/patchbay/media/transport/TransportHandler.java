package io.patchbay.media.transport;

import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketFate;

/**
 * The owner of a {@link MediaTransport} (its room's router). Every call comes on the transport's media thread.
 * Packets are decrypted. {@link #onRtp} may keep the buffer (return true: it then owns it and must release it to the
 * pool); otherwise the transport releases it when the call returns.
 */
public interface TransportHandler {
    /** ICE and DTLS are up; SRTP keys are installed. */
    void onConnected(MediaTransport transport);

    /**
     * An ICE restart completed: media now flows on a new path. Packets sent while the paths changed may be lost
     * for good (neither end can retransmit what the other never saw), so decoders will need a keyframe.
     */
    void onIceRestarted(MediaTransport transport);

    /** ICE or DTLS failed, or consent expired; the transport is unusable. */
    void onFailed(MediaTransport transport, String reason);

    /** @return whether the caller releases {@code packet} or the handler kept it (a retransmission cache) */
    PacketFate onRtp(MediaTransport transport, PacketBuffer packet);

    void onRtcp(MediaTransport transport, PacketBuffer packet);
}
