package io.patchbay.signaling.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Chromium, Firefox, native libwebrtc and werift in one room: each gets every other's video through Patchbay
 * ({@link MixedRoomCall}). In a network namespace with a veth pair (10.78.0.1 and 10.78.0.2, a default route through
 * it): Firefox offers host candidates on the default route's interface only and none at all with loopback alone, so
 * the server binds and advertises 10.78.0.1. Needs root, Debian's firefox-esr and the drivers' npm packages
 * ({@code .ci/run} installs them): without them the test fails under CI and is skipped loudly elsewhere.
 */
class MixedRoomInteropBrowserTest {

    @Test
    void chromiumFirefoxNativeAndWeriftEachGetEveryOthersVideo() throws Exception {
        List<String> missing = MixedRoomCall.missing();
        if (!missing.isEmpty()) {
            String message = "the mixed-room interop test NOT RUN: missing " + String.join(", ", missing);
            System.err.println("SKIPPED: " + message);
            if (System.getenv("CI") != null) Assertions.fail(message);
            Assumptions.abort(message);
        }
        try (NetworkNamespace ns = NetworkNamespace.create("pbmix", "the mixed-room interop test")) {
            ns.addVethPair("10.78.0.1/24", "10.78.0.2/24");
            ns.ip("route", "add", "default", "via", "10.78.0.2", "dev", "va");
            String result = ns.runCall(MixedRoomCall.class, List.of("10.78.0.1"), 480, MixedRoomCall.RESULT_PREFIX);
            System.out.println("Mixed room, frames by receiver and sender, per round: " + result);
            JsonNode byRound = DemoPage.parse(result.substring(MixedRoomCall.RESULT_PREFIX.length()));
            List<InteropTable.Cell> cells = new ArrayList<>();
            for (MixedRoomCall.Round round : MixedRoomCall.ROUNDS) cells.addAll(cells(byRound.path(round.name()), round));
            InteropTable.record(getClass().getSimpleName(), cells);
        }
    }

    /** The table's cells of a passed call: each pair's video codec and Opus, sent by the one and received by the other. */
    private List<InteropTable.Cell> cells(JsonNode matrix, MixedRoomCall.Round round) {
        List<InteropTable.Cell> cells = new ArrayList<>();
        String proof = getClass().getSimpleName();
        for (String receiver : round.clients()) {
            for (String sender : round.clients()) {
                JsonNode cell = matrix.path(receiver).path(sender);
                if (receiver.equals(sender) || cell.path("frames").asLong() < MixedRoomCall.FRAMES_WANTED) continue;
                // The call checked the mime type (and the variant where the receiver names it) against what was sent.
                InteropTable.Codec codec = InteropTable.Codec.of(round.mimeType(sender), round.variant(sender));
                cells.add(new InteropTable.Cell(client(receiver), codec, InteropTable.Direction.RECEIVES, proof));
                cells.add(new InteropTable.Cell(client(sender), codec, InteropTable.Direction.SENDS, proof));
                if (cell.path("audio").asLong() >= MixedRoomCall.AUDIO_WANTED) {
                    cells.add(new InteropTable.Cell(client(receiver), InteropTable.Codec.OPUS,
                            InteropTable.Direction.RECEIVES, proof));
                    cells.add(new InteropTable.Cell(client(sender), InteropTable.Codec.OPUS,
                            InteropTable.Direction.SENDS, proof));
                }
            }
        }
        return cells;
    }

    private static InteropTable.Client client(String name) {
        return InteropTable.Client.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
