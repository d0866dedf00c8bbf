package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Waiting for a page's state or a condition, by polling, with the last state in the failure. */
final class PagePolling {
    private PagePolling() {
    }

    /** Runs {@code stateScript} (an async script answering JSON) every 100 ms until {@code condition} holds. */
    static JsonNode awaitPage(HeadlessChromium browser, String stateScript, Duration timeout,
                              Predicate<JsonNode> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = browser.asyncJson(stateScript);
            if (condition.test(last)) return last;
            Thread.sleep(100); // polling the page
        }
        fail(what + ": " + last);
        return last;
    }

    /** Checks {@code condition} every 50 ms until it holds. */
    static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(50); // polling
        }
        fail(what);
    }
}
