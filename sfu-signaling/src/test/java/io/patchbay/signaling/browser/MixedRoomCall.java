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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One room with four WebRTC stacks, each a publisher and a subscriber: Chromium (the demo page, Selenium), Firefox
 * ({@code src/test/node/firefox-participant.mjs}, puppeteer-core over WebDriver BiDi), native libwebrtc and werift
 * ({@code src/test/node/node-participant.mjs}, /patchbay.js in Node on @roamhq/wrtc and on werift), each sending
 * another video codec ({@link Round#sends}), in three rounds that rotate the codecs, then in three rounds without
 * Firefox for the variants it lacks (VP9 profile 2 with native and werift; H264 Constrained Baseline and Main with
 * werift, which the wrtc build lacks too). Every participant must get every
 * other's video in the codec it was sent in,
 * decoded (Chromium, Firefox, native) or, for werift, which has no decoder, as whole frames, and its audio. Media on
 * one LAN address; run by {@link MixedRoomInteropBrowserTest} through {@link #main} in a child JVM inside a network
 * namespace with a veth pair, because Firefox gathers no ICE candidates when only loopback exists (TESTING.md).
 * Prints the matrix (receiver x sender: frames, codec, audio); throws on a missing cell.
 */
final class MixedRoomCall {
    static final String RESULT_PREFIX = "MIXEDROOM-RESULT ";
    private static final String PROGRESS_PREFIX = "PROGRESS ";
    static final Path NODE_DIR = Path.of("src/test/node");
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    static final List<String> CLIENTS = List.of("chromium", "firefox", "native", "werift");
    /**
     * One call: the video codec each one publishes, so that the room mixes them (every client then decodes the three
     * codecs that all four stacks share), and whose video werift republishes (it has no encoder).
     */
    record Round(String name, Map<String, String> sends, String weriftEchoes, List<String> clients) {
        /** All four clients. */
        Round(String name, Map<String, String> sends, String weriftEchoes) {
            this(name, sends, weriftEchoes, CLIENTS);
        }

        /** werift's option: the participant it echoes and the codec it negotiates first (what it then sends). */
        String weriftOption() {
            return weriftEchoes + "/" + sends.get("werift");
        }

        /** The mime type {@code sender} sends ({@code video/VP9} of {@code VP9;profile-id=2}). */
        String mimeType(String sender) {
            return "video/" + sends.get(sender).split(";", 2)[0];
        }

        /** The format parameters that name the variant {@code sender} sends ({@code profile-id=2}), or "". */
        String variant(String sender) {
            String[] spec = sends.get(sender).split(";", 2);
            return spec.length > 1 ? spec[1] : "";
        }
    }

    /**
     * Three rounds in a Latin square, so that each stack sends and receives all three codecs they share: VP8, VP9 and
     * AV1 (H264 is not in Debian's Firefox nor in the wrtc build).
     */
    static final List<Round> ROUNDS = List.of(
            new Round("a", Map.of("chromium", "VP8", "firefox", "VP9", "native", "AV1", "werift", "VP8"), "chromium"),
            new Round("b", Map.of("chromium", "AV1", "firefox", "VP8", "native", "VP9", "werift", "VP9"), "native"),
            new Round("c", Map.of("chromium", "VP9", "firefox", "AV1", "native", "VP8", "werift", "AV1"), "firefox"),
            // Variants Firefox cannot decode (it would make the room move the publishers to another codec), and H264,
            // which neither Firefox nor the wrtc build has: rooms without them.
            new Round("d", Map.of("chromium", "VP9;profile-id=2", "native", "VP9;profile-id=2",
                    "werift", "VP9;profile-id=2"), "native", List.of("chromium", "native", "werift")),
            new Round("e", Map.of("chromium", "H264", "werift", "H264"), "chromium", List.of("chromium", "werift")),
            new Round("f", Map.of("chromium", "H264;profile-level-id=4d001f", "werift", "H264;profile-level-id=4d001f"),
                    "chromium", List.of("chromium", "werift")));
    /** Frames of a video that count as decoding it (about 1 s at the cameras' 15-30 fps). */
    static final int FRAMES_WANTED = 15;
    /** Audio that counts as received: 1 s of Opus packets (20 ms) or of native's decoded 10 ms frames. */
    static final int AUDIO_WANTED = 50;
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

    /** Frames decoded, codec and audio packets per sender name, from the page's /patchbay.js statistics. */
    private static final String DECODED_BY_SENDER_JS = """
            const done = arguments[arguments.length - 1];
            const room = window.patchbay && window.patchbay.room;
            if (!room) { done('{}'); return; }
            room.getStats().then((stats) => {
              const out = {};
              for (const s of stats) {
                if (!s.participantName) continue;
                const o = out[s.participantName] = out[s.participantName] || { frames: 0, audio: 0 };
                if (s.kind === 'video') {
                  Object.assign(o, { frames: s.framesDecoded || 0, codec: s.codec, codecFmtp: s.codecFmtp });
                }
                else o.audio = s.packetsReceived || 0;
              }
              done(JSON.stringify(out));
            }, () => done('{}'));
            """;

    /** A participant in a process of its own, its output kept. */
    private record Client(String name, Process process, List<String> output, String resultPrefix) {
        static Client start(String name, String resultPrefix, String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            NetworkNamespace.echo(p, name, output);
            return new Client(name, p, output, resultPrefix);
        }

        JsonNode result() {
            return last(resultPrefix);
        }

        /** What it got so far, per sender ({@code {name: {frames, codec, audio}}}), from its last progress line. */
        JsonNode progress() {
            JsonNode p = last(PROGRESS_PREFIX);
            return p == null ? JsonNodeFactory.instance.objectNode() : p;
        }

        /** Everything it got, per sender, from its result. */
        JsonNode received() {
            JsonNode r = result();
            if (r == null) return null;
            return name.equals("firefox") ? r.path("decodedFrom") : r.path("received");
        }

        /** Asks it to leave (its standard input ends). */
        void leave() {
            try {
                process.getOutputStream().close();
            } catch (java.io.IOException e) {
                // Gone already.
            }
        }

        private JsonNode last(String prefix) {
            synchronized (output) {
                return output.stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                        .map(l -> DemoPage.parse(l.substring(prefix.length()))).orElse(null);
            }
        }

        /** Its last 12 lines other than progress, and its last progress line. */
        String tail() {
            synchronized (output) {
                List<String> said = output.stream().filter(l -> !l.startsWith(PROGRESS_PREFIX)).toList();
                List<String> tail = new ArrayList<>(said.subList(Math.max(0, said.size() - 12), said.size()));
                output.stream().filter(l -> l.startsWith(PROGRESS_PREFIX)).reduce((a, b) -> b).ifPresent(tail::add);
                return String.join("\n", tail);
            }
        }
    }

    /**
     * Media on {@code address}; signaling and the pages on 127.0.0.1, where both browsers give the page a camera
     * (a secure context; plain http at another address is not one). Returns the frames matrix as JSON
     * ({@code {"receiver": {"sender": frames}}}, with each receiver's codecs) once every cell has
     * {@link #FRAMES_WANTED}; throws with the matrix and the clients' output otherwise.
     */
    static String run(String address, Round round) throws Exception {
        String room = "interop-" + round.name();
        try (PatchbayServer server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1")
                .withHttpPort(0).withMediaPort(0).withBindAddresses(List.of(address)))) {
            String http = "http://127.0.0.1:" + server.httpPort();
            String ws = "ws://127.0.0.1:" + server.httpPort() + "/ws";
            String others = Integer.toString(round.clients().size() - 1);
            String seconds = Long.toString(TIMEOUT.toSeconds());
            List<Client> clients = new ArrayList<>();
            DemoPage chromium = null;
            try {
                // The clients start first and Chromium meanwhile: their start-ups (a browser, Node and a WebRTC
                // stack each) overlap.
                if (round.clients().contains("firefox")) {
                    clients.add(Client.start("firefox", "FIREFOX-RESULT ", "node",
                            NODE_DIR.resolve("firefox-participant.mjs").toString(), http, room, "firefox", others,
                            seconds, round.sends().get("firefox")));
                }
                if (round.clients().contains("native")) {
                    clients.add(Client.start("native", "NODE-RESULT ", "node",
                            NODE_DIR.resolve("node-participant.mjs").toString(), "native", ws, room, "native", others,
                            seconds, round.sends().get("native")));
                }
                clients.add(Client.start("werift", "NODE-RESULT ", "node",
                        NODE_DIR.resolve("node-participant.mjs").toString(), "werift", ws, room, "werift", others,
                        seconds, round.weriftOption()));
                chromium = DemoPage.open("chromium", http, room, List.of(), "&codec="
                        + java.net.URLEncoder.encode(round.sends().get("chromium"), java.nio.charset.StandardCharsets.UTF_8));
                DemoPage.JoinOutcome joined = chromium.joinAndAwaitMedia(0, Duration.ofSeconds(15));
                if (!joined.ok()) throw new AssertionError("Chromium did not join and publish: " + joined.raw());
                JsonNode chromiumDecoded = awaitEveryCell(chromium, clients, round);
                String serverView = serverView(http, room);
                // Everyone leaves together, once every cell is there (or time is up): whoever left first would
                // otherwise take its media away from those still counting.
                clients.forEach(Client::leave);
                for (Client c : clients) {
                    if (!c.process().waitFor(60, TimeUnit.SECONDS)) {
                        throw new AssertionError(c.name() + " did not end:\n" + c.tail());
                    }
                }
                ObjectNode matrix = matrix(chromiumDecoded, clients, Client::received);
                List<String> missingCells = missingCells(matrix, round);
                if (!missingCells.isEmpty()) {
                    StringBuilder why = new StringBuilder("missing cells (" + FRAMES_WANTED + " frames in the codec "
                            + "sent, " + AUDIO_WANTED + " audio packets): " + missingCells + "\nmatrix " + matrix
                            + "\nserver's view of each subscriber (before they left): " + serverView
                            + "\nserver: " + JoinLoop.serverCounters(http) + "\nchromium: " + chromium.describe());
                    for (Client c : clients) why.append("\n").append(c.name()).append(":\n").append(c.tail());
                    throw new AssertionError(why.toString());
                }
                System.out.println("server's view of each subscriber: " + serverView);
                return matrix.toString();
            } finally {
                for (Client c : clients) NetworkNamespace.stopTree(c.process());
                if (chromium != null) chromium.close();
            }
        }
    }

    /**
     * Per participant, what the server sends it: its estimate of the participant's bandwidth and, per video it
     * receives, the sender, packets, bitrate and simulcast layer ({@code REST GET .../participants/{id}}).
     */
    private static String serverView(String http, String room) {
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.util.function.Function<String, JsonNode> get = path -> {
                try {
                    return DemoPage.parse(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            http + "/api/v1/rooms/" + room + path)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            Map<String, String> names = new java.util.HashMap<>();
            JsonNode participants = get.apply("/participants").path("participants");
            participants.forEach(p -> names.put(p.path("id").asText(), p.path("name").asText()));
            StringBuilder view = new StringBuilder();
            for (JsonNode p : participants) {
                JsonNode sub = get.apply("/participants/" + p.path("id").asText()).path("stats").path("subscriber");
                view.append("\n  ").append(p.path("name").asText()).append(": estimate ")
                        .append(sub.path("estimatedBandwidthBps").asLong() / 1000).append(" kbps, rtt ")
                        .append(sub.path("rttMs").asText()).append(" ms");
                for (JsonNode t : sub.path("tracks")) {
                    if (!t.path("kind").asText().equals("video")) continue;
                    view.append("; <- ").append(names.getOrDefault(t.path("participantId").asText(), "?"))
                            .append(' ').append(t.path("packetsSent").asLong()).append(" pkts ")
                            .append(t.path("bitrateBps").asLong() / 1000).append(" kbps layer ")
                            .append(t.path("layer").asText("-")).append(" switches ")
                            .append(t.path("layerSwitches").asText()).append(" plis ")
                            .append(t.path("keyframeRequestsReceived").asText());
                }
            }
            return view.toString();
        } catch (RuntimeException e) {
            return "unavailable: " + e;
        }
    }

    /**
     * Polls Chromium's page and the clients' progress until every cell has its frames and audio or time is up; returns
     * Chromium's frames, codec and audio per sender name (each sender's best sample).
     */
    private static JsonNode awaitEveryCell(DemoPage chromium, List<Client> clients, Round round) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        ObjectNode best = JsonNodeFactory.instance.objectNode();
        while (System.nanoTime() < deadline && clients.stream().allMatch(c -> c.process().isAlive())) {
            DemoPage.parse(chromium.browser().asyncScript(DECODED_BY_SENDER_JS)).fields().forEachRemaining(e -> {
                if (e.getValue().path("frames").asLong() >= best.path(e.getKey()).path("frames").asLong(-1)) {
                    best.set(e.getKey(), e.getValue());
                }
            });
            if (missingCells(matrix(best, clients, Client::progress), round).isEmpty()) break;
            Thread.sleep(250); // polling the page
        }
        return best;
    }

    /**
     * The cells without {@link #FRAMES_WANTED} frames in the codec sent (and its variant, where the receiver reports
     * format parameters) or {@link #AUDIO_WANTED} audio.
     */
    private static List<String> missingCells(ObjectNode matrix, Round round) {
        List<String> missing = new ArrayList<>();
        for (String receiver : round.clients()) {
            for (String sender : round.clients()) {
                if (receiver.equals(sender)) continue;
                JsonNode cell = matrix.path(receiver).path(sender);
                String codec = cell.path("codec").asText("");
                String fmtp = cell.path("codecFmtp").asText("");
                String variant = round.variant(sender);
                if (cell.path("audio").asLong(0) < AUDIO_WANTED) missing.add(receiver + " <- " + sender + ": audio");
                if (cell.path("frames").asLong(0) < FRAMES_WANTED) {
                    missing.add(receiver + " <- " + sender + ": frames");
                } else if (!codec.isEmpty() && !codec.equalsIgnoreCase(round.mimeType(sender))) {
                    missing.add(receiver + " <- " + sender + ": " + codec + " instead of " + round.sends().get(sender));
                } else if (!fmtp.isEmpty() && !variant.isEmpty() && !fmtp.contains(variant)) {
                    missing.add(receiver + " <- " + sender + ": " + codec + " " + fmtp + " instead of "
                            + round.sends().get(sender));
                }
            }
        }
        return missing;
    }

    /**
     * {@code {receiver: {sender: {frames, codec, audio}}, ...}} from the page and what each client reports
     * ({@code received}: its progress or its result; codec null where the receiver does not report it); a client
     * without a report has {@code errors}.
     */
    private static ObjectNode matrix(JsonNode chromiumDecoded, List<Client> clients,
                                     java.util.function.Function<Client, JsonNode> received) {
        ObjectNode matrix = JsonNodeFactory.instance.objectNode();
        matrix.set("chromium", chromiumDecoded.deepCopy());
        for (Client c : clients) {
            ObjectNode row = matrix.putObject(c.name());
            JsonNode bySender = received.apply(c);
            if (bySender == null) {
                row.put("errors", "no result; exit " + (c.process().isAlive() ? "none" : c.process().exitValue()));
                continue;
            }
            bySender.fields().forEachRemaining(e -> {
                if (!CLIENTS.contains(e.getKey())) return; // e.g. Firefox's "_sending"
                // native: what its decoder output (libwebrtc's statistics), where its sink shows less (10-bit frames).
                long frames = Math.max(e.getValue().path("frames").asLong(),
                        e.getValue().path("framesDecodedByStats").asLong(0));
                ObjectNode cell = row.putObject(e.getKey()).put("frames", frames)
                        .put("audio", e.getValue().path("audio").asLong());
                cell.set("codec", e.getValue().path("codec"));
                cell.set("codecFmtp", e.getValue().path("codecFmtp"));
            });
            JsonNode result = c.result();
            if (result != null && !result.path("errors").isEmpty()) row.set("errors", result.path("errors"));
        }
        return matrix;
    }

    /**
     * {@code MixedRoomCall ADDRESS}: every round, one after the other; prints {@link #RESULT_PREFIX} and the matrices
     * by round name ({@code {"a": matrix, "b": matrix}}), exits 0; else 1 at the first round with a missing cell.
     */
    public static void main(String[] args) {
        NetworkNamespace.childMain(RESULT_PREFIX, () -> {
            ObjectNode byRound = JsonNodeFactory.instance.objectNode();
            for (Round round : ROUNDS) {
                String matrix = run(args[0], round);
                System.out.println("round " + round.name() + " " + round.sends() + ": " + matrix);
                byRound.set(round.name(), DemoPage.parse(matrix));
            }
            return byRound.toString();
        });
    }
}
