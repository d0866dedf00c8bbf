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

    /**
     * Opus DTX and in-band FEC kept end to end: two Chromium publishers of a silent track, one with
     * {@code publish(stream, {dtx: true})}. The DTX one sends a comfort-noise packet every 400 ms or so instead of 50
     * per second, and the subscriber (the Java test peer) gets exactly that cadence from the server, while the other
     * stream keeps 50 per second; the subscriber's offer carries the publisher's {@code useinbandfec=1}.
     */
    @Test
    void opusDtxAndFecPassThrough() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        String room = "dtx-" + UUID.randomUUID().toString().substring(0, 6);
        withRed = TestPeer.connect(server.httpPort(), "listener", List.of(SrtpProfile.AEAD_AES_128_GCM));
        withRed.join(room);
        browser = HeadlessChromium.launch("dtx-publishers");
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room + "-lobby");
        com.fasterxml.jackson.databind.JsonNode setup = browser.asyncJson("""
                const [room, done] = [arguments[0], arguments[arguments.length - 1]];
                (async () => {
                  const { Room } = await import('/patchbay.js');
                  const ctx = new AudioContext();
                  await ctx.resume();
                  const silence = () => {
                    const osc = ctx.createOscillator();
                    const gain = ctx.createGain();
                    gain.gain.value = 0;
                    const out = ctx.createMediaStreamDestination();
                    osc.connect(gain).connect(out);
                    osc.start();
                    return out.stream;
                  };
                  const dtx = new Room();
                  await dtx.join({ room, name: 'dtx' });
                  await dtx.publish(silence(), { dtx: true });
                  const plain = new Room();
                  await plain.join({ room, name: 'plain' });
                  await plain.publish(silence());
                  window.dtxCase = { dtx, plain, ctx };
                  done(JSON.stringify({ ok: true }));
                })().catch((e) => done(JSON.stringify({ error: String(e) })));
                """, room);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        String sentJs = """
                const done = arguments[arguments.length - 1];
                const sent = async (r) => { let n = 0; (await r.peerConnections.publisher.getStats()).forEach((s) => {
                  if (s.type === 'outbound-rtp' && s.kind === 'audio') n += s.packetsSent || 0; }); return n; };
                (async () => done(JSON.stringify({ dtx: await sent(window.dtxCase.dtx),
                  plain: await sent(window.dtxCase.plain) })))();
                """;
        List<ReceivedStream> streams = awaitAudioStreams(withRed, 2, 1);
        Thread.sleep(2000); // past the start: the encoder's first packets are not DTX yet
        com.fasterxml.jackson.databind.JsonNode sent0 = browser.asyncJson(sentJs);
        int[] received0 = streams.stream().mapToInt(ReceivedStream::size).toArray();
        Thread.sleep(4000);
        com.fasterxml.jackson.databind.JsonNode sent1 = browser.asyncJson(sentJs);
        int[] received1 = streams.stream().mapToInt(ReceivedStream::size).toArray();
        double dtxSentPerSecond = (sent1.path("dtx").asInt() - sent0.path("dtx").asInt()) / 4.0;
        double plainSentPerSecond = (sent1.path("plain").asInt() - sent0.path("plain").asInt()) / 4.0;
        double[] receivedPerSecond = {(received1[0] - received0[0]) / 4.0, (received1[1] - received0[1]) / 4.0};
        java.util.Arrays.sort(receivedPerSecond);
        System.out.printf("Opus DTX: the DTX publisher sent %.1f packets/s, the other %.1f; the subscriber got %.1f and"
                + " %.1f packets/s%n", dtxSentPerSecond, plainSentPerSecond, receivedPerSecond[0], receivedPerSecond[1]);
        assertTrue(dtxSentPerSecond > 0.5 && dtxSentPerSecond < 15, "DTX on: comfort noise only " + dtxSentPerSecond);
        assertTrue(plainSentPerSecond > 40, "no DTX: a packet every 20 ms " + plainSentPerSecond);
        assertTrue(Math.abs(receivedPerSecond[0] - dtxSentPerSecond) <= 2,
                "the DTX stream reaches the subscriber as sent: " + receivedPerSecond[0] + " vs " + dtxSentPerSecond);
        assertTrue(receivedPerSecond[1] > 40, "the other stream as sent: " + receivedPerSecond[1]);
        String offer = withRed.subscriber().offers().get(withRed.subscriber().offers().size() - 1).text();
        assertTrue(offer.contains("useinbandfec=1"), "in-band FEC stays negotiated toward subscribers: " + offer);
    }

    /** The active audio m-sections' streams with {@code packets} packets or more, once {@code count} of them have. */
    private static List<ReceivedStream> awaitAudioStreams(TestPeer peer, int count, int packets)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<RemoteSdp> offers = peer.subscriber().offers();
            if (!offers.isEmpty()) {
                List<ReceivedStream> streams = new java.util.ArrayList<>();
                for (RemoteSdp.Section s : offers.get(offers.size() - 1).activeSections()) {
                    if (!s.kind().equals("audio") || s.ssrcs().isEmpty()) continue;
                    ReceivedStream stream = peer.subscriber().stream(s.ssrcs().get(0));
                    if (stream != null && stream.size() >= packets) streams.add(stream);
                }
                if (streams.size() >= count) return streams;
            }
            Thread.sleep(100); // polling for packets
        }
        fail(peer.name() + " did not receive " + count + " audio streams of " + packets + " packets within 30 s: "
                + peer.subscriber().counters());
        return null;
    }

    /** The first active audio m-section's stream once 50 packets arrived. */
    private static ReceivedStream awaitAudio(TestPeer peer) throws InterruptedException {
        return awaitAudioStreams(peer, 1, 50).get(0);
    }
}
