package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire protocol's error handling against a real server: bad input gets a typed error, nothing else breaks. */
class SignalingProtocolTest {
    private static PatchbayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpPort(0).withMediaPort(0)
                .withHttpHost("127.0.0.1").withBindAddresses(java.util.List.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String errorCodeFor(JsonSocket socket, String message) throws Exception {
        socket.send(message);
        return socket.awaitType("error").path("code").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|this is not json|bad-json",
        "json array instead of object|[1,2,3]|bad-json",
        "no type|{\"room\":\"x\"}|bad-message",
        "unknown type|{\"type\":\"dance\"}|unknown-type",
        "offer before join|{\"type\":\"offer\",\"pc\":\"publisher\",\"sdp\":\"v=0\"}|not-joined",
        "mute before join|{\"type\":\"mute\",\"trackId\":\"x\",\"muted\":true}|not-joined",
        "room with a slash|{\"type\":\"join\",\"room\":\"a/b\"}|invalid-room",
        "room too long|{\"type\":\"join\",\"room\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}|invalid-room",
        "room is a number|{\"type\":\"join\",\"room\":5}|bad-message",
        "deeply nested json|[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]|bad-json",
    })
    void badMessagesBeforeJoinGetTypedErrors(String name, String message, String code) throws Exception {
        try (JsonSocket s = new JsonSocket(server.httpPort())) {
            assertEquals(code, errorCodeFor(s, message));
            // The session stays usable.
            s.send("{\"type\":\"join\",\"room\":\"ok-" + Math.abs(name.hashCode()) + "\",\"name\":\"x\"}");
            assertEquals("joined", s.awaitType("joined").path("type").asText());
        }
    }

    @Test
    void badInputAfterJoinDoesNotDisturbTheOtherParticipant() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            alice.send("{\"type\":\"join\",\"room\":\"calm\",\"name\":\"alice\"}");
            alice.awaitType("joined");
            bob.send("{\"type\":\"join\",\"room\":\"calm\",\"name\":\"bob\"}");
            JsonNode joined = bob.awaitType("joined");
            assertEquals("alice", joined.path("participants").get(0).path("name").asText());
            alice.awaitType("participant-joined");

            assertEquals("already-joined", errorCodeFor(bob, "{\"type\":\"join\",\"room\":\"calm\"}"));
            assertEquals("sdp-malformed", errorCodeFor(bob, "{\"type\":\"offer\",\"pc\":\"publisher\",\"sdp\":\"hello\"}"));
            assertEquals("bad-message", errorCodeFor(bob, "{\"type\":\"offer\",\"pc\":\"subscriber\",\"sdp\":\"v=0\"}"));
            assertEquals("unexpected-answer", errorCodeFor(bob, "{\"type\":\"answer\",\"pc\":\"subscriber\",\"sdp\":\"v=0\\r\\n\"}"));
            assertEquals("unknown-track", errorCodeFor(bob, "{\"type\":\"mute\",\"trackId\":\"TR_nope\",\"muted\":true}"));
            assertEquals("bad-message", errorCodeFor(bob, "{\"type\":\"mute\",\"trackId\":\"TR_nope\",\"muted\":\"yes\"}"));
            assertEquals("bad-candidate", errorCodeFor(bob,
                    "{\"type\":\"candidate\",\"pc\":\"publisher\",\"candidate\":{\"candidate\":\"candidate:garbage\"}}"));
            assertEquals("sdp-no-supported-codec", errorCodeFor(bob,
                    "{\"type\":\"offer\",\"pc\":\"publisher\",\"sdp\":\"" + pcmuOnlyOffer() + "\"}"));
            // An mDNS candidate is ignored silently, as is end-of-candidates.
            bob.send("{\"type\":\"candidate\",\"pc\":\"publisher\",\"candidate\":{\"candidate\":"
                    + "\"candidate:1 1 udp 2122260223 1f0c2d3e-aaaa-bbbb-cccc-111122223333.local 5000 typ host\"}}");
            bob.send("{\"type\":\"candidate\",\"pc\":\"publisher\",\"candidate\":null}");
            assertNull(bob.poll(Duration.ofMillis(300)), "no error for tolerated candidates");

            // Alice saw nothing of it.
            assertNull(alice.poll(Duration.ofMillis(300)), "the other participant is not disturbed");
            bob.send("{\"type\":\"leave\"}");
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!bob.closedByServer && System.nanoTime() < deadline) Thread.onSpinWait();
            assertTrue(bob.closedByServer, "leave closes the socket");
            assertEquals(alice.awaitType("participant-left").path("type").asText(), "participant-left");
        }
    }

    @Test
    void leavingTellsTheOthers() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort()); JsonSocket bob = new JsonSocket(server.httpPort())) {
            alice.send("{\"type\":\"join\",\"room\":\"bye\",\"name\":\"alice\"}");
            String aliceId = alice.awaitType("joined").path("participantId").asText();
            bob.send("{\"type\":\"join\",\"room\":\"bye\",\"name\":\"bob\"}");
            bob.awaitType("joined");
            alice.close(); // a normal close (1000) is the same as leave
            JsonNode left = bob.awaitType("participant-left");
            assertEquals(aliceId, left.path("participantId").asText());
            assertEquals("left", left.path("reason").asText());
        }
    }

    @Test
    void metricsShowRoomsAndParticipants() throws Exception {
        try (JsonSocket alice = new JsonSocket(server.httpPort())) {
            alice.send("{\"type\":\"join\",\"room\":\"metrics\",\"name\":\"alice\"}");
            alice.awaitType("joined");
            assertEquals("unknown-type", errorCodeFor(alice, "{\"type\":\"nope\"}"));
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.matches("(?s).*\\npatchbay_participants [1-9].*"), "participants gauge is positive");
            assertTrue(metrics.matches("(?s).*\\npatchbay_rooms [1-9].*"), "rooms gauge is positive");
            assertTrue(metrics.contains("patchbay_media_packets_forwarded_total"));
            assertTrue(metrics.contains("patchbay_signaling_errors_total{code=\"unknown-type\"}"), "errors counted by code");
        }
    }

    /** A well-formed offer whose only codec, PCMU, Patchbay does not forward. */
    private static String pcmuOnlyOffer() {
        return String.join("\\r\\n",
                "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=msid-semantic: WMS *",
                "m=audio 9 UDP/TLS/RTP/SAVPF 0", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
                "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
                "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
                "a=setup:actpass", "a=mid:0", "a=sendonly", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", "") ;
    }
}
