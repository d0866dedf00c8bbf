package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.impair.Direction;
import io.patchbay.signaling.impair.ImpairmentProfile;
import io.patchbay.signaling.impair.UdpImpairmentRelay;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Done-when of simulcast: a viewer on a throttled link sees a lower but smooth picture while the others keep full
 * quality. Two demo pages with their defaults (720p camera as three simulcast layers); all media crosses a user-space
 * relay. Once both decode each other, the viewer's downlink is capped between what the low and the middle layer cost
 * (at most 400 kbps; 300 ms drop-tail buffer, like a
 * home router's): the server's estimate of that path falls, the allocator moves the viewer to the low layer, and it
 * keeps decoding at >= 10 fps with no freeze in the measured window, while the unthrottled page keeps receiving the
 * tallest layer its tile asks for. Lifting the cap moves the viewer up again, with no freeze: the publisher kept
 * sending the middle layer all along (turning a layer back on stalls Chrome's encoder for a moment).
 */
class SimulcastThrottledBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INBOUND_JS = """
            const done = arguments[arguments.length - 1];
            const p = window.patchbay;
            if (!p || !p.room) { done('[]'); return; }
            p.room.getStats().then((s) => done(JSON.stringify(s)), () => done('[]'));
            """;
    private static final String SERVER_STATS_JS = """
            const done = arguments[arguments.length - 1];
            window.patchbay.room.getServerStats().then((s) => done(JSON.stringify(s)), (e) => done('{}'));
            """;

    private static final String PUBLISHER_JS = """
            const done = arguments[arguments.length - 1];
            const pc = window.patchbay.room.peerConnections.publisher;
            pc.getStats().then((report) => {
              const out = [];
              report.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') out.push(
                  `${s.rid}:${s.frameHeight || 0}p@${s.framesPerSecond || 0} enc=${s.framesEncoded} ${s.qualityLimitationReason}`); });
              done(out.join(', '));
            }, (e) => done(String(e)));
            """;

    /** What {@code presenter}'s page has sent so far, in bytes with headers: per video rid, and "audio". */
    private static final String SENT_BYTES_JS = """
            const done = arguments[arguments.length - 1];
            const pc = window.patchbay.room.peerConnections.publisher;
            pc.getStats().then((report) => {
              const out = {};
              report.forEach((s) => { if (s.type === 'outbound-rtp') {
                  out[s.kind === 'audio' ? 'audio' : s.rid] = (s.bytesSent || 0) + (s.headerBytesSent || 0); } });
              done(JSON.stringify(out));
            }, (e) => done('{}'));
            """;

    private PatchbayServer server;
    private UdpImpairmentRelay relay;
    private final Map<String, HeadlessChromium> browsers = new LinkedHashMap<>();

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stopEverything() {
        for (HeadlessChromium b : new ArrayList<>(browsers.values())) b.close();
        browsers.clear();
        if (relay != null) relay.close();
        if (server != null) server.close();
    }

    @Test
    void aThrottledViewerGetsALowButSmoothPictureAndTheOtherKeepsFullQuality() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")).withPublicAddress("127.0.0.2")
                .withAdvertiseBoundAddresses(false).withUseClientCandidates(false));
        int port = server.mediaPort();
        relay = UdpImpairmentRelay.builder(new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port))
                .uplink(ImpairmentProfile.NONE).downlink(ImpairmentProfile.NONE).name("throttled").build().start();
        String room = "throttled-" + UUID.randomUUID().toString().substring(0, 6);
        open("presenter", room);
        open("viewer", room);
        await("both pages decode each other", Duration.ofSeconds(40), () -> {
            Map<String, JsonNode> in = inbound();
            return in.containsKey("viewer<-presenter") && in.containsKey("presenter<-viewer")
                    && in.get("viewer<-presenter").path("framesDecoded").asLong() > 0
                    && in.get("presenter<-viewer").path("framesDecoded").asLong() > 0;
        });
        await("both pages above the low layer before the cap", Duration.ofSeconds(30),
                () -> "h".equals(layer("viewer")) && "h".equals(layer("presenter")));
        String before = describe();
        // The cap sits between what the low and the middle layer cost (with audio): below 80% of the middle one, so
        // that the viewer cannot take it even on an estimate a little above the cap, and at most 400 kbps. How much
        // the middle layer costs depends on the picture and the machine: Chromium's encoder often stays well under
        // its 500 kbps maximum (300 kbps here), so a fixed cap would sometimes leave room for it.
        // The encoder may still be ramping its layers up (h 199 and q 120 kbps were seen on a loaded machine): measure
        // again, for up to five windows, until there is room for a cap between them.
        Map<String, Double> sentKbps = Map.of();
        double lowKbps = 0;
        double middleKbps = 0;
        int capKbps = 0;
        List<Map<String, Double>> measured = new java.util.ArrayList<>();
        for (int window = 0; window < 5 && (window == 0 || capKbps < lowKbps + 50); window++) {
            sentKbps = sentKbps("presenter", Duration.ofSeconds(3));
            measured.add(sentKbps);
            lowKbps = sentKbps.getOrDefault("q", 0.0) + sentKbps.getOrDefault("audio", 0.0);
            middleKbps = sentKbps.getOrDefault("h", 0.0) + sentKbps.getOrDefault("audio", 0.0);
            capKbps = (int) Math.min(400, middleKbps * 0.8);
        }
        System.out.printf("presenter sends %s kbps; the viewer's cap: %d kbps%n", measured, capKbps);
        assertTrue(capKbps >= lowKbps + 50, "the middle layer (" + middleKbps + " kbps with audio) stayed too close to"
                + " the low one (" + lowKbps + " kbps) for a cap between them: " + measured);
        for (InetSocketAddress a : DemoPage.localCandidateAddresses(browsers.get("viewer"))) {
            relay.setClientProfile(Direction.DOWNLINK, a, ImpairmentProfile.NONE.withRateKbps(capKbps).withQueueMs(300));
        }
        // The estimate falls within seconds of the first losses; give the switch down and the keyframe time to settle.
        await("the throttled viewer on the low layer", Duration.ofSeconds(30),
                () -> "q".equals(layer("viewer")));
        Thread.sleep(3_000);
        long switchesBefore = layerSwitches("viewer");
        Map<String, JsonNode> start = inbound();
        long windowStart = System.nanoTime();
        StringBuilder trace = new StringBuilder();
        StringBuilder presenterTrace = new StringBuilder();
        int samples = 16;
        int presenterAboveLow = 0;
        for (int i = 0; i < samples; i++) {
            double at = (System.nanoTime() - windowStart) / 1e9;
            trace.append(sample(at, serverStats("viewer").path("subscriber"), layer("viewer")));
            String presenterNow = layer("presenter");
            if (!"q".equals(presenterNow) && !presenterNow.isEmpty()) presenterAboveLow++;
            presenterTrace.append(sample(at, serverStats("presenter").path("subscriber"), presenterNow));
            Thread.sleep(500);
        }
        System.out.println("viewer estimate/acked and layer while capped: " + trace);
        System.out.println("presenter estimate/acked and layer meanwhile: " + presenterTrace);
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        Map<String, JsonNode> end = inbound();
        double viewerFps = rate(start, end, "viewer<-presenter", "framesDecoded", seconds);
        long viewerFreezes = delta(start, end, "viewer<-presenter", "freezeCount");
        int viewerHeight = end.get("viewer<-presenter").path("frameHeight").asInt();
        String presenterLayer = layer("presenter");
        long switches = layerSwitches("viewer") - switchesBefore;
        String viewerLayer = layer("viewer");
        String throttled = describe();
        System.out.printf("before the cap: %s%nthrottled (8 s window): viewer %.1f fps, %d freezes, %d lines,"
                + " %d layer switches; %s%n"
                + "relay %s%n", before, viewerFps, viewerFreezes, viewerHeight, switches, throttled, relay.stats());
        assertTrue(viewerFps >= 10, "the throttled viewer decodes " + viewerFps + " fps: " + throttled);
        assertTrue(viewerFreezes == 0, "the throttled viewer froze " + viewerFreezes + " times: " + throttled);
        assertTrue("q".equals(viewerLayer), "the throttled viewer is on " + viewerLayer + ": " + throttled);
        assertTrue(switches == 0, "the throttled viewer's layer changed " + switches + " times: " + throttled);
        // The unthrottled page keeps the tallest layer its tile asks for through the window. Sampled rather than read
        // once: on a starved machine (the suite's load on 2 cores) its own path may show a moment of queuing delay,
        // and GCC rightly backs off for a second or two; what matters is that the viewer's cap does not pull it down.
        assertTrue(presenterAboveLow * 4 >= samples * 3, "the unthrottled page got the low layer in "
                + (samples - presenterAboveLow) + " of " + samples + " samples (now '" + presenterLayer + "'): "
                + presenterTrace + "; " + throttled + "; publisher " + publisherEncodings("viewer"));

        for (InetSocketAddress a : DemoPage.localCandidateAddresses(browsers.get("viewer"))) {
            relay.setClientProfile(Direction.DOWNLINK, a, ImpairmentProfile.NONE);
        }
        long lifted = System.nanoTime();
        Map<String, JsonNode> atLift = inbound();
        StringBuilder liftTrace = new StringBuilder();
        for (int i = 0; i < 50 && "q".equals(layer("viewer")); i++) {
            JsonNode sub = serverStats("viewer").path("subscriber");
            JsonNode v = inbound().get("viewer<-presenter");
            liftTrace.append(String.format("%.1fs:%dk/%dk loss %.3f %s frz=%d dec=%d ", (System.nanoTime() - lifted) / 1e9,
                    sub.path("estimatedBandwidthBps").asLong() / 1000, sub.path("acknowledgedBitrateBps").asLong() / 1000,
                    sub.path("lossFraction").asDouble(), layer("viewer"), v.path("freezeCount").asLong(),
                    v.path("framesDecoded").asLong())).append(publisherEncodings("presenter")).append(" | ");
            Thread.sleep(200);
        }
        System.out.println("viewer after the lift: " + liftTrace);
        // Probing (padding on the RTX stream) shows the estimator the room in steps of up to 1.5x; measured here
        // 2-5 s (printed below, with the estimate's trace).
        await("the viewer back above the low layer", Duration.ofSeconds(10), () -> !"q".equals(layer("viewer")));
        double upSeconds = (System.nanoTime() - lifted) / 1e9;
        StringBuilder timeline = new StringBuilder();
        long tlEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < tlEnd) {
            JsonNode v = inbound().get("viewer<-presenter");
            timeline.append(String.format("%.2fs:%s dec=%d frz=%d h=%d drop=%d nack=%d lost=%d pli=%d | ",
                    (System.nanoTime() - lifted) / 1e9, layer("viewer"), v.path("framesDecoded").asLong(),
                    v.path("freezeCount").asLong(), v.path("frameHeight").asInt(), v.path("framesDropped").asLong(),
                    v.path("nackCount").asLong(), v.path("packetsLost").asLong(), v.path("pliCount").asLong()));
            Thread.sleep(100);
        }
        System.out.println("TIMELINE " + timeline);
        Map<String, JsonNode> afterLift = inbound();
        long freezesAfterLift = delta(atLift, afterLift, "viewer<-presenter", "freezeCount");
        System.out.printf("cap lifted: the viewer moved up after %.1f s, %d freezes since; %s%n", upSeconds,
                freezesAfterLift, describe());
        assertTrue(freezesAfterLift == 0, "the viewer froze " + freezesAfterLift + " times moving up: " + describe());
        // The operators' view of the same: estimates sampled once a second, the capped ones in the low buckets.
        String metrics = new String(new java.net.URL("http://127.0.0.1:" + server.httpPort() + "/metrics").openStream()
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        double low = metricValue(metrics, "patchbay_subscriber_estimate_bps_bucket{le=\"300000.0\"}");
        double all = metricValue(metrics, "patchbay_subscriber_estimate_bps_count");
        System.out.printf("estimates sampled: %.0f, at most 300 kbps: %.0f%n", all, low);
        assertTrue(low > 0 && all > low, "the estimate histogram: " + low + " low of " + all);
    }

    /** What {@code name}'s page sends per video rid and of audio, in kbps with headers, measured over {@code window}. */
    private Map<String, Double> sentKbps(String name, Duration window) throws Exception {
        JsonNode first = JSON.readTree((String) browsers.get(name).asyncScript(SENT_BYTES_JS));
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        JsonNode last = JSON.readTree((String) browsers.get(name).asyncScript(SENT_BYTES_JS));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> out = new java.util.TreeMap<>();
        last.fieldNames().forEachRemaining(k ->
                out.put(k, Math.round((last.path(k).asLong() - first.path(k).asLong()) * 8 / seconds / 100) / 10.0));
        return out;
    }

    private static String sample(double atSeconds, JsonNode subscriber, String layer) {
        return String.format("%.1fs:%dk/%dk %s ", atSeconds, subscriber.path("estimatedBandwidthBps").asLong() / 1000,
                subscriber.path("acknowledgedBitrateBps").asLong() / 1000, layer);
    }

    /** What {@code name}'s page sends of its video: per encoding, the rid, height, frame rate and what limits it. */
    private String publisherEncodings(String name) {
        try {
            return (String) browsers.get(name).asyncScript(PUBLISHER_JS);
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static double metricValue(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        return -1;
    }

    private void open(String name, String room) throws Exception {
        // A full-HD window: two tiles of about 940x530, so the demo asks for the 360-line layer (at 1280x800 the
        // tiles are under 360 lines high and the 180-line layer is all they want).
        HeadlessChromium b = HeadlessChromium.launch(name, List.of("--window-size=1920,1080"));
        browsers.put(name, b);
        b.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room + "&name=" + name + "&autojoin=1");
    }

    /** How often the layer the server forwards to {@code name} changed. */
    private long layerSwitches(String name) {
        for (JsonNode t : serverStats(name).path("subscriber").path("tracks")) {
            if ("video".equals(t.path("kind").asText())) return t.path("layerSwitches").asLong();
        }
        return -1;
    }

    /** The simulcast layer the server forwards to {@code name} of the other page's video, or "". */
    private String layer(String name) {
        JsonNode stats = serverStats(name);
        for (JsonNode t : stats.path("subscriber").path("tracks")) {
            if ("video".equals(t.path("kind").asText())) return t.path("layer").asText("");
        }
        return "";
    }

    private JsonNode serverStats(String name) {
        try {
            return JSON.readTree((String) browsers.get(name).asyncScript(SERVER_STATS_JS));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String describe() {
        StringBuilder out = new StringBuilder();
        Map<String, JsonNode> in = inbound();
        for (String name : browsers.keySet()) {
            JsonNode sub = serverStats(name).path("subscriber");
            out.append(String.format("%s: estimate %d kbps, layer %s; ", name,
                    sub.path("estimatedBandwidthBps").asLong(-1000) / 1000, layer(name)));
        }
        in.forEach((pair, s) -> out.append(String.format("%s %dx%d %s fps, %d freezes; ", pair,
                s.path("frameWidth").asInt(), s.path("frameHeight").asInt(), s.path("framesPerSecond").asText(),
                s.path("freezeCount").asLong())));
        return out.toString();
    }

    /** receiver<-sender -> the receiver's inbound video stats of the sender's track. */
    private Map<String, JsonNode> inbound() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, HeadlessChromium> e : browsers.entrySet()) {
            try {
                for (JsonNode s : JSON.readTree((String) e.getValue().asyncScript(INBOUND_JS))) {
                    String sender = s.path("participantName").asText("");
                    if (!sender.isEmpty() && "video".equals(s.path("kind").asText())) out.put(e.getKey() + "<-" + sender, s);
                }
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }
        return out;
    }

    private static double rate(Map<String, JsonNode> a, Map<String, JsonNode> b, String pair, String field, double s) {
        return delta(a, b, pair, field) / s;
    }

    private static long delta(Map<String, JsonNode> a, Map<String, JsonNode> b, String pair, String field) {
        return b.get(pair).path(field).asLong() - a.get(pair).path(field).asLong();
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) return;
            Thread.sleep(250); // polling browser stats
        }
        fail("timed out after " + timeout + " waiting for: " + what);
    }
}
