package io.patchbay.load.peer;

/**
 * The test peer's SDP (see {@link LocalSdp}) for tests outside this package that need it without opening a
 * transport: a publisher offer (audio mid 0 + video mid 1, sendonly, BUNDLE, rtcp-mux, trickle, DTLS actpass)
 * and a subscriber answer (recvonly, DTLS active).
 */
public final class TestPeerSdp {
    private TestPeerSdp() {
    }

    /** A fresh offer with a new certificate, ICE credentials, stream ids and SSRCs. */
    public static String publisherOffer() {
        String streamId = "stream-" + ControllingIceAgent.randomToken(6).replaceAll("[^A-Za-z0-9]", "x");
        LocalSdp.PublishPlan plan = new LocalSdp.PublishPlan(streamId, "cname-test", "audio-" + streamId,
                0x11223344L, "video-" + streamId, 0x55667788L);
        return LocalSdp.publisherOffer(newIdentity(), plan);
    }

    /** The answer the test peer gives to a server's subscriber offer, with a fresh identity. */
    public static String subscriberAnswer(String offer) {
        return LocalSdp.subscriberAnswer(newIdentity(), RemoteSdp.parse(offer));
    }

    private static LocalSdp.Identity newIdentity() {
        PeerCertificate certificate = PeerCertificate.generate();
        return new LocalSdp.Identity(ControllingIceAgent.randomToken(8), ControllingIceAgent.randomToken(24),
                certificate.sha256Fingerprint());
    }
}
