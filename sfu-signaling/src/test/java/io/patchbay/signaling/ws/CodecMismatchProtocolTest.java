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
        LocalSdp.Identity bobIdentity = identity("bob");
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

    /**
     * Several codecs per track: a publisher offering VP8 then H264 sends VP8; a subscriber whose answer keeps only H264
     * decodes the track (no error), and the publisher is asked to send H264 ({@code publish-codec}), once. Its new offer
     * with H264 first is answered with H264 first. When that subscriber leaves, it is asked back to VP8.
     */
    @Test
    void aPublisherIsAskedForTheCodecItsSubscriberDecodesAndBackWhenItLeaves() throws Exception {
        LocalSdp.Identity bobIdentity = identity("bob");
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            alice.join("codec-switch", "alice");
            String aliceVideo = publish(alice, vp8AndH264Offer(false));
            bob.join("codec-switch", "bob");
            answerWithoutVp8(bob, bobIdentity);
            JsonNode ask = alice.awaitType("publish-codec");
            assertEquals(aliceVideo, ask.path("trackId").asText(), ask.toString());
            assertEquals("video/H264", ask.path("codec").asText(), ask.toString());
            assertTrue(ask.path("fmtp").asText().contains("profile-level-id=42e01f"), ask.toString());
            assertNoMessage(bob, "error", "bob decodes one of the track's codecs: no error");

            alice.send(Json.write(Json.object().put("type", "offer").put("pc", "publisher")
                    .put("sdp", vp8AndH264Offer(true))));
            String answer = alice.awaitType("answer").path("sdp").asText();
            assertTrue(answer.contains("m=video 9 UDP/TLS/RTP/SAVPF 100 101 96 97")
                    || answer.matches("(?s).*m=video \\d+ UDP/TLS/RTP/SAVPF 100 101 96 97.*"), answer);
            assertNoMessage(alice, "publish-codec", "asked once");

            long leftAt = System.nanoTime();
            bob.send(Json.write(Json.object().put("type", "leave")));
            // Back to its own first choice, but not before the hold after the last switch (flapping costs keyframes).
            JsonNode back = alice.await(m -> m.path("type").asText().equals("publish-codec"), Duration.ofSeconds(10));
            assertEquals("video/VP8", back.path("codec").asText(), back.toString());
            System.out.printf("codec switch back to VP8 %d ms after the H264-only subscriber left%n",
                    (System.nanoTime() - leftAt) / 1_000_000);
        }
    }

    /**
     * No codec serves everyone: bob decodes only H264 (the publisher was moved to it), then carol only VP8. VP8 would
     * serve no more subscribers than H264, so the publisher is not asked to move again (each move costs everyone a
     * keyframe), and carol, left out, is told ({@code codec-not-sent}, naming what is sent and what she decodes)
     * instead of waiting for media that does not come.
     */
    @Test
    void aSubscriberLeftOutByTheChoiceIsTold() throws Exception {
        LocalSdp.Identity bobIdentity = identity("bob");
        LocalSdp.Identity carolIdentity = identity("carol");
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort());
             JsonSocket carol = new JsonSocket(server.httpPort())) {
            alice.join("codec-left-out", "alice");
            String aliceVideo = publish(alice, vp8AndH264Offer(false));
            bob.join("codec-left-out", "bob");
            answerWithoutVp8(bob, bobIdentity);
            assertEquals("video/H264", alice.awaitType("publish-codec").path("codec").asText());
            carol.join("codec-left-out", "carol");
            answerLeavingOut(carol, carolIdentity, "h264");
            JsonNode told = carol.awaitType("error");
            assertEquals("codec-not-sent", told.path("code").asText(), told.toString());
            assertEquals(aliceVideo, told.path("trackId").asText(), told.toString());
            assertEquals("video/H264", told.path("codec").asText(), told.toString());
            assertEquals("[\"video/VP8\"]", told.path("codecs").toString(), told.toString());
            assertNoMessage(alice, "publish-codec", "one each: no move");
            assertNoMessage(bob, "error", "bob keeps the track");
        }
    }

    /**
     * H264 levels (RFC 6184 section 8.2.2): a subscriber's answer names the highest level it decodes. alice's H264 is
     * level 3.1 (42e01f). bob decodes H264 only up to level 1.3: he decodes none of her track's codecs and is told so
     * ({@code codec-not-supported}, naming both), and she is not asked to move to H264 for him. carol decodes H264
     * up to level 4: she serves as an H264-only subscriber does, and alice is asked for H264.
     */
    @Test
    void aSubscriberWhoseH264LevelIsBelowTheTracksIsToldAndNotServedH264() throws Exception {
        LocalSdp.Identity bobIdentity = identity("bob");
        LocalSdp.Identity carolIdentity = identity("carol");
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort());
             JsonSocket carol = new JsonSocket(server.httpPort())) {
            alice.join("codec-level", "alice");
            String aliceVideo = publish(alice, vp8AndH264Offer(false));
            bob.join("codec-level", "bob");
            answerWithoutVp8AtH264Level(bob, bobIdentity, "42e00d");
            JsonNode error = bob.awaitType("error");
            assertEquals("codec-not-supported", error.path("code").asText(), error.toString());
            assertEquals(aliceVideo, error.path("trackId").asText(), error.toString());
            assertEquals("[\"video/VP8\",\"video/H264\"]", error.path("codecs").toString(), error.toString());
            assertNoMessage(alice, "publish-codec", "no codec serves bob: nothing to move to");
            carol.join("codec-level", "carol");
            answerWithoutVp8AtH264Level(carol, carolIdentity, "42e028");
            JsonNode ask = alice.awaitType("publish-codec");
            assertEquals("video/H264", ask.path("codec").asText(), ask.toString());
            assertNoMessage(carol, "error", "carol decodes level 3.1");
        }
    }

    /**
     * A room created end-to-end encrypted ({@code "e2ee": true}): {@code joined} says so, and a publisher offering
     * RED + Opus and H264 ahead of VP8 is answered with Opus alone and VP8 alone, so it sends VP8; the track's
     * subscribers are offered nothing else.
     */
    @Test
    void anEncryptedRoomAnswersOnlyWhatItForwardsUnreadAndSaysSoOnJoining() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> created = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/rooms"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"sealed\",\"e2ee\":true}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        LocalSdp.Identity bobIdentity = identity("bob");
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            alice.send("{\"type\":\"join\",\"room\":\"sealed\",\"name\":\"alice\"}");
            JsonNode joined = alice.awaitType("joined");
            assertTrue(joined.path("e2ee").asBoolean(), joined.toString());
            String offer = vp8AndH264Offer(true).replace("m=audio 9 UDP/TLS/RTP/SAVPF 111",
                    "m=audio 9 UDP/TLS/RTP/SAVPF 63 111").replace("a=rtpmap:111 opus/48000/2",
                    "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:111 opus/48000/2");
            alice.send(Json.write(Json.object().put("type", "offer").put("pc", "publisher").put("sdp", offer)));
            String answer = alice.awaitType("answer").path("sdp").asText();
            assertTrue(answer.contains("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"), "Opus without RED: " + answer);
            assertTrue(answer.contains("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n") && !answer.contains("H264"),
                    "VP8 without H264: " + answer);
            bob.join("sealed", "bob");
            JsonNode subscriberOffer = bob.await(m -> m.path("type").asText().equals("offer")
                    && m.path("pc").asText().equals("subscriber"), Duration.ofSeconds(5));
            String sdp = subscriberOffer.path("sdp").asText();
            assertTrue(sdp.contains("VP8/90000") && !sdp.contains("H264") && !sdp.contains("red/48000"), sdp);
            String bobAnswer = LocalSdp.subscriberAnswer(bobIdentity, RemoteSdp.parse(sdp), Set.of());
            bob.send(Json.write(Json.object().put("type", "answer").put("pc", "subscriber").put("sdp", bobAnswer)));
            assertNoMessage(bob, "error", "bob decodes VP8");
        }
    }

    /** Answers the subscriber offer without VP8 and with H264 declared at {@code profileLevelId}. */
    private static void answerWithoutVp8AtH264Level(JsonSocket subscriber, LocalSdp.Identity identity,
                                                    String profileLevelId) throws Exception {
        JsonNode offer = subscriber.await(m -> m.path("type").asText().equals("offer")
                && m.path("pc").asText().equals("subscriber"), Duration.ofSeconds(5));
        String answer = LocalSdp.subscriberAnswer(identity, RemoteSdp.parse(offer.path("sdp").asText()), Set.of("vp8"));
        String leveled = answer.replace("profile-level-id=42e01f", "profile-level-id=" + profileLevelId);
        assertTrue(!leveled.equals(answer), "the answer lists H264 at 42e01f: " + answer);
        subscriber.send(Json.write(Json.object().put("type", "answer").put("pc", "subscriber").put("sdp", leveled)));
    }

    /** A subscriber's ICE credentials and certificate fingerprint for its answers. */
    private static LocalSdp.Identity identity(String name) throws Exception {
        return new LocalSdp.Identity(name + "ufrag", (name + "password0123456789012345").substring(0, 24),
                PeerCertificate.generate().sha256Fingerprint());
    }

    /** Waits for the server's subscriber offer and answers it accepting every section but not {@code codec}. */
    private static void answerLeavingOut(JsonSocket subscriber, LocalSdp.Identity identity, String codec)
            throws Exception {
        JsonNode offer = subscriber.await(m -> m.path("type").asText().equals("offer")
                && m.path("pc").asText().equals("subscriber"), Duration.ofSeconds(5));
        String answer = LocalSdp.subscriberAnswer(identity, RemoteSdp.parse(offer.path("sdp").asText()), Set.of(codec));
        subscriber.send(Json.write(Json.object().put("type", "answer").put("pc", "subscriber").put("sdp", answer)));
    }

    /** Nothing of {@code type} arrives within 500 ms (other messages are read and passed over). */
    private static void assertNoMessage(JsonSocket socket, String type, String why) throws Exception {
        long deadline = System.nanoTime() + 500_000_000L;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode m = socket.poll(Duration.ofNanos(left));
            if (m != null && m.path("type").asText().equals(type)) throw new AssertionError(why + ": " + m);
        }
    }

    /** The simulcast offer with H264 Constrained Baseline (100, rtx 101) after VP8, or before it. */
    private static String vp8AndH264Offer(boolean h264First) throws Exception {
        String offer = resource("/sdp/simulcast-offer.sdp");
        String h264 = "a=rtpmap:100 H264/90000\r\na=rtcp-fb:100 nack\r\na=rtcp-fb:100 nack pli\r\n"
                + "a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
                + "a=rtpmap:101 rtx/90000\r\na=fmtp:101 apt=100\r\n";
        String normalized = offer.replace("\r\n", "\n").replace("\n", "\r\n");
        return normalized.replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97",
                        h264First ? "m=video 9 UDP/TLS/RTP/SAVPF 100 101 96 97" : "m=video 9 UDP/TLS/RTP/SAVPF 96 97 100 101")
                .replace("a=fmtp:97 apt=96\r\n", "a=fmtp:97 apt=96\r\n" + h264);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = CodecMismatchProtocolTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Publishes audio and VP8 video (simulcast); returns the video track's id. */
    private static String publish(JsonSocket publisher) throws Exception {
        return publish(publisher, resource("/sdp/simulcast-offer.sdp"));
    }

    /** Publishes this offer's audio and video; returns the video track's id. */
    private static String publish(JsonSocket publisher, String offer) throws Exception {
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
