package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
 *
 * <p>{@code -Dpatchbay.joinloop.together=true} runs the namespace loop in the background while the loopback loop runs
 * (a stress run: four browsers and two servers on this 2-core machine make each join 2-5 s, so it is not in the suite).
 * Run that way, the loops found ice4j deadlocking an agent and the event loop waiting on it: see {@code IceSession}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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

    /** What the namespace loop ended with; the namespace test asserts on it. */
    private record NamespaceRun(String namespace, long limitSeconds, NetworkNamespace.ChildRun child) {
    }

    private static final boolean TOGETHER = Boolean.getBoolean("patchbay.joinloop.together");
    private static CompletableFuture<NamespaceRun> namespaceRun;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    /** Starts the namespace loop once, in the background. */
    private static synchronized CompletableFuture<NamespaceRun> namespaceLoop() {
        if (namespaceRun == null) {
            namespaceRun = CompletableFuture.supplyAsync(() -> {
                try (NetworkNamespace ns = NetworkNamespace.create("pbjoin", "the join loop in a network namespace")) {
                    // Each round ends within its timeout; browsers and the server start and stop in well under a minute.
                    long limitSeconds = NAMESPACE_ROUNDS * (ROUND_TIMEOUT.toSeconds() + 2) + 120;
                    NetworkNamespace.ChildRun child = ns.runJava(JoinLoop.class, List.of(String.valueOf(NAMESPACE_ROUNDS),
                            String.valueOf(ROUND_TIMEOUT.toMillis())), limitSeconds);
                    return new NamespaceRun(ns.name(), limitSeconds, child);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
        }
        return namespaceRun;
    }

    /** A namespace loop still running when the class ends (only the loopback test was selected) is waited for. */
    @AfterAll
    static void namespaceLoopEnded() {
        CompletableFuture<NamespaceRun> run = namespaceRun;
        if (run != null) run.exceptionally(e -> null).join();
    }

    @Test
    @Order(1)
    void everyJoinOfAHundredConnectsAndDecodes() throws Exception {
        if (TOGETHER) namespaceLoop();
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
    @Order(2)
    void everyJoinOfFiftyConnectsInALoopbackOnlyNetworkNamespace() throws Throwable {
        NamespaceRun run;
        try {
            run = namespaceLoop().join();
        } catch (CompletionException e) {
            // A test that cannot run here (no root) aborts loudly, as it would in this thread.
            throw e.getCause() instanceof CompletionException inner ? inner.getCause() : e.getCause();
        }
        NetworkNamespace.ChildRun child = run.child();
        String resultLine = child.line(JoinLoop.RESULT_PREFIX);
        assertTrue(child.ended(), "the loop in namespace " + run.namespace() + " did not end within "
                + run.limitSeconds() + " s and was stopped; its last lines:\n" + child.tail());
        assertTrue(resultLine != null, "the loop in namespace " + run.namespace() + " ended (exit " + child.exit()
                + ") without a result; its last lines:\n" + child.tail());
        System.out.println("join loop in a loopback-only namespace: " + resultLine);
        assertTrue(resultLine.contains(" failures=0 "), "some joins failed in the namespace: " + resultLine);
        assertEquals(0, child.exit(), "the loop in the namespace failed: " + resultLine);
    }
}
