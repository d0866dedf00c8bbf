package io.patchbay.signaling.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The README's interop table (client x codec x direction), written by the tests that prove its cells: a test that
 * passed records what it showed ({@link #record}), one file per test under {@code target/interop/}, and the table is
 * rendered again from every file there into {@code target/interop/table.md}
 * ({@code load-tests/scripts/interop-table.sh} puts it into the README). A cell nobody proved in this build stays
 * empty; cells a client cannot do at all carry the reason instead.
 */
final class InteropTable {
    static final Path DIR = Path.of("target/interop");

    enum Client {
        CHROMIUM("Chromium"), FIREFOX("Firefox ESR"), NATIVE("native libwebrtc (`@roamhq/wrtc`)"), WERIFT("werift");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    enum Codec {
        VP8("VP8"), VP9("VP9"), VP9_PROFILE_2("VP9 profile 2"), H264_CB("H264 Constrained Baseline"),
        H264_MAIN("H264 Main"), AV1("AV1"), OPUS("Opus");

        final String label;

        Codec(String label) {
            this.label = label;
        }

        /** The codec of a mime type and format parameters ({@code video/VP9}, {@code profile-id=2}), or null. */
        static Codec of(String mimeType, String fmtp) {
            String f = fmtp == null ? "" : fmtp;
            return switch (mimeType.toLowerCase(java.util.Locale.ROOT)) {
                case "video/vp8" -> VP8;
                case "video/vp9" -> f.contains("profile-id=2") ? VP9_PROFILE_2 : VP9;
                case "video/av1" -> AV1;
                case "audio/opus" -> OPUS;
                case "video/h264" -> f.contains("profile-level-id=4d") ? H264_MAIN : H264_CB;
                default -> null;
            };
        }
    }

    enum Direction { SENDS, RECEIVES }

    /** One proven cell: the client sent (a peer decoded it) or received (decoded) this codec; {@code proof} names the test. */
    record Cell(Client client, Codec codec, Direction direction, String proof) {
        String line() {
            return client + "\t" + codec + "\t" + direction + "\t" + proof;
        }

        static Cell parse(String line) {
            String[] f = line.split("\t", 4);
            return new Cell(Client.valueOf(f[0]), Codec.valueOf(f[1]), Direction.valueOf(f[2]), f[3]);
        }
    }

    /** Cells a client cannot do at all, and why. */
    static final Map<Client, Map<Codec, String>> CANNOT = Map.of(
            Client.FIREFOX, Map.of(Codec.H264_CB, "no H264 in Debian's build (OpenH264 is a download)",
                    Codec.H264_MAIN, "no H264 in Debian's build (OpenH264 is a download)",
                    Codec.VP9_PROFILE_2, "VP9 profile 0 only (its capabilities list no profile-id=2)"),
            Client.NATIVE, Map.of(Codec.H264_CB, "not in the @roamhq/wrtc build (VP8, VP9, AV1 only)",
                    Codec.H264_MAIN, "not in the @roamhq/wrtc build (VP8, VP9, AV1 only)"));

    private InteropTable() {
    }

    /** Records what test {@code test} proved (replacing what it recorded before) and renders the table again. */
    static synchronized void record(String test, Collection<Cell> cells) {
        try {
            Files.createDirectories(DIR);
            Files.write(DIR.resolve(test.replaceAll("[^A-Za-z0-9._-]", "_") + ".tsv"),
                    cells.stream().map(Cell::line).toList());
            Files.writeString(DIR.resolve("table.md"), render(readAll()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Cell> readAll() throws IOException {
        List<Cell> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) if (!line.isBlank()) cells.add(Cell.parse(line));
            }
        }
        return cells;
    }

    /** The markdown table: a row per client, a column per codec, "sends ✓ receives ✓" and the tests that showed it. */
    static String render(Collection<Cell> cells) {
        StringBuilder out = new StringBuilder("| client |");
        for (Codec c : Codec.values()) out.append(' ').append(c.label).append(" |");
        out.append("\n|---|");
        out.append("---|".repeat(Codec.values().length));
        TreeSet<String> proofs = new TreeSet<>();
        for (Client client : Client.values()) {
            out.append("\n| ").append(client.label).append(" |");
            for (Codec codec : Codec.values()) {
                String cannot = CANNOT.getOrDefault(client, Map.of()).get(codec);
                List<String> parts = new ArrayList<>();
                for (Direction d : Direction.values()) {
                    boolean proven = cells.stream().anyMatch(c -> c.client() == client && c.codec() == codec
                            && c.direction() == d);
                    if (proven) parts.add(d == Direction.SENDS ? "sends ✓" : "receives ✓");
                }
                cells.stream().filter(c -> c.client() == client && c.codec() == codec)
                        .forEach(c -> proofs.add(c.proof()));
                String text = parts.isEmpty() ? (cannot != null ? "cannot: " + cannot : "") : String.join(", ", parts);
                out.append(' ').append(text).append(" |");
            }
        }
        out.append("\n\nwerift has no codecs: for it \"receives\" means every frame arrived whole, and what it sends is a"
                + " stream it received, republished from its own stack. Native libwebrtc's frames are counted at its"
                + " video sink, which takes 8-bit frames only, and by its decoder's statistics, which also count VP9"
                + " profile 2 (decoded to 10 bits). Shown by: ").append(String.join(", ", proofs)).append(".\n");
        return out.toString();
    }
}
