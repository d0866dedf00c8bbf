package io.patchbay.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The result of answering a publisher's offer.
 *
 * @param answer the SDP answer to send back
 * @param tracks one per accepted audio or video m-section the publisher sends on, in m-section order
 * @param remote the publisher's transport, from the first m-section of the BUNDLE group
 * @param refusedMids mids of sending sections rejected (port 0) because they were over the track limit
 */
public record PublisherNegotiation(SessionDescription answer, List<PublishedTrack> tracks, RemoteTransport remote,
                                   List<String> refusedMids) {
    public PublisherNegotiation {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(remote, "remote");
        tracks = List.copyOf(tracks);
        refusedMids = List.copyOf(refusedMids);
    }

    /** Nothing refused over a track limit. */
    public PublisherNegotiation(SessionDescription answer, List<PublishedTrack> tracks, RemoteTransport remote) {
        this(answer, tracks, remote, List.of());
    }

    public String remoteIceUfrag() {
        return remote.iceUfrag();
    }

    public String remoteIcePwd() {
        return remote.icePwd();
    }

    public Fingerprint remoteFingerprint() {
        return remote.fingerprint();
    }

    /** The publisher's DTLS role: actpass or active (our answer is always passive). */
    public SetupRole remoteSetup() {
        return remote.setup();
    }

    /** Candidates written in the offer, each starting with {@code candidate:}. */
    public List<String> remoteCandidates() {
        return remote.candidates();
    }
}
