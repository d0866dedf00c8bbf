package io.patchbay.media.transport;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.srtp.SrtpResult;
import io.patchbay.media.srtp.SrtpSession;

/**
 * The receive step every transport shares once a packet is its own: RTP or RTCP (RFC 5761 section 4), decrypted in
 * place, failures counted by reason, then handed to the transport's handler. Media thread.
 */
public final class SrtpReceiver {
    private SrtpReceiver() {
    }

    /**
     * Decrypts {@code packet} and gives it to {@code handler}; returns whether the caller releases it.
     *
     * @param lengthOut scratch for the decrypted length (the transport's, one per media thread)
     */
    public static PacketFate unprotectAndHandle(MediaTransport transport, SrtpSession session, TransportHandler handler,
                                                PacketBuffer packet, int[] lengthOut, MediaStats stats) {
        boolean rtcp = isRtcp(packet.data, packet.offset, packet.length);
        SrtpResult result = rtcp
                ? session.unprotectRtcp(packet.data, packet.offset, packet.length, lengthOut)
                : session.unprotectRtp(packet.data, packet.offset, packet.length, lengthOut);
        if (result != SrtpResult.OK) {
            stats.dropped(switch (result) {
                case AUTH_FAILED -> DropReason.SRTP_AUTH_FAILED;
                case REPLAYED -> DropReason.SRTP_REPLAY;
                default -> DropReason.SRTP_ERROR;
            });
            return PacketFate.RELEASE;
        }
        packet.length = lengthOut[0];
        if (rtcp) {
            handler.onRtcp(transport, packet);
            return PacketFate.RELEASE;
        }
        return handler.onRtp(transport, packet);
    }

    /** RFC 5761 section 4: RTCP packet types 192-223 sit where RTP has marker+payload type. */
    static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2) return false;
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }
}
