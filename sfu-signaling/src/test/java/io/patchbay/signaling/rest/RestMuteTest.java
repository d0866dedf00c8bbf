package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.JsonSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side mute through REST of a track a real (Java) peer publishes: signaling and forwarding. */
class RestMuteTest {
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Waits until {@code peer} has received at least {@code count} packets on {@code ssrc}. */
    private static void awaitPackets(TestPeer peer, long ssrc, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (peer.subscriber().stream(ssrc) == null || peer.subscriber().stream(ssrc).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(peer.name() + " received fewer than " + count + " packets on " + ssrc
                        + ": " + peer.subscriber().counters());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void restMuteStopsForwardingAndReachesEveryone() throws Exception {
        Http http = new Http(server.httpPort());
        String room = "rest-mute";
        try (TestPeer alice = TestPeer.connect(server.httpPort(), "alice", List.of(SrtpProfile.AEAD_AES_128_GCM));
             TestPeer carol = TestPeer.connect(server.httpPort(), "carol", List.of(SrtpProfile.AEAD_AES_128_GCM));
             JsonSocket bob = new JsonSocket(server.httpPort())) {
            String aliceId = alice.join(room);
            bob.join(room, "bob");
            carol.join(room);
            alice.publish(Duration.ofSeconds(10)).sender().start(Duration.ofMillis(10));
            JsonNode published = bob.await(m -> m.path("type").asText().equals("track-published")
                    && m.path("track").path("kind").asText().equals("audio"), Duration.ofSeconds(5));
            String trackId = published.path("track").path("id").asText();

            // Carol receives alice's audio before the mute.
            RemoteSdp offer = carol.subscriber().awaitOffer(o -> o.activeSections().stream()
                    .anyMatch(sec -> trackId.equals(sec.msidTrack())), Duration.ofSeconds(10));
            long audioSsrc = offer.activeSections().stream().filter(sec -> trackId.equals(sec.msidTrack()))
                    .findFirst().orElseThrow().ssrcs().get(0);
            awaitPackets(carol, audioSsrc, 20);

            String mutePath = "/api/v1/rooms/" + room + "/participants/" + aliceId + "/tracks/" + trackId + "/mute";
            assertEquals(204, http.post(mutePath, "{\"muted\":true}").status());

            JsonNode bobSees = bob.awaitType("track-muted");
            assertEquals(trackId, bobSees.path("trackId").asText());
            assertEquals(aliceId, bobSees.path("participantId").asText());
            assertTrue(bobSees.path("muted").asBoolean());
            JsonNode aliceSees = alice.signaling().await(m -> m.path("type").asText().equals("track-muted"),
                    Duration.ofSeconds(5));
            assertEquals(trackId, aliceSees.path("trackId").asText());

            // Forwarding stops: after in-flight packets drain, carol receives no more of that track.
            Thread.sleep(300);
            int atMute = carol.subscriber().stream(audioSsrc).size();
            Thread.sleep(700);
            assertEquals(atMute, carol.subscriber().stream(audioSsrc).size(), "audio still forwarded while muted");

            JsonNode participant = http.get("/api/v1/rooms/" + room + "/participants/" + aliceId).body();
            for (JsonNode t : participant.path("tracks")) {
                assertEquals(t.path("id").asText().equals(trackId), t.path("muted").asBoolean(), t.toString());
            }
            // Live media statistics come with the participant: the server received alice's two tracks.
            JsonNode receivedByServer = participant.path("stats").path("publisher").path("tracks");
            assertEquals(2, receivedByServer.size(), participant.toString());
            for (JsonNode t : receivedByServer) {
                org.junit.jupiter.api.Assertions.assertTrue(t.path("packetsReceived").asLong() > 0, t.toString());
            }

            assertEquals(204, http.post(mutePath, "{\"muted\":false}").status());
            JsonNode unmuted = bob.awaitType("track-muted");
            assertEquals(false, unmuted.path("muted").asBoolean());
            awaitPackets(carol, audioSsrc, atMute + 20);
        }
    }
}
