package io.patchbay.load;

import io.patchbay.load.client.ClientConnection;
import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.client.Cpu;
import io.patchbay.load.client.DelayHistogram;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.report.LayerReceipt;
import io.patchbay.load.report.Percentiles;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.report.StepResult;
import io.patchbay.load.sfu.SfuTarget;
import io.patchbay.load.sfu.SimulatedParticipant;
import io.patchbay.load.sfu.SimulcastRole;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one scenario against one SFU: for each ramp level it adds participants, waits for their media, then measures
 * a window (server CPU from /proc, our own CPU, packets and sequence numbers at the sinks, one-way delay of the
 * sampled packets). It stops after the knee: the first level where loss exceeds 1% or delay p99 exceeds
 * {@value #KNEE_DELAY_P99_MS} ms (queues are building: that is more than half a 30 fps frame interval).
 */
final class RampRunner {
    static final double KNEE_LOSS = 0.01;
    static final double KNEE_DELAY_P99_MS = 20.0;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(15);

    private final LoadSettings settings;
    private final SfuTarget target;
    private final ClientRuntime runtime;
    private final PrintStream progress;
    private final List<List<SimulatedParticipant>> rooms = new ArrayList<>();
    private final List<SimulatedParticipant> everyone = new ArrayList<>();
    private final ExecutorService joiner;
    private String srtpProfile = "";
    private final List<LayerReceipt> layers = new ArrayList<>();

    RampRunner(LoadSettings settings, SfuTarget target, ClientRuntime runtime, PrintStream progress) {
        this.settings = settings;
        this.target = target;
        this.runtime = runtime;
        this.progress = progress;
        this.joiner = Executors.newFixedThreadPool(Math.max(1, settings.joinConcurrency()), r -> {
            Thread t = new Thread(r, "load-join");
            t.setDaemon(true);
            return t;
        });
    }

    ServerRun run(int repetition) throws Exception {
        warmUp();
        List<StepResult> steps = new ArrayList<>();
        int knee = -1;
        String kneeReason = null;
        try {
            for (int level : settings.ramp()) {
                Scenario.Layout layout = settings.scenario().layout(level, settings.roomSize(),
                        settings.joinPublishers());
                progress.printf("%s %s level %d: joining (%d publishers, %d receivers in %d rooms)...%n", target.name(),
                        settings.scenario().label(), level, layout.publishers(), layout.subscribers(), layout.rooms());
                List<Long> joinNanos = grow(layout);
                progress.printf("%s %s level %d: measuring %d s...%n", target.name(), settings.scenario().label(),
                        level, settings.stepDuration().toSeconds());
                StepResult step = measure(layout, joinNanos);
                steps.add(step);
                progress.printf("%s %s level %d: %s%n", target.name(), settings.scenario().label(), level, line(step));
                if (simulcast()) {
                    List<LayerReceipt> got = layerReceipts(layout.subscribers());
                    layers.addAll(got);
                    progress.printf("%s %s level %d: %s%n", target.name(), settings.scenario().label(), level,
                            layerLine(got));
                }
                double p99 = step.delayMs().p99();
                if (step.lossFraction() > KNEE_LOSS) {
                    kneeReason = String.format("loss %.2f%% > %.0f%%", step.lossFraction() * 100, KNEE_LOSS * 100);
                } else if (!Double.isNaN(p99) && p99 > KNEE_DELAY_P99_MS) {
                    kneeReason = String.format("delay p99 %.1f ms > %.0f ms", p99, KNEE_DELAY_P99_MS);
                } else if (step.packetsReceived() == 0) {
                    kneeReason = "no media received";
                }
                if (kneeReason != null) {
                    knee = steps.size() - 1;
                    break;
                }
            }
        } finally {
            closeAll();
        }
        return new ServerRun(target.name(), target.version(), settings.scenario().label(), repetition, srtpProfile,
                steps, knee, kneeReason, List.copyOf(layers));
    }

    /**
     * One publisher and {@value #WARM_UP_SUBSCRIBERS} subscribers in a room of their own for the warm-up time, then they
     * leave: JIT compilation, first-use crypto and pools of both server and generator are warm before anything is
     * measured. More subscribers than Patchbay's spread fan-out starts at (8), so that its hand-over between media
     * threads is compiled too.
     */
    static final int WARM_UP_SUBSCRIBERS = 16;

    private void warmUp() throws Exception {
        if (settings.warmUp().isZero()) return;
        List<SimulatedParticipant> warm = new ArrayList<>();
        try {
            SimulatedParticipant pub = target.join("load-warmup", "w-pub", true, false, JOIN_TIMEOUT);
            warm.add(pub);
            for (int i = 0; i < WARM_UP_SUBSCRIBERS; i++) {
                SimulatedParticipant p = target.join("load-warmup", "w-sub" + i, false, true, JOIN_TIMEOUT);
                p.onPublisherAdded(pub);
                warm.add(p);
            }
            Thread.sleep(settings.warmUp().toMillis());
        } finally {
            for (SimulatedParticipant p : warm) p.close();
        }
        Thread.sleep(500);
    }

    /** Adds rooms and participants up to {@code layout}; returns the join times (ns) of the new receivers. */
    private List<Long> grow(Scenario.Layout layout) throws Exception {
        List<SimulatedParticipant> newReceivers = new ArrayList<>();
        while (rooms.size() < layout.rooms()) rooms.add(new ArrayList<>());
        for (int r = 0; r < layout.rooms(); r++) {
            List<SimulatedParticipant> room = rooms.get(r);
            String roomName = "load-" + settings.scenario().label() + "-" + r;
            long publishers = room.stream().filter(p -> p.publisher() != null).count();
            // Publishers first (sequentially: each new publisher is announced to the others).
            while (publishers < layout.publishersPerRoom()) {
                String name = "p" + r + "-" + publishers;
                SimulatedParticipant p = simulcast()
                        ? target.join(roomName, name, true, false, SimulcastRole.publisher(), JOIN_TIMEOUT)
                        : target.join(roomName, name, true, layout.publishersSubscribe(), JOIN_TIMEOUT);
                for (SimulatedParticipant other : room) other.onPublisherAdded(p);
                for (SimulatedParticipant other : room) {
                    if (other.publisher() != null) p.onPublisherAdded(other);
                }
                room.add(p);
                everyone.add(p);
                if (layout.publishersSubscribe()) newReceivers.add(p);
                publishers++;
                noteProfile(p);
            }
            long viewers = room.stream().filter(p -> p.publisher() == null).count();
            List<Future<SimulatedParticipant>> joins = new ArrayList<>();
            List<SimulatedParticipant> roomPublishers = room.stream().filter(p -> p.publisher() != null).toList();
            for (long v = viewers; v < layout.viewersPerRoom(); v++) {
                String name = "v" + r + "-" + v;
                SimulcastRole role = simulcast() ? SimulcastRole.viewer(Scenario.simulcastCap((int) v)) : null;
                joins.add(joiner.submit(() -> {
                    SimulatedParticipant p = role != null
                            ? target.join(roomName, name, false, true, role, JOIN_TIMEOUT)
                            : target.join(roomName, name, false, true, JOIN_TIMEOUT);
                    for (SimulatedParticipant pub : roomPublishers) p.onPublisherAdded(pub);
                    return p;
                }));
            }
            for (Future<SimulatedParticipant> f : joins) {
                SimulatedParticipant p = f.get();
                room.add(p);
                everyone.add(p);
                newReceivers.add(p);
            }
        }
        return awaitFirstMedia(newReceivers);
    }

    private void noteProfile(SimulatedParticipant p) {
        ClientConnection c = p.publisher();
        if (c != null && srtpProfile.isEmpty()) {
            SrtpProfile profile = c.connected().getNow(null);
            if (profile != null) srtpProfile = profile.name();
        }
    }

    /** Waits (bounded) until every new receiver has media; join time = join sent -> first media packet. */
    private List<Long> awaitFirstMedia(List<SimulatedParticipant> receivers) throws InterruptedException {
        long deadline = System.nanoTime() + MEDIA_TIMEOUT.toNanos();
        List<Long> joins = new ArrayList<>();
        for (SimulatedParticipant p : receivers) {
            long first = 0;
            while (first == 0 && System.nanoTime() < deadline) {
                first = firstMedia(p);
                if (first == 0) Thread.sleep(5);
            }
            if (first == 0) {
                progress.println("warning: " + p.name() + " received no media within " + MEDIA_TIMEOUT.toSeconds()
                        + " s: " + p.subscriberConnections().stream().map(ClientConnection::diagnostics).toList()
                        + (p.failures().isEmpty() ? "" : " failures: " + p.failures()));
            } else {
                joins.add(first - p.joinSentNanos());
            }
        }
        return joins;
    }

    private static long firstMedia(SimulatedParticipant p) {
        long first = 0;
        for (ClientConnection c : p.subscriberConnections()) {
            long f = c.firstMediaNanos();
            if (f != 0 && (first == 0 || f < first)) first = f;
        }
        return first;
    }

    private StepResult measure(Scenario.Layout layout, List<Long> joinNanos) throws Exception {
        Thread.sleep(settings.settle().toMillis());
        long[] before = sinkTotals();
        double serverCpu0 = Cpu.processCpuSeconds(target.pid());
        double jitCpu0 = Cpu.threadsCpuSeconds(target.pid(), Cpu.JIT_COMPILER_THREADS);
        double selfCpu0 = Cpu.selfCpuSeconds();
        SfuTarget.ServerMemory mem0 = target.memory();
        io.patchbay.load.sfu.ServerDelay serverDelay0 = target.forwardDelay();
        runtime.delays().drain();
        long t0 = System.nanoTime();
        Thread.sleep(settings.stepDuration().toMillis());
        long[] after = sinkTotals();
        double serverCpu1 = Cpu.processCpuSeconds(target.pid());
        double jitCpu1 = Cpu.threadsCpuSeconds(target.pid(), Cpu.JIT_COMPILER_THREADS);
        double selfCpu1 = Cpu.selfCpuSeconds();
        long t1 = System.nanoTime();
        DelayHistogram.Snapshot delays = runtime.delays().drain();
        SfuTarget.ServerMemory mem1 = target.memory();
        io.patchbay.load.sfu.ServerDelay serverDelay1 = target.forwardDelay();

        double seconds = (t1 - t0) / 1e9;
        long received = after[0] - before[0];
        long expected = Math.max(received, after[1] - before[1]);
        double loss = expected == 0 ? 0 : 1.0 - (double) received / expected;
        double serverCpu = serverCpu1 - serverCpu0;
        double selfCpu = selfCpu1 - selfCpu0;
        double gcTotal = mem0 == null || mem1 == null || mem0.gcPauseTotalMs() < 0 ? -1
                : mem1.gcPauseTotalMs() - mem0.gcPauseTotalMs();
        BareKernelBaseline.Result bare = bareBaseline(received / seconds,
                received == 0 ? 0 : (int) ((after[2] - before[2]) / received));
        return new StepResult(layout.publishers(), layout.subscribers(), layout.rooms(), seconds, expected, received,
                received / seconds, loss, serverCpu, received == 0 ? Double.NaN : serverCpu * 1e6 / received,
                serverCpu / seconds, received == 0 ? Double.NaN : selfCpu * 1e6 / received, delays.percentilesMs(),
                delays.toHistogramMs(), joinPercentiles(joinNanos), mem1 == null ? -1 : mem1.heapUsedBytes(), gcTotal,
                mem1 == null ? -1 : mem1.gcPauseMaxMs(), bare.batchedUsPerPacket(), bare.singleUsPerPacket(),
                serverDelay1 == null ? null : serverDelay1.since(serverDelay0), Math.max(0, jitCpu1 - jitCpu0));
    }

    /**
     * The kernel's own cost of what the SFU just forwarded ({@link BareKernelBaseline}), with the publishers paused:
     * the same datagram rate and average size, from the SFU's port to the same sinks. Skipped (NaN, said why) when the
     * sinks are connected to more than one SFU address, which one bare socket cannot stand in for.
     */
    private BareKernelBaseline.Result bareBaseline(double datagramsPerSecond, int datagramBytes)
            throws InterruptedException {
        List<java.net.InetSocketAddress> sinks = new ArrayList<>();
        java.util.Set<java.net.InetSocketAddress> sfu = new java.util.HashSet<>();
        for (SimulatedParticipant p : everyone) {
            for (ClientConnection c : p.subscriberConnections()) {
                java.net.InetSocketAddress remote = c.remoteAddress();
                if (remote == null) continue;
                try {
                    sinks.add(c.localAddress());
                } catch (java.io.IOException e) {
                    continue;
                }
                sfu.add(remote);
            }
        }
        BareKernelBaseline.Result r;
        if (settings.bareWindow().isZero()) {
            r = BareKernelBaseline.Result.skipped("--bare-window 0s");
        } else if (sfu.size() != 1) {
            r = BareKernelBaseline.Result.skipped("the sinks are connected to " + sfu.size() + " SFU addresses");
        } else {
            runtime.pauseMedia(true);
            try {
                Thread.sleep(300); // what is in flight arrives
                Duration half = settings.stepDuration().dividedBy(2);
                Duration window = half.compareTo(settings.bareWindow()) < 0 ? half : settings.bareWindow();
                r = BareKernelBaseline.measure(sfu.iterator().next(), sinks, datagramsPerSecond, datagramBytes,
                        window);
            } finally {
                runtime.pauseMedia(false);
            }
        }
        if (r.skipped() != null) {
            progress.printf("%s %s: no bare kernel baseline: %s%n", target.name(), settings.scenario().label(),
                    r.skipped());
        } else {
            progress.printf("%s %s: bare kernel baseline, %,.0f datagrams/s of %d bytes to %d sinks: %.2f us each in"
                            + " sendmmsg batches, %.2f us with one sendto each%n", target.name(),
                    settings.scenario().label(), datagramsPerSecond, datagramBytes, sinks.size(),
                    r.batchedUsPerPacket(), r.singleUsPerPacket());
        }
        return r;
    }

    private boolean simulcast() {
        return settings.scenario() == Scenario.SIMULCAST;
    }

    /** What every receiver of the simulcast scenario got, from the keyframe heights of its video streams. */
    private List<LayerReceipt> layerReceipts(int level) {
        List<LayerReceipt> l = new ArrayList<>();
        for (SimulatedParticipant p : everyone) {
            SimulcastRole role = p.simulcastRole();
            if (role == null || role.publishLayers()) continue;
            List<Integer> last = new ArrayList<>();
            java.util.Map<Integer, Long> byHeight = new java.util.TreeMap<>();
            for (ClientConnection c : p.subscriberConnections()) {
                last.addAll(c.lastKeyframeHeights());
                c.videoPacketsByHeight().forEach((h, n) -> byHeight.merge(h, n, Long::sum));
            }
            l.add(new LayerReceipt(level, p.name(), role.maxHeight(), List.copyOf(last), byHeight));
        }
        return l;
    }

    /** E.g. "layers: maxHeight 180 -> 180 x20; maxHeight 360 -> 360 x20; no limit -> 720 x20 (streams, by last keyframe)". */
    static String layerLine(List<LayerReceipt> receipts) {
        java.util.Map<String, java.util.Map<Integer, Integer>> byCap = new java.util.LinkedHashMap<>();
        for (LayerReceipt r : receipts) {
            String cap = r.maxHeight() == null ? "no limit" : "maxHeight " + r.maxHeight();
            java.util.Map<Integer, Integer> counts = byCap.computeIfAbsent(cap, k -> new java.util.TreeMap<>());
            for (int h : r.lastHeights()) counts.merge(h, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("layers received (video streams by last keyframe height):");
        byCap.forEach((cap, counts) -> {
            sb.append(' ').append(cap).append(" ->");
            counts.forEach((h, n) -> sb.append(' ').append(h).append("p x").append(n));
            sb.append(';');
        });
        return sb.toString();
    }

    /** [packets received, sum over streams of extended highest sequence + 1, bytes received]. */
    private long[] sinkTotals() {
        long[] t = new long[3];
        for (SimulatedParticipant p : everyone) {
            for (ClientConnection c : p.subscriberConnections()) c.addSinkTotals(t);
        }
        return t;
    }

    static Percentiles joinPercentiles(List<Long> nanos) {
        return Percentiles.of(nanos.stream().mapToDouble(n -> n / 1e6).toArray());
    }

    static String line(StepResult s) {
        Percentiles added = s.serverDelayMs();
        String serverAdded = added.count() == 0 ? ""
                : String.format(" | server-added p50 <=%.2f p99 <=%.2f ms", added.p50(), added.p99());
        return String.format("pubs %d subs %d | %,.0f pkt/s fwd | loss %.3f%% | server %.2f cores, %.2f us/pkt | "
                        + "gen %.2f us/pkt | delay p50 %.2f p99 %.2f max %.1f ms%s | join p50 %.0f p99 %.0f ms",
                s.publishers(), s.subscribers(), s.forwardedPps(), s.lossFraction() * 100, s.serverCpuCores(),
                s.serverCpuUsPerPacket(), s.generatorCpuUsPerPacket(), s.delayMs().p50(), s.delayMs().p99(),
                s.delayMs().max(), serverAdded, s.joinMs().p50(), s.joinMs().p99());
    }

    private void closeAll() {
        List<SimulatedParticipant> all = new ArrayList<>(everyone);
        java.util.Collections.reverse(all);
        for (SimulatedParticipant p : all) {
            try {
                p.close();
            } catch (RuntimeException ignored) {
                // Best effort.
            }
        }
        everyone.clear();
        rooms.clear();
        joiner.shutdownNow();
    }
}
