package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.PatchbayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end encryption passthrough: demo pages opened with {@code ?e2ee=<passphrase>} encrypt every frame in the
 * browser ({@code /patchbay-e2ee.js}) and the server forwards what it cannot read. Two pages with the passphrase
 * decode each other; a third with another one receives the same packets and decodes none of them (its frames do not
 * decrypt: the payload really was encrypted, and the first two decoding shows the server left it untouched); and a
 * simulcast subscriber moved up a layer and down to the lowest switches each time on a keyframe the server recognised
 * from the bytes the encryption leaves in the clear, and goes on decoding. A room created end-to-end encrypted
 * ({@code "e2ee": true}) serves a page that prefers H264 in VP8, and turns away a page without the passphrase.
 */
class E2eeBrowserTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String KEY = "correct horse battery staple";

    /** Per remote video: sender, frames decoded, height, packets; and this page's decrypt failures. */
    private static final String VIDEO_JS = """
            const done = arguments[arguments.length - 1];
            const room = window.patchbay && window.patchbay.room;
            if (!room || !room.participantId) { done(JSON.stringify({ videos: [], failures: 0 })); return; }
            room.getStats().then((stats) => done(JSON.stringify({ failures: room.e2eeDecryptFailures,
              videos: stats.filter((s) => s.kind === 'video').map((s) => ({ from: s.participantName,
                trackId: s.trackId, frames: s.framesDecoded || 0, height: s.frameHeight || 0,
                packets: s.packetsReceived || 0, codec: s.codec })) })),
              (e) => done(JSON.stringify({ error: String(e) })));
            """;

    private static PatchbayServer server;
    private final List<HeadlessChromium> pages = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assertInstalled();
        server = JoinLoop.startLoopbackServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void closePages() {
        pages.forEach(HeadlessChromium::close);
        pages.clear();
    }

    @Test
    void pagesWithThePassphraseDecodeEachOtherAndOneWithAnotherDecodesNothing() throws Exception {
        String room = "e2ee-" + UUID.randomUUID().toString().substring(0, 6);
        HeadlessChromium alice = open("alice", room, KEY, "&simulcast=0");
        HeadlessChromium bob = open("bob", room, KEY, "&simulcast=0");
        JsonNode bobSees = await(bob, "bob decodes alice", s -> frames(s, "alice") >= 30);
        JsonNode aliceSees = await(alice, "alice decodes bob", s -> frames(s, "bob") >= 30);
        assertTrue(json(bob).path("failures").asLong() == 0 && json(alice).path("failures").asLong() == 0,
                "with the same passphrase every frame decrypts: " + json(alice) + " " + json(bob));
        HeadlessChromium eve = open("eve", room, "another passphrase", "&simulcast=0");
        // Eve gets the packets (the server forwards them to her as to anyone) but no frame decrypts.
        JsonNode eveSees = await(eve, "eve receives alice's and bob's packets",
                s -> packets(s, "alice") >= 200 && packets(s, "bob") >= 200);
        Thread.sleep(1000); // a second more of frames that could have decoded
        eveSees = json(eve);
        System.out.printf("bob decoded %d frames of alice, alice %d of bob; eve received %d and %d packets, decoded"
                        + " %d and %d frames, %d frames did not decrypt%n", frames(bobSees, "alice"),
                frames(aliceSees, "bob"), packets(eveSees, "alice"), packets(eveSees, "bob"), frames(eveSees, "alice"),
                frames(eveSees, "bob"), eveSees.path("failures").asLong());
        assertTrue(frames(eveSees, "alice") == 0 && frames(eveSees, "bob") == 0,
                "eve, with another passphrase, decoded frames: the payload was not encrypted: " + eveSees);
        assertTrue(eveSees.path("failures").asLong() > 0, "eve's frames did not decrypt, and she counts them: "
                + eveSees);
    }

    @Test
    void anEncryptedSimulcastSubscriberSwitchesLayersOnKeyframesAndKeepsDecoding() throws Exception {
        String room = "e2ee-" + UUID.randomUUID().toString().substring(0, 6);
        open("presenter", room, KEY, ""); // the demo page's 720p camera as three simulcast layers
        HeadlessChromium viewer = open("viewer", room, KEY, "");
        JsonNode first = await(viewer, "the viewer decodes the presenter", s -> frames(s, "presenter") >= 30);
        String trackId = video(first, "presenter").path("trackId").asText();
        // Up to a higher layer, then down to the lowest: each switch waits for a keyframe of the new layer, which the
        // server finds in the bytes the encryption leaves in the clear.
        viewer.script("window.patchbay.room.updateSubscription(arguments[0], { maxHeight: 720 });", trackId);
        JsonNode high = await(viewer, "the viewer decodes a layer above 180 lines",
                s -> height(s, "presenter") >= 360);
        viewer.script("window.patchbay.room.updateSubscription(arguments[0], { maxHeight: 180 });", trackId);
        long before = frames(high, "presenter");
        JsonNode low = await(viewer, "the viewer decodes the 180-line layer",
                s -> height(s, "presenter") == 180 && frames(s, "presenter") >= before + 30);
        System.out.printf("viewer: %d lines at first, %d after maxHeight 720, 180 after maxHeight 180 (%d frames more),"
                        + " %d frames did not decrypt%n", height(first, "presenter"), height(high, "presenter"),
                frames(low, "presenter") - before, low.path("failures").asLong());
        assertTrue(low.path("failures").asLong() == 0, "every frame decrypts across the switches: " + low);
    }

    /**
     * A room created with {@code "e2ee": true}: a publisher page that asks for H264 (which the encryption would break:
     * its packetizer parses the frame) sends VP8, which the other page decodes, and that page's VP9 (cut by its payload
     * descriptor, written after the encryption) decodes on the first; a page opened without a passphrase
     * is refused by /patchbay.js ({@code e2ee-required}) and leaves the room instead of publishing in the clear.
     */
    @Test
    void anEncryptedRoomServesVp8ToAPagePreferringH264AndTurnsAwayAPageWithoutTheKey() throws Exception {
        String room = "e2ee-" + UUID.randomUUID().toString().substring(0, 6);
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://127.0.0.1:" + server.httpPort() + "/api/v1/rooms";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + room + "\",\"e2ee\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"e2ee\":true"), created.body());
        HeadlessChromium alice = open("alice", room, KEY, "&simulcast=0&codec=H264");
        HeadlessChromium bob = open("bob", room, KEY, "&simulcast=0&codec=VP9");
        JsonNode bobSees = await(bob, "bob decodes alice", s -> frames(s, "alice") >= 30);
        assertEquals("video/VP8", video(bobSees, "alice").path("codec").asText(), bobSees.toString());
        // VP9 is cut into packets by its payload descriptor, which the browser writes after the encryption.
        JsonNode aliceSees = await(alice, "alice decodes bob's encrypted VP9", s -> frames(s, "bob") >= 30);
        assertEquals("video/VP9", video(aliceSees, "bob").path("codec").asText(), aliceSees.toString());
        assertEquals(0, aliceSees.path("failures").asLong() + json(bob).path("failures").asLong(),
                "every frame decrypts: " + aliceSees);
        assertEquals(true, bob.script("return window.patchbay.room.e2ee;"), "the page knows the room is encrypted");
        HeadlessChromium eve = open("eve", room, "", "&simulcast=0");
        JsonNode refused = PagePolling.awaitPage(eve, "const done = arguments[arguments.length - 1];"
                        + " done(JSON.stringify(window.patchbay.events.filter((e) => e.type === 'join-failed')));",
                TIMEOUT, events -> events.size() > 0, "eve's join to fail");
        assertEquals("e2ee-required", refused.get(0).path("code").asText(), refused.toString());
        String[] body = new String[1];
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        do {
            body[0] = http.send(HttpRequest.newBuilder(URI.create(api + "/" + room)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body[0].contains("\"participantCount\":2") && !body[0].contains("\"eve\"")) break;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertTrue(body[0].contains("\"participantCount\":2") && !body[0].contains("\"eve\""),
                "eve is not left in the room: " + body[0]);
        System.out.printf("encrypted room: bob decoded %d VP8 frames of alice (who asked for H264), alice %d VP9 frames"
                + " of bob; eve without the passphrase: %s%n", frames(bobSees, "alice"), frames(aliceSees, "bob"),
                refused.get(0).path("message").asText());
    }

    private HeadlessChromium open(String name, String room, String passphrase, String extra) throws Exception {
        HeadlessChromium page = HeadlessChromium.launch(name);
        pages.add(page);
        page.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room + "&name=" + name
                + "&autojoin=1&e2ee=" + java.net.URLEncoder.encode(passphrase, java.nio.charset.StandardCharsets.UTF_8)
                + extra);
        return page;
    }

    private static JsonNode json(HeadlessChromium page) {
        return DemoPage.parse(page.asyncScript(VIDEO_JS));
    }

    private static JsonNode await(HeadlessChromium page, String what, Predicate<JsonNode> done) throws Exception {
        return PagePolling.awaitPage(page, VIDEO_JS, TIMEOUT, done, "timed out waiting for: " + what);
    }

    private static JsonNode video(JsonNode stats, String from) {
        for (JsonNode v : stats.path("videos")) if (from.equals(v.path("from").asText())) return v;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static long frames(JsonNode stats, String from) {
        return video(stats, from).path("frames").asLong();
    }

    private static long packets(JsonNode stats, String from) {
        return video(stats, from).path("packets").asLong();
    }

    private static int height(JsonNode stats, String from) {
        return video(stats, from).path("height").asInt();
    }
}
