package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joins must always connect (the issue: "in 3 of 10 tries a subscriber connection never got a selected ICE pair",
 * when the server's ICE agent and the browser were both controlled on the subscriber connection). {@link JoinLoop}:
 * page A publishes and stays, page B joins and leaves 100 times in a row, and every round must decode A's video and
 * connect B's publisher, and A must decode B's video (A's one subscriber connection lives through all 100 rounds of
 * renegotiation); each round's time from join to A's first decoded frame is printed with p50/p90/max. The loop stops
 * after 5 failed rounds in a row.
 *
 * <p>Two variants: on this JVM's loopback, and in a network namespace with only {@code lo} (server, chromedriver and
 * both browsers in a child JVM started with {@code ip netns exec}), where nothing but the test's own traffic exists.
 * The namespace variant needs root; without it it fails under CI ({@code CI} set) and is skipped loudly elsewhere.
 * Set {@code -Dpatchbay.joinloop.rounds=N} to loop longer (or shorter).
 */
class JoinReliabilityBrowserTest {
    private static final int ROUNDS = Integer.getInteger("patchbay.joinloop.rounds", 100);
    /**
     * Half as many in the namespace: it shows that no other traffic or interface helps a join along; the hundred in a
     * row are the loopback run's (the suite has 20 minutes on 2 cores, and each round costs ~0.7 s).
     */
    private static final int NAMESPACE_ROUNDS = Math.max(1, ROUNDS / 2);
    /**
     * A join that decodes nothing in 15 s has failed. A healthy one takes well under a second on an idle machine, and
     * up to about 10 s on this 2-core machine when others load it 20-fold; one that never gets a nominated ICE pair
     * never connects at all.
     */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(15);

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @Test
    void everyJoinOfAHundredConnectsAndDecodes() throws Exception {
        try (PatchbayServer server = JoinLoop.startLoopbackServer()) {
            JoinLoop.Result result = JoinLoop.run("http://127.0.0.1:" + server.httpPort(), ROUNDS, ROUND_TIMEOUT,
                    System.out);
            System.out.println("join loop on loopback: " + result.summary());
            assertEquals(List.of(), result.failures().stream().map(JoinLoop.Round::number).toList(),
                    "rounds whose connection failed, of " + ROUNDS + ": " + result.summary());
            assertEquals(ROUNDS, result.rounds().size(), result.summary());
        }
    }

    @Test
    void everyJoinOfFiftyConnectsInALoopbackOnlyNetworkNamespace() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("pbjoin", "the join loop in a network namespace")) {
            // Each round ends within its timeout; browsers and the server start and stop in well under a minute.
            long limitSeconds = NAMESPACE_ROUNDS * (ROUND_TIMEOUT.toSeconds() + 2) + 120;
            NetworkNamespace.ChildRun child = ns.runJava(JoinLoop.class,
                    List.of(String.valueOf(NAMESPACE_ROUNDS), String.valueOf(ROUND_TIMEOUT.toMillis())), limitSeconds);
            String resultLine = child.line(JoinLoop.RESULT_PREFIX);
            assertTrue(child.ended(), "the loop in namespace " + ns.name() + " did not end within " + limitSeconds
                    + " s and was stopped; its last lines:\n" + child.tail());
            assertTrue(resultLine != null, "the loop in namespace " + ns.name() + " ended (exit " + child.exit()
                    + ") without a result; its last lines:\n" + child.tail());
            System.out.println("join loop in a loopback-only namespace: " + resultLine);
            assertTrue(resultLine.contains(" failures=0 "), "some joins failed in the namespace: " + resultLine);
            assertEquals(0, child.exit(), "the loop in the namespace failed: " + resultLine);
        }
    }
}
