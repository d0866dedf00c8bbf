package io.patchbay.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run is configured with (command-line options of {@code ./patchbay load}).
 *
 * @param scenario        what participants do
 * @param ramp            levels in order (see {@link Scenario}); the run stops after the knee
 * @param roomSize        participants per room in the {@code rooms} scenario
 * @param stepDuration    measured window per level
 * @param settle          wait after the last join of a level before measuring
 * @param warmUp          a small unmeasured call before the ramp (JIT, crypto and pools warm on both sides)
 * @param videoBps        each publisher's video bitrate
 * @param sampleEvery     sinks authenticate and time 1 packet in this many per stream
 * @param srtp            "gcm" (AEAD_AES_128_GCM first) or "cm" (AES_CM_128_HMAC_SHA1_80 only)
 * @param outDir          where the JSON and HTML reports go
 * @param serverJar       the Patchbay jar to start, or null with {@code url}
 * @param url             an already running Patchbay (http://host:port), or null
 * @param serverPid       that server's pid (for CPU), or 0
 * @param bindAddress     the address the server and the simulated clients use
 * @param mediaThreads    PATCHBAY_MEDIA_THREADS for a server we start (0: its default)
 * @param repetitions     alternated runs per server (comparison)
 * @param joinConcurrency participants joining at once
 * @param ramps           the ramp of every scenario (compare runs several), including {@code scenario}'s
 * @param joins           measured joins of the {@code join} scenario
 * @param joinPublishers  participants already publishing in the room of the {@code join} scenario
 * @param bareWindow      each of the bare kernel baseline's two measurements lasts at most this, and at most half the
 *                        window; zero: no baseline
 */
public record LoadSettings(
        Scenario scenario,
        List<Integer> ramp,
        int roomSize,
        Duration stepDuration,
        Duration settle,
        Duration warmUp,
        long videoBps,
        int sampleEvery,
        String srtp,
        Path outDir,
        Path serverJar,
        String url,
        long serverPid,
        String bindAddress,
        int mediaThreads,
        int repetitions,
        int joinConcurrency,
        java.util.Map<Scenario, List<Integer>> ramps,
        int joins,
        int joinPublishers,
        Duration bareWindow) {

    static final int DEFAULT_JOINS = 50;
    static final int DEFAULT_JOIN_PUBLISHERS = 2;
    static final Duration DEFAULT_BARE_WINDOW = Duration.ofSeconds(4);

    /** Settings without the join scenario's own options (their defaults). */
    public LoadSettings(Scenario scenario, List<Integer> ramp, int roomSize, Duration stepDuration, Duration settle,
                        Duration warmUp, long videoBps, int sampleEvery, String srtp, Path outDir, Path serverJar,
                        String url, long serverPid, String bindAddress, int mediaThreads, int repetitions,
                        int joinConcurrency, java.util.Map<Scenario, List<Integer>> ramps) {
        this(scenario, ramp, roomSize, stepDuration, settle, warmUp, videoBps, sampleEvery, srtp, outDir, serverJar,
                url, serverPid, bindAddress, mediaThreads, repetitions, joinConcurrency, ramps, DEFAULT_JOINS,
                DEFAULT_JOIN_PUBLISHERS, DEFAULT_BARE_WINDOW);
    }

    /** The same settings with the join scenario's options. */
    public LoadSettings withJoins(int n, int publishers) {
        return new LoadSettings(scenario, ramp, roomSize, stepDuration, settle, warmUp, videoBps, sampleEvery, srtp,
                outDir, serverJar, url, serverPid, bindAddress, mediaThreads, repetitions, joinConcurrency, ramps, n,
                publishers, bareWindow);
    }

    /** The same settings with another bare kernel baseline window (zero: none). */
    public LoadSettings withBareWindow(Duration window) {
        return new LoadSettings(scenario, ramp, roomSize, stepDuration, settle, warmUp, videoBps, sampleEvery, srtp,
                outDir, serverJar, url, serverPid, bindAddress, mediaThreads, repetitions, joinConcurrency, ramps, joins,
                joinPublishers, window);
    }

    /** The same settings for another scenario, with that scenario's ramp. */
    public LoadSettings forScenario(Scenario other) {
        return new LoadSettings(other, ramps.getOrDefault(other, other.defaultRamp), roomSize, stepDuration, settle,
                warmUp, videoBps, sampleEvery, srtp, outDir, serverJar, url, serverPid, bindAddress, mediaThreads,
                repetitions, joinConcurrency, ramps, joins, joinPublishers, bareWindow);
    }

    public LoadSettings withRepetitions(int n) {
        return new LoadSettings(scenario, ramp, roomSize, stepDuration, settle, warmUp, videoBps, sampleEvery, srtp,
                outDir, serverJar, url, serverPid, bindAddress, mediaThreads, n, joinConcurrency, ramps, joins,
                joinPublishers, bareWindow);
    }

    public List<String> describe() {
        List<String> s = new ArrayList<>();
        s.add("scenario=" + scenario.label());
        if (scenario == Scenario.JOIN) {
            s.add("joins=" + joins + " (one after another; each publishes audio+video, receives everyone, leaves)");
            s.add("publishers=" + joinPublishers + " (in the room first, publishing audio+video, receiving everyone)");
            s.add("warmUp=" + warmUp.toSeconds() + "s (unmeasured joins first)");
            s.add("videoKbps=" + videoBps / 1000 + " (30 fps, <=1100-byte packets, 4x keyframe on PLI/FIR)");
            s.add("srtp=" + srtp);
            s.add("bind=" + bindAddress);
            if (mediaThreads > 0) s.add("serverMediaThreads=" + mediaThreads);
            s.add("repetitions=" + repetitions);
            return s;
        }
        s.add("ramp=" + ramp);
        ramps.forEach((sc, r) -> {
            if (sc != scenario) s.add(sc.label() + "Ramp=" + r);
        });
        if (scenario == Scenario.ROOMS) s.add("roomSize=" + roomSize);
        if (scenario == Scenario.SIMULCAST) {
            s.add("publishers=" + joinPublishers + " (video as simulcast q/h/f: 320x180, 640x360, 1280x720 at 1/10, 1/3"
                    + " and 1 x videoKbps; audio)");
            s.add("receivers ask maxHeight 180, 360, none in turn (update-subscription); layers read from keyframes");
        }
        s.add("stepDuration=" + stepDuration.toSeconds() + "s");
        s.add("settle=" + settle.toMillis() + "ms");
        s.add("warmUp=" + warmUp.toSeconds() + "s (1 publisher, " + RampRunner.WARM_UP_SUBSCRIBERS
                + " subscribers, not measured)");
        s.add("videoKbps=" + videoBps / 1000 + " (30 fps, <=1100-byte packets, 4x keyframe on PLI/FIR)");
        s.add("audio=Opus-like 50 packets/s, 100 bytes");
        s.add("sampleEvery=" + sampleEvery + " (1 packet in N per stream authenticated, decrypted and timed)");
        s.add("srtp=" + srtp);
        s.add("bind=" + bindAddress);
        if (mediaThreads > 0) s.add("serverMediaThreads=" + mediaThreads);
        s.add("repetitions=" + repetitions);
        s.add("bareWindow=" + (bareWindow.isZero() ? "none" : bareWindow.toMillis() + "ms (each of batched, single)"));
        return s;
    }
}
