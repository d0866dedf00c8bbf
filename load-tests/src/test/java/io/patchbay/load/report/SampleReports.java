package io.patchbay.load.report;

import java.util.List;

/** Realistic reports for the rendering tests: a broadcast ramp against Patchbay and against Janus. */
final class SampleReports {

    static final String HOSTILE_NOTE = "comparison partial: <script>alert('x')</script> & \"quoted\"";

    /** Delay bucket bounds in ms, as the generator uses them. */
    private static final List<Double> DELAY_BOUNDS_MS =
            List.of(0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0);

    private SampleReports() {
    }

    /** Two runs of three steps each (the third is the knee of the Janus run), two comparisons, two notes. */
    static LoadReport withComparison() {
        ServerRun patchbay = new ServerRun("patchbay", "0.1.0-SNAPSHOT", "broadcast", 0, "SRTP_AEAD_AES_128_GCM",
                List.of(
                        step(50, 7_480.5, 0.0, 4.12, 0.0308, 1.91, new Percentiles(11_220, 1.4, 2.2, 3.9, 8.7),
                                List.of(0L, 2_100L, 8_000L, 1_000L, 100L, 18L, 2L, 0L, 0L, 0L, 0L), 0,
                                new Percentiles(50, 180, 240, 310, 330), 48_234_496L, 12.5, 3.1),
                        step(100, 14_950.0, 0.0002, 3.81, 0.0570, 1.87, new Percentiles(22_400, 1.6, 2.6, 4.8, 12.3),
                                List.of(0L, 3_000L, 15_500L, 3_400L, 400L, 90L, 10L, 0L, 0L, 0L, 0L), 0,
                                new Percentiles(50, 190, 260, 350, 361), 61_865_984L, 20.0, 4.4),
                        step(200, 29_870.25, 0.0011, 3.95, 0.1180, 1.95, new Percentiles(44_800, 2.1, 3.4, 7.7, 41.0),
                                List.of(0L, 2_000L, 28_000L, 11_000L, 3_000L, 700L, 100L, 0L, 0L, 0L, 0L), 0,
                                Percentiles.EMPTY, 90_177_536L, 33.3, 6.0)),
                -1, null, List.of());
        ServerRun janus = new ServerRun("janus", "1.2.4", "broadcast", 0, "SRTP_AES128_CM_HMAC_SHA1_80",
                List.of(
                        step(50, 7_470.0, 0.0, 9.47, 0.0707, 1.93, new Percentiles(11_200, 1.9, 3.0, 5.6, 14.2),
                                List.of(0L, 600L, 7_400L, 2_800L, 330L, 60L, 10L, 0L, 0L, 0L, 0L), 0,
                                new Percentiles(50, 240, 320, 450, 470), -1, -1, -1),
                        step(100, 14_900.0, 0.0004, 9.22, 0.1374, 1.90, new Percentiles(22_300, 2.4, 4.1, 9.5, 31.0),
                                List.of(0L, 500L, 12_000L, 8_000L, 1_400L, 330L, 70L, 0L, 0L, 0L, 0L), 0,
                                new Percentiles(50, 250, 340, 480, 500), -1, -1, -1),
                        step(200, 29_200.0, 0.0214, 6.35, 0.1854, 2.02, new Percentiles(43_900, 8.8, 61.0, 180.0, 612.0),
                                List.of(0L, 100L, 6_000L, 14_000L, 9_000L, 6_000L, 7_000L, 1_300L, 400L, 90L, 9L), 1,
                                new Percentiles(50, 260, 400, 900, 950), -1, -1, -1)),
                2, "loss 2.14% > 1%", List.of());
        List<Comparison> comparisons = List.of(
                new Comparison("broadcast", 100, 3.81, 9.22, 3.81 / 9.22, 4.8, 9.5, 190, 250, 3, 2.5, 3.81 / 2.5, 0.9, 0.4),
                new Comparison("broadcast", 200, 3.95, 6.35, 3.95 / 6.35, 7.7, 180.0, Double.NaN, 260, 3, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN));
        return new LoadReport(
                "2025-06-01T10:15:30Z",
                "java -jar patchbay-load.jar --scenario broadcast --compare-janus --max-subscribers 200",
                "2 cores, Linux 6.1.0, OpenJDK 17.0.15",
                List.of("videoBitrateKbps=800", "audio=opus 20 ms", "stepDurationS=30", "settleS=5"),
                List.of(patchbay, janus),
                comparisons,
                List.of(HOSTILE_NOTE, "Janus does not report heap or GC"),
                List.of());
    }

    /** The same runs without the Janus comparison. */
    static LoadReport withoutComparison() {
        LoadReport full = withComparison();
        return new LoadReport(full.startedAt(), full.command(), full.machine(), full.settings(), full.runs(),
                List.of(), List.of(), List.of());
    }

    private static StepResult step(int subscribers, double forwardedPps, double lossFraction, double serverUsPerPacket,
                                   double serverCores, double generatorUsPerPacket, Percentiles delayMs,
                                   List<Long> delayCounts, long delayOverflow, Percentiles joinMs, long heapBytes,
                                   double gcTotalMs, double gcMaxMs) {
        double durationS = 30;
        long received = Math.round(forwardedPps * durationS);
        long expected = Math.round(received / (1 - lossFraction));
        return new StepResult(1, subscribers, 1, durationS, expected, received, forwardedPps, lossFraction,
                serverCores * durationS, serverUsPerPacket, serverCores, generatorUsPerPacket, delayMs,
                new Histogram(DELAY_BOUNDS_MS, delayCounts, delayOverflow), joinMs, heapBytes, gcTotalMs, gcMaxMs,
                serverUsPerPacket / 1.8, serverUsPerPacket / 1.2,
                heapBytes < 0 ? null : new Percentiles(received, 0.3, 0.5, 0.75, 2.0),
                heapBytes < 0 ? 0 : serverCores * durationS * 0.1);
    }
}
