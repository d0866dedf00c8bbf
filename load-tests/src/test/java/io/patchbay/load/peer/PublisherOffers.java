package io.patchbay.load.peer;

/**
 * The test peer's publisher offer (audio mid 0 + video mid 1, sendonly, BUNDLE, rtcp-mux, trickle, DTLS
 * actpass), for tests outside this package that need one without opening a transport.
 */
public final class PublisherOffers {
    private PublisherOffers() {
    }

    /** A fresh offer with a new certificate, ICE credentials, stream ids and SSRCs. */
    public static String chromeLike() {
        PeerCertificate certificate = PeerCertificate.generate();
        LocalSdp.Identity identity = new LocalSdp.Identity(ControllingIceAgent.randomToken(8),
                ControllingIceAgent.randomToken(24), certificate.sha256Fingerprint());
        String streamId = "stream-" + ControllingIceAgent.randomToken(6).replaceAll("[^A-Za-z0-9]", "x");
        LocalSdp.PublishPlan plan = new LocalSdp.PublishPlan(streamId, "cname-janus-test", "audio-" + streamId,
                0x11223344L, "video-" + streamId, 0x55667788L);
        return LocalSdp.publisherOffer(identity, plan);
    }
}
