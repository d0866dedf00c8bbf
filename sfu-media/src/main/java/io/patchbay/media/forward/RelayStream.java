package io.patchbay.media.forward;

/**
 * How one layer of a track crosses a node-to-node relay: the SSRCs the sending node gives it there (unique on the
 * link, whatever SSRCs publishers chose, so two publishers can never collide on one link).
 *
 * @param ssrc    the layer's media SSRC on the relay
 * @param rtxSsrc its RTX SSRC on the relay (retransmissions the other node asks for), or 0 for audio
 */
public record RelayStream(long ssrc, long rtxSsrc) {
    public RelayStream {
        if (ssrc <= 0 || ssrc > 0xFFFF_FFFFL) throw new IllegalArgumentException("ssrc out of range");
        if (rtxSsrc < 0 || rtxSsrc > 0xFFFF_FFFFL) throw new IllegalArgumentException("rtxSsrc out of range");
    }
}
