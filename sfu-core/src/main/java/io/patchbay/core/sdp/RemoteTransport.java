package io.patchbay.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The client's side of a peer connection, read from the m-section that carries the BUNDLE transport (RFC 8843
 * section 7): ICE credentials, the DTLS fingerprint, its DTLS role, and any candidates it wrote in the SDP
 * (more may come by trickle).
 */
public record RemoteTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, SetupRole setup,
                              List<String> candidates, boolean endOfCandidates) {
    public RemoteTransport {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePwd, "icePwd");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(setup, "setup");
        candidates = List.copyOf(candidates);
    }

    /**
     * Reads the transport of an m-section, checking ICE credentials and fingerprint are present.
     *
     * @param setup the DTLS role to record (callers decide defaults and which roles are acceptable)
     */
    static RemoteTransport of(MediaSection section, SetupRole setup) throws SdpNegotiationException {
        String where = section.mid().map(m -> "m-section mid " + m).orElse("an m-section");
        if (section.iceUfrag().isEmpty() || section.icePwd().isEmpty()) {
            throw new SdpNegotiationException(SdpNegotiationError.MISSING_ICE, where + " has no ice-ufrag or ice-pwd");
        }
        if (section.fingerprint().isEmpty()) {
            throw new SdpNegotiationException(SdpNegotiationError.MISSING_FINGERPRINT, where + " has no a=fingerprint");
        }
        return new RemoteTransport(section.iceUfrag().get(), section.icePwd().get(), section.fingerprint().get(),
                setup, section.candidates(), section.endOfCandidates());
    }
}
