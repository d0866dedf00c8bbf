package io.patchbay.load.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.patchbay.load.report.Percentiles;
import org.junit.jupiter.api.Test;

class ServerDelayTest {
    private static String scrape(long a, long b, long c, long inf) {
        return "# HELP patchbay_media_forward_delay_seconds x\n"
                + "patchbay_media_forward_delay_seconds_bucket{le=\"1.0E-4\"} " + a + "\n"
                + "patchbay_media_forward_delay_seconds_bucket{le=\"0.001\"} " + b + "\n"
                + "patchbay_media_forward_delay_seconds_bucket{le=\"0.01\"} " + c + "\n"
                + "patchbay_media_forward_delay_seconds_bucket{le=\"+Inf\"} " + inf + "\n"
                + "patchbay_media_forward_delay_seconds_count " + inf + "\n";
    }

    @Test
    void percentilesOfTheWindowBetweenTwoScrapes() {
        ServerDelay before = ServerDelay.parse(scrape(10, 20, 20, 20), "patchbay_media_forward_delay_seconds");
        // In the window: 50 at <= 0.1 ms, 45 in (0.1, 1] ms, 5 in (1, 10] ms.
        ServerDelay after = ServerDelay.parse(scrape(60, 115, 120, 120), "patchbay_media_forward_delay_seconds");
        Percentiles p = after.since(before);
        assertEquals(100, p.count());
        assertEquals(0.1, p.p50(), 1e-9, "the 50th of 100 is in the first bucket");
        assertEquals(1.0, p.p90(), 1e-9);
        assertEquals(10.0, p.p99(), 1e-9);
        assertEquals(10.0, p.max(), 1e-9, "the highest bucket with datagrams in the window");
    }

    @Test
    void nothingInTheWindowOrNoHistogram() {
        ServerDelay same = ServerDelay.parse(scrape(1, 2, 3, 3), "patchbay_media_forward_delay_seconds");
        assertEquals(Percentiles.EMPTY, same.since(same));
        assertEquals(Percentiles.EMPTY, same.since(null));
        assertNull(ServerDelay.parse("jvm_threads 3\n", "patchbay_media_forward_delay_seconds"));
    }
}
