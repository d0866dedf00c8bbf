package io.patchbay.signaling.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A call between Chromium (the demo page, Selenium) and Firefox ({@code src/test/node/firefox-participant.mjs},
 * puppeteer-core over WebDriver BiDi) through a server whose media is on one LAN address: each must decode the other's
 * video. Run by
 * {@link FirefoxInteropBrowserTest} through {@link #main} in a child JVM inside a network namespace with a veth pair,
 * because Firefox gathers no ICE candidates when only loopback exists (TESTING.md). Throws on failure.
 */
final class FirefoxCall {
    static final String RESULT_PREFIX = "FIREFOXCALL-RESULT ";
    static final Path DRIVER = Path.of("src/test/node/firefox-participant.mjs");
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private FirefoxCall() {
    }

    /** What the call needs besides root: Firefox ESR, node and the driver's npm packages; empty when all are there. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(FIREFOX)) missing.add("Debian's firefox-esr (apt-get install firefox-esr)");
        if (!Files.isDirectory(DRIVER.resolveSibling("node_modules/puppeteer-core"))) {
            missing.add("puppeteer-core (npm ci --prefix sfu-signaling/src/test/node)");
        }
        return missing;
    }

    /**
     * Media on {@code address}; signaling and the page on 127.0.0.1, where both browsers give the page a camera
     * (a secure context; plain http at another address is not one).
     */
    static String run(String address) throws Exception {
        try (PatchbayServer server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1")
                .withHttpPort(0).withMediaPort(0).withBindAddresses(List.of(address)));
             DemoPage chromium = DemoPage.open("interop-chromium", "http://127.0.0.1:" + server.httpPort(),
                     "interop")) {
            DemoPage.JoinOutcome joined = chromium.joinAndAwaitMedia(0, Duration.ofSeconds(15));
            if (!joined.ok()) throw new AssertionError("Chromium did not join and publish: " + joined.raw());
            String self = joined.participantId();
            Process firefox = new ProcessBuilder("node", DRIVER.toString(), "http://127.0.0.1:" + server.httpPort(),
                    "interop", "firefox", "1", Long.toString(TIMEOUT.toSeconds())).redirectErrorStream(true).start();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            Thread reader = NetworkNamespace.echo(firefox, "firefox", output);
            try {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                long fromFirefox = 0;
                while (fromFirefox < 15 && System.nanoTime() < deadline && firefox.isAlive()) {
                    fromFirefox = framesFromOthers(chromium.snapshot(), self);
                    Thread.sleep(200); // polling the page
                }
                double joinToFrameMs = joinToFirstFrameMs(chromium.events(), "firefox");
                if (!firefox.waitFor(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the Firefox participant did not end: " + tail(output));
                }
                reader.join(5000);
                String result = line(output, "FIREFOX-RESULT ");
                if (result == null) throw new AssertionError("no result from Firefox: " + tail(output));
                JsonNode firefoxSide = DemoPage.parse(result.substring("FIREFOX-RESULT ".length()));
                if (fromFirefox < 15) {
                    throw new AssertionError("Chromium decoded " + fromFirefox + " frames of Firefox's video: "
                            + chromium.describe() + "\nFirefox: " + tail(output));
                }
                if (firefox.exitValue() != 0) throw new AssertionError("Firefox did not decode Chromium: " + result);
                JsonNode inbound = firefoxSide.path("inbound").get(0);
                JsonNode timing = firefoxSide.path("timing");
                return String.format("Chromium showed Firefox's video %.0f ms after Firefox joined; Firefox decoded "
                        + "Chromium's %s (%d frames, %d lines; first frame %d ms after its join call); Firefox sent "
                        + "%s; errors %s", joinToFrameMs, inbound.path("codec").asText(),
                        inbound.path("framesDecoded").asInt(), inbound.path("frameHeight").asInt(),
                        timing.path("firstRemoteFrame").asLong() - timing.path("joinStarted").asLong(),
                        firefoxSide.path("outbound"), firefoxSide.path("errors"));
            } finally {
                NetworkNamespace.stopTree(firefox);
            }
        }
    }

    /** From the page's events: {@code participantjoined} of {@code name} to the first frame of its video (ms). */
    private static double joinToFirstFrameMs(JsonNode events, String name) {
        String id = null;
        double joinedAt = Double.NaN;
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("participantjoined") && name.equals(e.path("name").asText())) {
                id = e.path("participantId").asText();
                joinedAt = e.path("t").asDouble();
            }
            if (id != null && e.path("type").asText().equals("firstframe")
                    && id.equals(e.path("participantId").asText())) {
                return e.path("t").asDouble() - joinedAt;
            }
        }
        throw new AssertionError("no join and first frame of " + name + " among the page's events: " + events);
    }

    private static long framesFromOthers(JsonNode snapshot, String self) {
        long frames = 0;
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = snapshot.path("frames").fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(self)) frames = Math.max(frames, e.getValue().asLong());
        }
        return frames;
    }

    private static String line(List<String> output, String prefix) {
        synchronized (output) {
            return output.stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElse(null);
        }
    }

    private static String tail(List<String> output) {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size()));
        }
    }

    /** {@code FirefoxCall ADDRESS}: prints {@link #RESULT_PREFIX} and exits 0, else 1. */
    public static void main(String[] args) {
        int exit;
        try {
            System.out.println(RESULT_PREFIX + run(args[0]));
            exit = 0;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }
}
