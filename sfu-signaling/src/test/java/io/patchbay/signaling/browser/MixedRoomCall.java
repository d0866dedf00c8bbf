package io.patchbay.signaling.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One room with four WebRTC stacks, each a publisher and a subscriber: Chromium (the demo page, Selenium), Firefox
 * ({@code src/test/node/firefox-participant.mjs}, puppeteer-core over WebDriver BiDi), native libwebrtc and werift
 * ({@code src/test/node/node-participant.mjs}, /patchbay.js in Node on @roamhq/wrtc and on werift). Every participant
 * must get every other's video: decoded (Chromium, Firefox, native) or, for werift, which has no decoder, as whole
 * VP8 frames. Media on one LAN address; run by {@link MixedRoomInteropBrowserTest} through {@link #main} in a child
 * JVM inside a network namespace with a veth pair, because Firefox gathers no ICE candidates when only loopback
 * exists (TESTING.md). Prints the matrix of frames (receiver x sender); throws on a missing cell.
 */
final class MixedRoomCall {
    static final String RESULT_PREFIX = "MIXEDROOM-RESULT ";
    static final Path NODE_DIR = Path.of("src/test/node");
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    static final List<String> CLIENTS = List.of("chromium", "firefox", "native", "werift");
    /** Frames of a video that count as decoding it (about 1 s at the cameras' 15-30 fps). */
    static final int FRAMES_WANTED = 15;
    private static final String ROOM = "interop";
    private static final Duration TIMEOUT = Duration.ofSeconds(75);

    private MixedRoomCall() {
    }

    /** What the call needs besides root: Firefox ESR, node and the drivers' npm packages; empty when all are there. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(FIREFOX)) missing.add("Debian's firefox-esr (apt-get install firefox-esr)");
        for (String module : List.of("puppeteer-core", "@roamhq/wrtc", "werift", "ws")) {
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(module))) {
                missing.add(module + " (npm ci --prefix sfu-signaling/src/test/node)");
            }
        }
        return missing;
    }

    /** A participant in a process of its own, its output kept. */
    private record Client(String name, Process process, List<String> output, String resultPrefix) {
        static Client start(String name, String resultPrefix, String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            NetworkNamespace.echo(p, name, output);
            return new Client(name, p, output, resultPrefix);
        }

        JsonNode result() {
            synchronized (output) {
                return output.stream().filter(l -> l.startsWith(resultPrefix)).reduce((a, b) -> b)
                        .map(l -> DemoPage.parse(l.substring(resultPrefix.length()))).orElse(null);
            }
        }

        String tail() {
            synchronized (output) {
                return String.join("\n", output.subList(Math.max(0, output.size() - 25), output.size()));
            }
        }
    }

    /**
     * Media on {@code address}; signaling and the pages on 127.0.0.1, where both browsers give the page a camera
     * (a secure context; plain http at another address is not one). Returns the frames matrix as JSON
     * ({@code {"receiver": {"sender": frames}}}, with each receiver's codecs) once every cell has
     * {@link #FRAMES_WANTED}; throws with the matrix and the clients' output otherwise.
     */
    static String run(String address) throws Exception {
        try (PatchbayServer server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1")
                .withHttpPort(0).withMediaPort(0).withBindAddresses(List.of(address)));
             DemoPage chromium = DemoPage.open("chromium", "http://127.0.0.1:" + server.httpPort(), ROOM)) {
            DemoPage.JoinOutcome joined = chromium.joinAndAwaitMedia(0, Duration.ofSeconds(15));
            if (!joined.ok()) throw new AssertionError("Chromium did not join and publish: " + joined.raw());
            String http = "http://127.0.0.1:" + server.httpPort();
            String ws = "ws://127.0.0.1:" + server.httpPort() + "/ws";
            String others = Integer.toString(CLIENTS.size() - 1);
            String seconds = Long.toString(TIMEOUT.toSeconds());
            List<Client> clients = new ArrayList<>();
            try {
                clients.add(Client.start("firefox", "FIREFOX-RESULT ", "node",
                        NODE_DIR.resolve("firefox-participant.mjs").toString(), http, ROOM, "firefox", others, seconds));
                for (String stack : List.of("native", "werift")) {
                    clients.add(Client.start(stack, "NODE-RESULT ", "node",
                            NODE_DIR.resolve("node-participant.mjs").toString(), stack, ws, ROOM, stack, others,
                            seconds));
                }
                Map<String, Long> chromiumFrames = pollChromium(chromium, clients);
                for (Client c : clients) {
                    if (!c.process().waitFor(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                        throw new AssertionError(c.name() + " did not end:\n" + c.tail());
                    }
                }
                ObjectNode matrix = matrix(chromiumFrames, clients);
                List<String> missingCells = new ArrayList<>();
                for (String receiver : CLIENTS) {
                    for (String sender : CLIENTS) {
                        if (receiver.equals(sender)) continue;
                        if (matrix.path(receiver).path("frames").path(sender).asLong(0) < FRAMES_WANTED) {
                            missingCells.add(receiver + " <- " + sender);
                        }
                    }
                }
                if (!missingCells.isEmpty()) {
                    StringBuilder why = new StringBuilder("no video (fewer than " + FRAMES_WANTED + " frames): "
                            + missingCells + "\nmatrix " + matrix + "\nserver: " + JoinLoop.serverCounters(http)
                            + "\nchromium: " + chromium.describe());
                    for (Client c : clients) why.append("\n").append(c.name()).append(":\n").append(c.tail());
                    throw new AssertionError(why.toString());
                }
                return matrix.toString();
            } finally {
                for (Client c : clients) NetworkNamespace.stopTree(c.process());
            }
        }
    }

    /** Chromium's frames per sender name, polled until every other client has {@link #FRAMES_WANTED} or time is up. */
    private static Map<String, Long> pollChromium(DemoPage chromium, List<Client> clients) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, Long> frames = new HashMap<>();
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> c.process().isAlive())) {
            Map<String, String> names = new HashMap<>();
            for (JsonNode e : chromium.events()) {
                if (e.path("type").asText().equals("participantjoined")) {
                    names.put(e.path("participantId").asText(), e.path("name").asText());
                }
            }
            chromium.snapshot().path("frames").fields().forEachRemaining(
                    e -> frames.merge(names.getOrDefault(e.getKey(), e.getKey()), e.getValue().asLong(), Math::max));
            if (clients.stream().allMatch(c -> frames.getOrDefault(c.name(), 0L) >= FRAMES_WANTED)) break;
            Thread.sleep(250); // polling the page
        }
        return frames;
    }

    /** {@code {receiver: {frames: {sender: n}, codecs: [...], errors: ...}}} from the page and the clients' results. */
    private static ObjectNode matrix(Map<String, Long> chromiumFrames, List<Client> clients) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode matrix = f.objectNode();
        ObjectNode chromiumRow = matrix.putObject("chromium");
        chromiumFrames.forEach(chromiumRow.putObject("frames")::put);
        for (Client c : clients) {
            ObjectNode row = matrix.putObject(c.name());
            ObjectNode frames = row.putObject("frames");
            JsonNode result = c.result();
            if (result == null) {
                row.put("error", "no result; exit " + (c.process().isAlive() ? "none" : c.process().exitValue()));
                continue;
            }
            if (c.name().equals("firefox")) {
                result.path("decodedFrom").fields().forEachRemaining(e -> frames.put(e.getKey(), e.getValue().asLong()));
                for (JsonNode in : result.path("inbound")) row.withArray("codecs").add(in.path("codec").asText());
            } else {
                result.path("received").fields().forEachRemaining(
                        e -> frames.put(e.getKey(), e.getValue().path("frames").asLong()));
            }
            row.set("errors", result.path("errors"));
        }
        return matrix;
    }

    /** {@code MixedRoomCall ADDRESS}: prints {@link #RESULT_PREFIX} and the matrix, exits 0; else 1. */
    public static void main(String[] args) {
        NetworkNamespace.childMain(RESULT_PREFIX, () -> run(args[0]));
    }
}
