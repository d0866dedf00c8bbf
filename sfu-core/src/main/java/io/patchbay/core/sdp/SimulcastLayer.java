package io.patchbay.core.sdp;

import java.util.Objects;

/**
 * One simulcast encoding of a published video track, as negotiated.
 *
 * @param rid     the encoding's rid (RFC 8851), or {@code l0}, {@code l1}, ... for SSRC-group simulcast (SIM)
 * @param ssrc    its media SSRC from {@code a=ssrc-group:SIM}, or 0 with rid simulcast (read from RTP, RFC 8852)
 * @param rtxSsrc its RTX SSRC from {@code a=ssrc-group:FID}, or 0
 */
public record SimulcastLayer(String rid, long ssrc, long rtxSsrc) {
    /** Longest rid this server accepts (the media plane's limit). */
    public static final int MAX_RID_LENGTH = 16;

    public SimulcastLayer {
        Objects.requireNonNull(rid, "rid");
        if (!RidSimulcast.isRidId(rid)) {
            throw new IllegalArgumentException("a rid has 1-16 characters of A-Z a-z 0-9 - _");
        }
    }
}
