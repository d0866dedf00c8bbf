package io.patchbay.signaling.browser;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an attack does to a call in progress between two demo pages: each page's decoded video frame rate from the
 * other before and during the attack, the longest {@code /health} answer while it runs (probed every 100 ms), and the
 * memory the server's JVM retains afterwards (heap after a full GC, since the server runs in this JVM; the resident
 * size is reported too).
 */
final class CallUnderAttack {
    /** An attack: runs until done and says what happened to the attacker. */
    interface Attack {
        String run() throws Exception;
    }

    /** The figures of one attack. */
    record Figures(String attack, double fpsBefore, double fpsDuring, long healthMaxMs, long healthSlowestAtMs,
                   int healthFailures, long retainedGrowthMb, long residentGrowthMb, String attacker) {
        @Override
        public String toString() {
            return String.format("[abuse] %s: video %.1f -> %.1f fps (%.0f%%), /health max %d ms (at +%d ms; %d failed), "
                            + "retained heap %+d MB, JVM resident (server and attackers) %+d MB; attacker: %s", attack, fpsBefore, fpsDuring,
                    100 * fpsDuring / fpsBefore, healthMaxMs, healthSlowestAtMs, healthFailures, retainedGrowthMb,
                    residentGrowthMb,
                    attacker);
        }
    }

    private static final Duration BASELINE = Duration.ofSeconds(3);
    private static final Duration MIN_WINDOW = Duration.ofSeconds(5);

    private final DemoPage a;
    private final DemoPage b;
    private final String aId;
    private final String bId;
    private final URI health;

    CallUnderAttack(DemoPage a, DemoPage b, int httpPort) {
        this.a = a;
        this.b = b;
        this.aId = a.participantId();
        this.bId = b.participantId();
        this.health = URI.create("http://127.0.0.1:" + httpPort + "/health");
    }

    Figures measure(String name, Attack attack) throws Exception {
        long retainedBefore = retainedHeapBytes();
        long residentBefore = residentBytes();
        double fpsBefore = framesPerSecond(BASELINE);

        HealthProbe probe = new HealthProbe(health);
        Thread prober = new Thread(probe, "health-probe");
        prober.start();
        long start = System.nanoTime();
        long framesStart = frames();
        String attacker;
        try {
            attacker = attack.run();
            long left = MIN_WINDOW.toNanos() - (System.nanoTime() - start);
            if (left > 0) Thread.sleep(left / 1_000_000); // the window covers what the attack leaves behind too
        } finally {
            probe.stop = true;
            prober.join(5_000);
        }
        double fpsDuring = (frames() - framesStart) / ((System.nanoTime() - start) / 1e9);
        return new Figures(name, fpsBefore, fpsDuring, probe.maxMs.get(), probe.slowestAtMs, probe.failures.get(),
                (retainedHeapBytes() - retainedBefore) >> 20, (residentBytes() - residentBefore) >> 20, attacker);
    }

    /** Frames per second both pages decode from each other, summed, over {@code window}. */
    private double framesPerSecond(Duration window) throws InterruptedException {
        long f0 = frames();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        return (frames() - f0) / ((System.nanoTime() - t0) / 1e9);
    }

    private long frames() {
        return a.framesFrom(bId) + b.framesFrom(aId);
    }

    private static long retainedHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed() + memory.getNonHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process (Linux). */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception e) {
            // not Linux: reported as 0
        }
        return 0;
    }

    /** GET /health every 100 ms with a 1 s timeout; the longest answer and the failures. */
    private static final class HealthProbe implements Runnable {
        final AtomicLong maxMs = new AtomicLong();
        final AtomicInteger failures = new AtomicInteger();
        final long startNanos = System.nanoTime();
        volatile long slowestAtMs;
        volatile boolean stop;
        private final URI uri;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        HealthProbe(URI uri) {
            this.uri = uri;
        }

        @Override
        public void run() {
            while (!stop) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) failures.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (ms > maxMs.get()) {
                    maxMs.set(ms);
                    slowestAtMs = (t0 - startNanos) / 1_000_000;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
