package io.patchbay.signaling.browser;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.io.PrintStream;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The join-reliability loop: page A publishes in a room and stays; page B joins, must decode A's video on its
 * subscriber connection and have its publisher connected (and A must then decode B's video), then leaves; B repeats
 * that {@code rounds} times in the same browser (the page's {@code leave()} then {@code join()}). A round that does not get there within the round
 * timeout is a failed connection; the loop goes on, so one run counts all of them.
 *
 * <p>Used by {@link JoinReliabilityBrowserTest} in this JVM and, through {@link #main}, in a child JVM started inside
 * a network namespace. Called from one thread.
 */
final class JoinLoop {
    /** The loop stops after this many failed rounds in a row: the product is broken, more rounds only cost time. */
    static final int MAX_CONSECUTIVE_FAILURES = 5;

    /** Printed by {@link #main} before the summary, for the parent test to find. */
    static final String RESULT_PREFIX = "JOINLOOP-RESULT ";

    /** One join of page B. */
    record Round(int number, boolean ok, double firstFrameMs, double publisherConnectedMs, double aDecodedBMs,
                 String failure) {
    }

    record Result(List<Round> rounds, int roundsPlanned) {
        List<Round> failures() {
            return rounds.stream().filter(r -> !r.ok()).toList();
        }

        List<Double> firstFrameTimes() {
            return rounds.stream().filter(Round::ok).map(Round::firstFrameMs).toList();
        }

        String summary() {
            return String.format("rounds=%d%s failures=%d failedRounds=%s joinToFirstDecodedFrame: %s;"
                            + " joinToPublisherConnected: %s; A decodes B after B decoded A: %s", rounds.size(),
                    rounds.size() < roundsPlanned ? " (of " + roundsPlanned + ", stopped after "
                            + MAX_CONSECUTIVE_FAILURES + " failures in a row)" : "",
                    failures().size(),
                    failures().stream().map(r -> String.valueOf(r.number())).collect(Collectors.joining(",", "[", "]")),
                    Percentiles.summary(firstFrameTimes()),
                    Percentiles.summary(rounds.stream().filter(Round::ok).map(Round::publisherConnectedMs).toList()),
                    Percentiles.summary(rounds.stream().filter(Round::ok).map(Round::aDecodedBMs).toList()));
        }
    }

    private JoinLoop() {
    }

    /**
     * Runs the loop against the server at {@code baseUrl}; launches and closes its two browsers. Throws only when
     * page A cannot join (then there is nothing to measure).
     */
    static Result run(String baseUrl, int rounds, Duration roundTimeout, PrintStream out) throws Exception {
        String room = "loop-" + UUID.randomUUID().toString().substring(0, 8);
        try (DemoPage a = DemoPage.open("loop-a", baseUrl, room);
             DemoPage b = DemoPage.open("loop-b", baseUrl, room)) {
            DemoPage.JoinOutcome aJoin = a.joinAndAwaitMedia(0, Duration.ofSeconds(15));
            if (!aJoin.ok()) {
                throw new AssertionError("page A could not join and publish: " + aJoin.raw());
            }
            String aId = aJoin.participantId();
            List<Round> results = new ArrayList<>();
            for (int i = 1; i <= rounds; i++) {
                DemoPage.JoinOutcome o = b.joinAndAwaitMedia(1, roundTimeout);
                boolean ok = o.ok() && o.firstDecodedMs().containsKey(aId);
                String failure = ok ? null : o.raw() + "\nB now: " + b.diagnostics() + "\nA now: " + a.diagnostics()
                        + "\nserver: " + serverCounters(baseUrl);
                // A must receive every B too: its subscriber connection is renegotiated twice a round (m-sections
                // recycled), so this checks the long-lived side of the room.
                double aDecodedBMs = ok ? awaitAReceivesB(a, o.participantId(), roundTimeout) : Double.NaN;
                boolean aOk = !ok || !Double.isNaN(aDecodedBMs);
                if (!aOk) failure = "A did not decode B's video within " + roundTimeout.toSeconds() + " s: "
                        + a.diagnostics();
                Round r = new Round(i, ok && aOk, ok ? o.firstDecodedMs().get(aId) : Double.NaN,
                        o.publisherConnectedMs() == null ? Double.NaN : o.publisherConnectedMs(), aDecodedBMs, failure);
                results.add(r);
                if (r.ok()) {
                    out.printf("round %3d: ok, first frame of A decoded %4.0f ms after join, publisher connected"
                                    + " %4.0f ms, subscriber connected %s ms; A decodes B %4.0f ms after that%n", i,
                            r.firstFrameMs(), r.publisherConnectedMs(), o.subscriberConnectedMs() == null ? "-"
                                    : String.format("%.0f", o.subscriberConnectedMs()), aDecodedBMs);
                } else {
                    out.printf("round %3d: FAILED after %.0f ms: %s%n", i, o.elapsedMs(), failure);
                }
                b.leave();
                if (i >= MAX_CONSECUTIVE_FAILURES && results.subList(i - MAX_CONSECUTIVE_FAILURES, i).stream()
                        .noneMatch(Round::ok)) {
                    out.printf("stopping: the last %d rounds failed%n", MAX_CONSECUTIVE_FAILURES);
                    break;
                }
            }
            return new Result(Collections.unmodifiableList(results), rounds);
        }
    }

    /** The server's media counters that say why packets were not sent (drops, skips, keyframes, SRTP), one line. */
    static String serverCounters(String baseUrl) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.body().lines().filter(l -> !l.startsWith("#"))
                    .filter(l -> l.matches("patchbay_media_.*(dropped|skipped|keyframe|errors|rtcp|srtp).*"))
                    .filter(l -> !l.endsWith(" 0.0"))
                    .collect(Collectors.joining("; "));
        } catch (Exception e) {
            return "metrics unavailable: " + e;
        }
    }

    /** Polls A until it decoded video from {@code bId}; returns the wait in ms, NaN on timeout. */
    private static double awaitAReceivesB(DemoPage a, String bId, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (a.framesFrom(bId) > 0) return (System.nanoTime() - start) / 1e6;
            Thread.sleep(20);
        }
        return Double.NaN;
    }

    /** A server on 127.0.0.1 only, ephemeral ports, as the browser tests use it. */
    static PatchbayServer startLoopbackServer() throws Exception {
        return PatchbayServer.start(PatchbayConfig.defaults()
                .withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1")));
    }

    /**
     * The loop in this process with a server of its own: {@code JoinLoop ROUNDS ROUND_TIMEOUT_MS}. Prints one
     * line per round, then {@link #RESULT_PREFIX} and the summary; exits 0 when no round failed, 1 when some did,
     * 2 when the loop could not run.
     */
    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[1]));
        int exit;
        PatchbayServer server = null;
        try {
            List<String> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .map(n -> n.getName() + (isUp(n) ? " up" : " down")).toList();
            System.out.println("network interfaces of this process: " + interfaces);
            server = startLoopbackServer();
            Result result = run("http://127.0.0.1:" + server.httpPort(), rounds, timeout, System.out);
            System.out.println(RESULT_PREFIX + result.summary());
            exit = result.failures().isEmpty() ? 0 : 1;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            exit = 2;
        } finally {
            if (server != null) server.close();
        }
        System.out.flush();
        System.exit(exit);
    }

    private static boolean isUp(NetworkInterface n) {
        try {
            return n.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
