package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.LocalSdp;
import io.patchbay.load.peer.PeerCertificate;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that cannot decode a track's codec is told so (docs/protocol.md, {@code codec-not-supported}) instead
 * of waiting for media that never comes: once per track, naming it, while the tracks it can decode are set up as
 * usual. Raw sockets against a real server; the subscriber's answers leave VP8 out, as a client without VP8 would.
 */
class CodecMismatchProtocolTest {
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpPort(0).withMediaPort(0)
                .withHttpHost("127.0.0.1").withBindAddresses(List.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aSubscriberWhoseAnswerRefusesTheCodecGetsOneErrorPerTrack() throws Exception {
        LocalSdp.Identity bobIdentity = new LocalSdp.Identity("bobufrag", "bobpassword0123456789012",
                PeerCertificate.generate().sha256Fingerprint());
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort());
             JsonSocket carol = new JsonSocket(server.httpPort())) {
            bob.join("codec-mismatch", "bob");
            alice.join("codec-mismatch", "alice");
            String aliceVideo = publish(alice);

            answerWithoutVp8(bob, bobIdentity);
            JsonNode error = bob.awaitType("error");
            assertEquals("codec-not-supported", error.path("code").asText(), error.toString());
            assertEquals(aliceVideo, error.path("trackId").asText());
            assertEquals("video/VP8", error.path("codec").asText());
            assertTrue(error.path("message").asText().contains(aliceVideo), error.toString());

            // Another publisher: the next offer carries both videos; only the new one is reported.
            carol.join("codec-mismatch", "carol");
            String carolVideo = publish(carol);
            answerWithoutVp8(bob, bobIdentity);
            JsonNode second = bob.awaitType("error");
            assertEquals(carolVideo, second.path("trackId").asText(), second.toString());
            assertNull(bob.poll(Duration.ofMillis(500)), "alice's track was reported once, and audio is fine");
        }
    }

    /** Publishes audio and VP8 video (simulcast); returns the video track's id. */
    private static String publish(JsonSocket publisher) throws Exception {
        String offer;
        try (InputStream in = CodecMismatchProtocolTest.class.getResourceAsStream("/sdp/simulcast-offer.sdp")) {
            offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        publisher.send(Json.write(Json.object().put("type", "offer").put("pc", "publisher").put("sdp", offer)));
        publisher.awaitType("answer");
        String video = null;
        for (int i = 0; i < 2; i++) {
            JsonNode track = publisher.awaitType("track-published").path("track");
            if (track.path("kind").asText().equals("video")) video = track.path("id").asText();
        }
        return video;
    }

    /** Waits for the server's subscriber offer and answers it accepting every section but no VP8. */
    private static void answerWithoutVp8(JsonSocket subscriber, LocalSdp.Identity identity) throws Exception {
        JsonNode offer = subscriber.await(m -> m.path("type").asText().equals("offer")
                && m.path("pc").asText().equals("subscriber"), Duration.ofSeconds(5));
        String sdp = offer.path("sdp").asText();
        assertTrue(sdp.contains("VP8/90000"), sdp);
        String answer = LocalSdp.subscriberAnswer(identity, RemoteSdp.parse(sdp), Set.of("vp8"));
        subscriber.send(Json.write(Json.object().put("type", "answer").put("pc", "subscriber").put("sdp", answer)));
    }
}
