package io.patchbay.media.forward;

import java.util.Objects;

/**
 * One simulcast encoding of a published video track (RFC 8853), as negotiated.
 *
 * @param rid     the encoding's rid (RFC 8851), or a synthetic name for SSRC-group simulcast (RFC 5576 SIM)
 * @param ssrc    its media SSRC when signalled (a=ssrc-group:SIM), or 0: learned from the rid header extension
 * @param rtxSsrc its RTX SSRC when signalled (a=ssrc-group:FID), or 0: learned from the repaired-rid extension
 */
public record LayerSpec(String rid, long ssrc, long rtxSsrc) {
    public LayerSpec {
        Objects.requireNonNull(rid, "rid");
        if (rid.isEmpty() || rid.length() > 16) throw new IllegalArgumentException("a rid has 1-16 characters");
    }
}
