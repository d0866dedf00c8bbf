package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each video codec Chromium sends, forwarded end to end: a page publishes its fake camera in one codec
 * ({@code publish(stream, {codec})}), and a subscriber that joins once media flows (so the server must find a
 * keyframe of that codec to start it on) decodes it in the same codec and variant. VP8 is what every other browser
 * test uses. One page and one server for all cases, one room per case.
 */
class CodecBrowserTest {
    private static final Duration DECODING = Duration.ofSeconds(20);

    private static final String SETUP = """
            const [room, codec, receiveCodecs, simulcast, done] = [arguments[0], arguments[1] ?? undefined,
              arguments[2] ?? null, arguments[3] === true, arguments[arguments.length - 1]];
            (async () => {
              const { Room } = await import('/patchbay.js');
              const pub = new Room();
              await pub.join({ room, name: 'publisher' });
              const stream = await navigator.mediaDevices.getUserMedia(
                { video: { width: 640, height: 360, frameRate: 15 } });
              await pub.publish(stream, { codec, simulcast });
              // Media flows before the subscriber comes: it has to start on a keyframe the server asks for.
              await new Promise((r) => setTimeout(r, 1500));
              const sub = new Room(receiveCodecs ? { receiveCodecs } : {});
              const errors = [];
              sub.addEventListener('error', (e) => errors.push(e.detail));
              sub.addEventListener('trackadded', (e) => {
                if (e.detail.kind !== 'video') return;
                const v = document.createElement('video');
                v.muted = true;
                v.autoplay = true;
                v.srcObject = e.detail.stream;
                document.body.appendChild(v);
              });
              await sub.join({ room, name: 'subscriber' });
              window.codecCase = { pub, sub, stream, errors };
              done(JSON.stringify({ ok: true }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** The subscriber's decoded video and its codec; the publisher's sent codec; errors the subscriber got. */
    private static final String STATS = """
            const done = arguments[arguments.length - 1];
            const codecOf = (report, s) => {
              const c = s.codecId ? report.get(s.codecId) : null;
              return c ? { mimeType: c.mimeType, fmtp: c.sdpFmtpLine || '' } : null;
            };
            (async () => {
              const { pub, sub, errors } = window.codecCase;
              const out = { errors };
              if (sub.peerConnections.subscriber) {
                const report = await sub.peerConnections.subscriber.getStats();
                report.forEach((s) => {
                  if (s.type === 'inbound-rtp' && s.kind === 'video') {
                    out.inbound = { framesDecoded: s.framesDecoded || 0, frameHeight: s.frameHeight || 0,
                                    keyFramesDecoded: s.keyFramesDecoded || 0, codec: codecOf(report, s) };
                  }
                });
              }
              const sent = await pub.peerConnections.publisher.getStats();
              sent.forEach((s) => {
                if (s.type === 'outbound-rtp' && s.kind === 'video') out.outbound = { codec: codecOf(sent, s) };
              });
              done(JSON.stringify(out));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    private static final String CLEANUP = """
            const done = arguments[arguments.length - 1];
            const c = window.codecCase;
            c.stream.getTracks().forEach((t) => t.stop());
            c.sub.leave();
            c.pub.leave();
            document.querySelectorAll('video').forEach((v) => v.remove());
            done(JSON.stringify({ ok: true }));
            """;

    private static PatchbayServer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assertInstalled();
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        browser = HeadlessChromium.launch("codecs");
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=codecs-lobby");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "VP9                          | video/VP9  | ",
        "VP9;profile-id=2             | video/VP9  | profile-id=2",
        "H264                         | video/H264 | profile-level-id=42e01f",
        "H264;profile-level-id=4d001f | video/H264 | profile-level-id=4d001f",
        "AV1                          | video/AV1  | ",
    })
    void aLateSubscriberDecodesTheCodecThePublisherSends(String codec, String mimeType, String fmtp) throws Exception {
        String wantedFmtp = fmtp == null ? "" : fmtp;
        assertSends(codec);
        String room = "codec-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode setup = browser.asyncJson(SETUP, room, codec, null, false);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        try {
            JsonNode first = awaitStats(s -> s.path("inbound").path("framesDecoded").asInt() >= 15,
                    codec + ": the subscriber decoded nothing");
            JsonNode inbound = first.path("inbound").path("codec");
            assertEquals(mimeType, inbound.path("mimeType").asText(), first.toString());
            assertTrue(inbound.path("fmtp").asText().contains(wantedFmtp), first.toString());
            assertEquals(mimeType, first.path("outbound").path("codec").path("mimeType").asText(), first.toString());
            Thread.sleep(2000); // a window of decoding
            JsonNode later = browser.asyncJson(STATS);
            double fps = (later.path("inbound").path("framesDecoded").asInt()
                    - first.path("inbound").path("framesDecoded").asInt()) / 2.0;
            System.out.printf("%s: subscriber decodes %s (%s), %d lines, %.1f fps, %d keyframes%n", codec,
                    inbound.path("mimeType").asText(), inbound.path("fmtp").asText(),
                    later.path("inbound").path("frameHeight").asInt(), fps,
                    later.path("inbound").path("keyFramesDecoded").asInt());
            assertTrue(fps >= 7, codec + " decoded " + fps + " fps (camera 15): " + later);
            assertEquals(0, later.path("errors").size(), later.toString());
            InteropTable.Codec shown = InteropTable.Codec.of(mimeType, wantedFmtp);
            InteropTable.record(getClass().getSimpleName() + "-" + shown, List.of(
                    new InteropTable.Cell(InteropTable.Client.CHROMIUM, shown, InteropTable.Direction.SENDS,
                            getClass().getSimpleName()),
                    new InteropTable.Cell(InteropTable.Client.CHROMIUM, shown, InteropTable.Direction.RECEIVES,
                            getClass().getSimpleName())));
        } finally {
            browser.asyncJson(CLEANUP);
        }
    }

    /**
     * Publishers of two variants of one codec in one room: the subscriber's offer gives each its own payload type
     * (one BUNDLE group may not map one number to two configurations, RFC 8843 section 9.1, and Chromium refuses a
     * description that does; this Chromium tolerates it, others may not) and the subscriber decodes all four.
     */
    @org.junit.jupiter.api.Test
    void oneSubscriberDecodesTwoProfilesOfVp9AndOfH264AtOnce() throws Exception {
        List<String> codecs = List.of("VP9", "VP9;profile-id=2", "H264", "H264;profile-level-id=4d001f");
        for (String codec : codecs) assertSends(codec);
        String room = "codecs-mixed-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode setup = browser.asyncJson("""
                const [room, codecs, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
                (async () => {
                  const { Room } = await import('/patchbay.js');
                  const pubs = [];
                  const streams = [];
                  for (const codec of codecs) {
                    const pub = new Room();
                    await pub.join({ room, name: codec });
                    const stream = await navigator.mediaDevices.getUserMedia(
                      { video: { width: 320, height: 180, frameRate: 15 } });
                    await pub.publish(stream, { codec });
                    pubs.push(pub);
                    streams.push(stream);
                  }
                  const sub = new Room();
                  const errors = [];
                  sub.addEventListener('error', (e) => errors.push(e.detail));
                  await sub.join({ room, name: 'subscriber' });
                  window.codecCase = { pub: pubs[0], pubs, sub, stream: streams[0], streams, errors };
                  done(JSON.stringify({ ok: true }));
                })().catch((e) => done(JSON.stringify({ error: String(e) })));
                """, room, codecs);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        String inbound = """
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { sub, errors } = window.codecCase;
                  const out = { errors, inbound: [] };
                  const pc = sub.peerConnections.subscriber;
                  out.offer = pc?.remoteDescription?.sdp ?? '';
                  if (pc) {
                    const report = await pc.getStats();
                    report.forEach((s) => {
                      if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
                      const c = s.codecId ? report.get(s.codecId) : null;
                      out.inbound.push({ framesDecoded: s.framesDecoded || 0,
                                         codec: c ? c.mimeType + ' ' + (c.sdpFmtpLine || '') : null });
                    });
                  }
                  done(JSON.stringify(out));
                })().catch((e) => done(JSON.stringify({ error: String(e) })));
                """;
        try {
            JsonNode all = awaitStats(inbound, s -> {
                int decoding = 0;
                for (JsonNode i : s.path("inbound")) if (i.path("framesDecoded").asInt() >= 10) decoding++;
                return decoding == codecs.size();
            }, "the subscriber did not decode all four");
            String seen = all.path("inbound").toString();
            System.out.println("one subscriber, four variants: " + seen);
            for (String variant : List.of("profile-id=0", "profile-id=2", "profile-level-id=42e01f",
                    "profile-level-id=4d001f")) {
                assertTrue(seen.contains(variant), variant + " not among " + seen);
            }
            assertEquals(0, all.path("errors").size(), all.toString());
            // One payload type, one configuration, across the BUNDLE group.
            java.util.Map<Integer, String> configByPt = new java.util.HashMap<>();
            for (io.patchbay.core.sdp.MediaSection m
                    : io.patchbay.core.sdp.SessionDescription.parse(all.path("offer").asText()).media()) {
                for (io.patchbay.core.sdp.RtpCodec c : m.codecs()) {
                    String config = c.name() + "/" + c.clockRateHz() + " " + c.fmtpLine();
                    String before = configByPt.putIfAbsent(c.payloadType(), config);
                    assertTrue(before == null || before.equals(config),
                            "payload type " + c.payloadType() + " is " + before + " and " + config);
                }
            }
        } finally {
            browser.asyncJson("""
                    const done = arguments[arguments.length - 1];
                    const c = window.codecCase;
                    c.streams.forEach((s) => s.getTracks().forEach((t) => t.stop()));
                    c.sub.leave();
                    c.pubs.forEach((p) => p.leave());
                    done(JSON.stringify({ ok: true }));
                    """);
        }
    }

    /** Fails (never skips) when this Chromium cannot send the codec: the case would prove nothing. */
    private static void assertSends(String codec) {
        JsonNode caps = browser.asyncJson("""
                const done = arguments[arguments.length - 1];
                done(JSON.stringify(RTCRtpSender.getCapabilities('video').codecs
                  .map((c) => c.mimeType + ';' + (c.sdpFmtpLine || ''))));
                """);
        String[] parts = codec.split(";", 2);
        for (JsonNode c : caps) {
            String text = c.asText();
            if (text.toLowerCase().startsWith("video/" + parts[0].toLowerCase() + ";")
                    && (parts.length == 1 || text.contains(parts[1]))) {
                return;
            }
        }
        fail("this Chromium does not send " + codec + ": " + caps);
    }

    /**
     * Several codecs per track: Chromium offers all it encodes and sends VP8, its first, in three simulcast layers (as
     * the demo page does). A subscriber that decodes
     * only H264 ({@code receiveCodecs}) answers with H264 alone; the server asks the publisher to send H264
     * ({@code publish-codec}), the publisher offers again with it first, and the subscriber decodes the track in H264.
     * Once that subscriber leaves, the publisher is asked back to its own first choice, VP8.
     */
    @org.junit.jupiter.api.Test
    void aPublisherMovesToTheCodecItsOnlySubscriberDecodesAndBackWhenItLeaves() throws Exception {
        String room = "codec-switch-" + UUID.randomUUID().toString().substring(0, 6);
        // VP8 in three simulcast layers, as the demo page sends, flows before the subscriber comes.
        JsonNode setup = browser.asyncJson(SETUP, room, null, List.of("H264"), true);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        try {
            JsonNode switched = awaitStats(s -> s.path("inbound").path("framesDecoded").asInt() >= 15
                            && s.path("inbound").path("codec").path("mimeType").asText().equals("video/H264"),
                    "the H264-only subscriber did not decode the VP8 publisher in H264 (" + browser.asyncJson("""
                            const done = arguments[arguments.length - 1];
                            const { pub, sub } = window.codecCase;
                            const video = (d) => (d?.sdp ?? '').split('\\r\\n').filter((l) => l.startsWith('m=video'));
                            done(JSON.stringify({ answer: video(sub.peerConnections.subscriber?.localDescription),
                              publisherAnswer: video(pub.peerConnections.publisher?.remoteDescription),
                              publisherOffer: video(pub.peerConnections.publisher?.localDescription),
                              publisher: pub.lifecycle.slice(-5) }));
                            """) + ")");
            assertEquals("video/H264", switched.path("outbound").path("codec").path("mimeType").asText(),
                    "the publisher sends H264 now: " + switched);
            assertEquals(0, switched.path("errors").size(), "no codec-not-supported: " + switched);
            JsonNode asked = browser.asyncJson("""
                    const done = arguments[arguments.length - 1];
                    done(JSON.stringify(window.codecCase.pub.lifecycle.filter((e) => e.event === 'publish-codec')));
                    """);
            assertEquals("video/H264", asked.path(0).path("codec").asText(), "asked once, for H264: " + asked);
            System.out.printf("codec switch: the H264-only subscriber decodes %d frames in %s (%s); publisher asked %s%n",
                    switched.path("inbound").path("framesDecoded").asInt(),
                    switched.path("inbound").path("codec").path("mimeType").asText(),
                    switched.path("inbound").path("codec").path("fmtp").asText(), asked);

            browser.asyncJson("""
                    const done = arguments[arguments.length - 1];
                    window.codecCase.sub.leave();
                    done(JSON.stringify({ ok: true }));
                    """);
            JsonNode back = awaitStats(s -> s.path("outbound").path("codec").path("mimeType").asText()
                    .equals("video/VP8"), "the publisher did not go back to VP8 after the subscriber left");
            System.out.println("codec switch: publisher back on " + back.path("outbound").path("codec"));
            InteropTable.record(getClass().getSimpleName() + "-switch", List.of(
                    new InteropTable.Cell(InteropTable.Client.CHROMIUM, InteropTable.Codec.of("video/H264",
                            "profile-level-id=42e01f"), InteropTable.Direction.RECEIVES, getClass().getSimpleName())));
        } finally {
            browser.asyncJson(CLEANUP);
        }
    }

    private static JsonNode awaitStats(java.util.function.Predicate<JsonNode> condition, String what)
            throws InterruptedException {
        return awaitStats(STATS, condition, what);
    }

    private static JsonNode awaitStats(String script, java.util.function.Predicate<JsonNode> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DECODING.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = browser.asyncJson(script);
            if (condition.test(last)) return last;
            Thread.sleep(250); // polling the browser's stats
        }
        fail(what + ": " + last);
        return last;
    }
}
