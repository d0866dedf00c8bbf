package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.load.peer.ReceivedStream;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opus RED (RFC 2198) from a real Chromium publisher: a subscriber that negotiates RED gets the RED packets as they
 * are; one that does not gets plain Opus (the primary block only) with the Opus payload type. The subscribers are
 * the Java test peer, so the test sees the payload bytes.
 */
class OpusRedBrowserTest {
    private PatchbayServer server;
    private HeadlessChromium browser;
    private TestPeer withRed;
    private TestPeer withoutRed;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        if (withRed != null) withRed.close();
        if (withoutRed != null) withoutRed.close();
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void redPassesThroughOrIsStrippedToOpusPerSubscriber() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        String room = "red-" + UUID.randomUUID().toString().substring(0, 6);
        withRed = TestPeer.connect(server.httpPort(), "keeps-red", List.of(SrtpProfile.AEAD_AES_128_GCM));
        withoutRed = TestPeer.connect(server.httpPort(), "opus-only", List.of(SrtpProfile.AEAD_AES_128_GCM));
        withoutRed.subscriber().refusedCodecs = Set.of("red");
        withRed.join(room);
        withoutRed.join(room);
        browser = HeadlessChromium.launch("red-publisher");
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room + "&name=pub&autojoin=1&simulcast=0");

        ReceivedStream red = awaitAudio(withRed);
        ReceivedStream opus = awaitAudio(withoutRed);
        int redPackets = 0;
        for (ReceivedStream.ReceivedPacket p : red.packets()) {
            assertEquals(63, p.payloadType(), "a RED subscriber gets RED's payload type");
            // RFC 2198: a redundant block header has F=1 and names Opus (111); the primary header F=0.
            if ((p.payload()[0] & 0x80) != 0) {
                assertEquals(111, p.payload()[0] & 0x7F, "redundant block names canonical Opus");
                redPackets++;
            } else {
                assertEquals(111, p.payload()[0] & 0x7F, "primary block names canonical Opus");
            }
        }
        for (ReceivedStream.ReceivedPacket p : opus.packets()) {
            assertEquals(111, p.payloadType(), "an Opus-only subscriber gets Opus");
        }
        // The same publisher packets: RED carries the primary plus redundancy, so it is larger on average.
        double redBytes = red.packets().stream().mapToInt(p -> p.payload().length).average().orElse(0);
        double opusBytes = opus.packets().stream().mapToInt(p -> p.payload().length).average().orElse(0);
        System.out.printf("RED subscriber: %d packets (%d with a redundant block), %.1f payload bytes on average;"
                + " Opus-only subscriber: %d packets, %.1f bytes%n", red.size(), redPackets, redBytes, opus.size(), opusBytes);
        assertTrue(redPackets > 0, "no RED packet carried redundancy");
        assertTrue(redBytes > opusBytes + 10, "stripped packets should be smaller than RED ones");
    }

    /** The first active audio m-section's stream once 50 packets arrived. */
    private static ReceivedStream awaitAudio(TestPeer peer) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<RemoteSdp> offers = peer.subscriber().offers();
            if (!offers.isEmpty()) {
                for (RemoteSdp.Section s : offers.get(offers.size() - 1).activeSections()) {
                    if (s.kind().equals("audio") && !s.ssrcs().isEmpty()) {
                        ReceivedStream stream = peer.subscriber().stream(s.ssrcs().get(0));
                        if (stream != null && stream.size() >= 50) return stream;
                    }
                }
            }
            Thread.sleep(100); // polling for packets
        }
        fail(peer.name() + " received no audio within 30 s: " + peer.subscriber().counters());
        return null;
    }
}
