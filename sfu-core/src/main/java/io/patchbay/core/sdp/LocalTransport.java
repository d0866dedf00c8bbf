package io.patchbay.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The server's side of one peer connection as written into SDP: ICE credentials (RFC 8839) and the DTLS
 * certificate fingerprint (RFC 8122), normally SHA-256. Candidates are trickled separately and never written
 * into the SDP.
 */
public record LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint) {
    public LocalTransport {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!SdpSyntax.isIceUfrag(iceUfrag)) {
            throw new IllegalArgumentException("ice-ufrag must be 4 to 256 characters of [A-Za-z0-9+/]");
        }
        if (!SdpSyntax.isIcePwd(icePwd)) {
            throw new IllegalArgumentException("ice-pwd must be 22 to 256 characters of [A-Za-z0-9+/]");
        }
    }

    /**
     * Fills the transport lines every m-section this server writes carries: port 9 (the real address comes by
     * trickle, RFC 8840), {@code c=IN IP4 0.0.0.0}, {@code a=rtcp:9 IN IP4 0.0.0.0}, ICE credentials,
     * {@code a=ice-options:trickle}, the fingerprint, the given DTLS role and rtcp-mux.
     */
    MediaSection.Builder applyTo(MediaSection.Builder section, SetupRole setup) {
        return section.port(9)
                .connection(ServerSdp.NULL_CONNECTION)
                .rtcp(ServerSdp.NULL_RTCP)
                .iceUfrag(iceUfrag)
                .icePwd(icePwd)
                .iceOptions(List.of("trickle"))
                .fingerprints(List.of(fingerprint))
                .setup(setup)
                .rtcpMux(true);
    }
}
