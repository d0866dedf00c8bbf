package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the time of a join goes, for the README: three pages join one room one after another; for the last joiner,
 * the phases of its join (ms after the page's {@code join()} call): from the page (app.js: media and {@code joined},
 * publish negotiated, first frame rendered), from the client where patchbay.js records them ({@code room.timing}),
 * and from polling {@code getStats()} every 20 ms (connections connected, first decoded frame of each other page).
 * Measured for the first join of that page after the server started and for 5 more rounds on the warm server (it
 * leaves and rejoins); prints a table and the p50 of the warm rounds.
 *
 * <p>Machines are noisy: the only assertion is a generous bound (every join decodes both others within 10 s).
 */
class JoinTimeBrowserTest {
    private static final int WARM_ROUNDS = 5;
    private static final Duration SANITY_BOUND = Duration.ofSeconds(10);

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @Test
    void lastJoinerDecodesBothOthersAndThePhasesArePrinted() throws Exception {
        String room = "time-" + UUID.randomUUID().toString().substring(0, 8);
        // Browsers start before the server, so the first join is the first thing the fresh server does.
        try (DemoPage p1 = DemoPage.launch("t1");
             DemoPage p2 = DemoPage.launch("t2");
             DemoPage p3 = DemoPage.launch("t3");
             PatchbayServer server = JoinLoop.startLoopbackServer()) {
            String base = "http://127.0.0.1:" + server.httpPort();
            for (DemoPage p : List.of(p1, p2, p3)) p.load(base, room);
            List<String> labels = new ArrayList<>();
            List<Map<String, Double>> rows = new ArrayList<>();
            DemoPage.JoinOutcome first = p1.joinAndAwaitMedia(0, SANITY_BOUND);
            assertTrue(first.ok(), "t1 could not join: " + first.raw());
            labels.add("t1, first join on the fresh server (alone)");
            rows.add(phases(first));
            DemoPage.JoinOutcome second = p2.joinAndAwaitMedia(1, SANITY_BOUND);
            assertTrue(second.ok(), "t2 did not decode t1 within " + SANITY_BOUND + ": " + second.raw());
            labels.add("t2 (1 other)");
            rows.add(phases(second));
            for (int round = 0; round <= WARM_ROUNDS; round++) {
                DemoPage.JoinOutcome o = p3.joinAndAwaitMedia(2, SANITY_BOUND);
                assertTrue(o.ok(), "round " + round + ": t3 did not decode both others within " + SANITY_BOUND + ": "
                        + o.raw());
                labels.add(round == 0 ? "t3, its first join" : "t3, warm round " + round);
                rows.add(phases(o));
                p3.leave();
            }
            System.out.print(table(labels, rows, 2));
        }
    }

    /** The phases of one join, ms after the join call, in a stable order; absent phases are missing. */
    private static Map<String, Double> phases(DemoPage.JoinOutcome o) {
        Map<String, Double> out = new LinkedHashMap<>();
        JsonNode app = o.raw().path("appTiming");
        put(out, "page: media+joined", app.path("joinedAt"));
        put(out, "page: published", app.path("publishedAt"));
        put(out, "publisher connected", o.publisherConnectedMs());
        put(out, "subscriber connected", o.subscriberConnectedMs());
        put(out, "1st remote decoded", o.firstFrameMs());
        put(out, "all remotes decoded", o.allFramesMs());
        List<Double> rendered = new ArrayList<>();
        app.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("firstFrameAt.")) rendered.add(e.getValue().asDouble());
        });
        if (!rendered.isEmpty()) put(out, "all remotes rendered", Percentiles.max(rendered));
        o.raw().path("roomTiming").fields().forEachRemaining(e -> put(out, "client: " + e.getKey(), e.getValue()));
        return out;
    }

    private static void put(Map<String, Double> out, String phase, JsonNode v) {
        if (v.isNumber()) out.put(phase, v.asDouble());
    }

    private static void put(Map<String, Double> out, String phase, Double v) {
        if (v != null && !v.isNaN()) out.put(phase, v);
    }

    /**
     * One row per phase (ordered by the warm rounds' p50), one column per join, then the p50 of the warm rounds (the
     * joins after {@code firstT3Row}).
     */
    private static String table(List<String> labels, List<Map<String, Double>> joins, int firstT3Row) {
        Set<String> phases = new LinkedHashSet<>();
        joins.forEach(j -> phases.addAll(j.keySet()));
        List<Map<String, Double>> warm = joins.subList(firstT3Row + 1, joins.size());
        Map<String, Double> p50 = new LinkedHashMap<>();
        for (String phase : phases) {
            List<Double> values = warm.stream().filter(j -> j.containsKey(phase)).map(j -> j.get(phase)).toList();
            p50.put(phase, values.isEmpty() ? Double.NaN : Percentiles.of(values, 50));
        }
        List<String> ordered = new ArrayList<>(phases);
        ordered.sort(java.util.Comparator.comparingDouble(
                (String phase) -> p50.get(phase).isNaN() ? Double.MAX_VALUE : p50.get(phase)));
        StringBuilder out = new StringBuilder("join phases, ms after the page's join() call; joins:\n");
        for (int i = 0; i < labels.size(); i++) out.append(String.format("  j%d = %s%n", i + 1, labels.get(i)));
        out.append(String.format("%-34s", "phase"));
        for (int i = 0; i < labels.size(); i++) out.append(String.format(" | %5s", "j" + (i + 1)));
        out.append(String.format(" | %s%n", "p50 warm"));
        for (String phase : ordered) {
            out.append(String.format("%-34s", phase));
            for (Map<String, Double> j : joins) {
                out.append(String.format(" | %5s", j.containsKey(phase) ? String.format("%.0f", j.get(phase)) : "-"));
            }
            out.append(String.format(" | %8s%n", p50.get(phase).isNaN() ? "-" : String.format("%.0f", p50.get(phase))));
        }
        return out.toString();
    }
}
