package io.patchbay.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@code ./patchbay load} and {@code ./patchbay compare}. */
final class LoadOptions {
    static final String USAGE = """
            usage: ./patchbay load [options]        (./patchbay compare [options] adds Janus, as root)
                   ./patchbay load render DIR/report.json   table and report.html again from a saved report
              --scenario broadcast|meeting|rooms|simulcast|join   what participants do (default broadcast);
                                                    simulcast: --publishers sending q/h/f layers (180/360/720
                                                    lines) to receivers asking maxHeight 180, 360, none in turn;
                                                    join: no ramp, joins one at a time, each timed phase by phase
              --subscribers N                       one level: broadcast or simulcast receivers (same as --ramp N)
              --participants N                      one level: meeting participants
              --rooms N                             one level: rooms of --room-size participants
              --ramp L1,L2,...                      levels to step through; stops after the knee
                                                    (defaults: broadcast 50,100,200,300; meeting 4,8,12,16;
                                                    rooms 5,10,20,40; simulcast 30)
              --ramp-broadcast L,.. --ramp-meeting L,.. --ramp-rooms L,..   per scenario (compare runs several)
              --room-size N                         participants per room in 'rooms' (default 4)
              --duration 10s                        measured window per level (s or ms suffix)
              --settle 2s                           pause after joins before measuring
              --warmup 10s                          unmeasured small call first (0s: none); join: unmeasured
                                                    joins for this long first (default 5s)
              --joins 50                            join: measured joins, one after another (each publishes
                                                    audio+video, receives everyone, leaves; no keyframe within
                                                    10 s = FAILED, exit status 1)
              --publishers 2                        join: participants already in the room, publishing;
                                                    simulcast: the publishers (each q/h/f + audio)
              --video-kbps 1500                     each publisher's video bitrate (simulcast: the top layer's;
                                                    the others 1/3 and 1/10 of it)
              --sample-every 4                      sinks authenticate+time 1 packet in N per stream
              --srtp gcm|cm                         SRTP profile offered first (default gcm)
              --out DIR                             report folder (default load-report)
              --server-jar PATH                     Patchbay jar to start (default sfu-signaling/target/patchbay.jar)
              --url http://HOST:PORT --pid PID      measure a running Patchbay instead
              --media-threads N                     PATCHBAY_MEDIA_THREADS of the server started
              --repetitions N                       runs per server, alternated in compare (default 1; compare 3)
              --bare-window 4s                      bare kernel baseline after each level: batched, then single
                                                    sends, each this long at most (and half --duration); 0s: none
              --bind ADDRESS                        address for server and clients (default 127.0.0.1)
              --nodes N                             broadcast over a cluster of N Patchbay processes (media on
                                                    the edge): publisher on node 0, --subscribers spread over the
                                                    nodes; prints relay packets per published packet and each
                                                    node's CPU per forwarded packet (cluster-broadcast.txt)
            """;

    private LoadOptions() {
    }

    /** Parses; returns null for --help. Throws IllegalArgumentException with a clear message on bad input. */
    static LoadSettings parse(String[] args, String defaultBind) {
        Scenario scenario = Scenario.BROADCAST;
        List<Integer> ramp = null;
        java.util.Map<Scenario, List<Integer>> ramps = new java.util.EnumMap<>(Scenario.class);
        int roomSize = 4;
        Duration duration = Duration.ofSeconds(10);
        Duration settle = Duration.ofSeconds(2);
        Duration warmUp = null;
        int joins = LoadSettings.DEFAULT_JOINS;
        int joinPublishers = LoadSettings.DEFAULT_JOIN_PUBLISHERS;
        long videoBps = 1_500_000;
        int sampleEvery = 4;
        String srtp = "gcm";
        Path out = Path.of("load-report");
        Path jar = Path.of("sfu-signaling/target/patchbay.jar");
        String url = null;
        long pid = 0;
        String bind = defaultBind;
        int mediaThreads = 0;
        int repetitions = 1;
        Duration bareWindow = LoadSettings.DEFAULT_BARE_WINDOW;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) return null;
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--scenario" -> scenario = Scenario.parse(v);
                case "--subscribers", "--participants", "--rooms" -> ramp = List.of(positive(a, v));
                case "--ramp" -> ramp = levels(a, v);
                case "--ramp-broadcast" -> ramps.put(Scenario.BROADCAST, levels(a, v));
                case "--ramp-meeting" -> ramps.put(Scenario.MEETING, levels(a, v));
                case "--ramp-rooms" -> ramps.put(Scenario.ROOMS, levels(a, v));
                case "--room-size" -> roomSize = positive(a, v);
                case "--duration" -> duration = duration(a, v);
                case "--settle" -> settle = duration(a, v);
                case "--warmup" -> warmUp = duration(a, v);
                case "--joins" -> joins = positive(a, v);
                case "--publishers" -> joinPublishers = positive(a, v);
                case "--video-kbps" -> videoBps = positive(a, v) * 1000L;
                case "--sample-every" -> sampleEvery = positive(a, v);
                case "--srtp" -> {
                    if (!v.equals("gcm") && !v.equals("cm")) throw new IllegalArgumentException("--srtp gcm or cm");
                    srtp = v;
                }
                case "--out" -> out = Path.of(v);
                case "--server-jar" -> jar = Path.of(v);
                case "--url" -> url = v;
                case "--pid" -> pid = positive(a, v);
                case "--media-threads" -> mediaThreads = positive(a, v);
                case "--repetitions" -> repetitions = positive(a, v);
                case "--bare-window" -> bareWindow = duration(a, v);
                case "--bind" -> bind = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (warmUp == null) warmUp = Duration.ofSeconds(scenario == Scenario.JOIN ? 5 : 10);
        if (ramp != null) ramps.put(scenario, ramp);
        ramp = ramps.getOrDefault(scenario, scenario.defaultRamp);
        if (url == null && !jar.toFile().isFile()) {
            throw new IllegalArgumentException("server jar " + jar + " not found (build it, or pass --server-jar/--url)");
        }
        return new LoadSettings(scenario, List.copyOf(ramp), roomSize, duration, settle, warmUp, videoBps, sampleEvery, srtp,
                out, jar, url, pid, bind, mediaThreads, repetitions, 8, java.util.Map.copyOf(ramps), joins,
                joinPublishers, bareWindow);
    }

    private static List<Integer> levels(String option, String v) {
        List<Integer> l = new ArrayList<>();
        for (String x : v.split(",")) l.add(positive(option, x.trim()));
        return List.copyOf(l);
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a positive integer, got '" + v + "'");
        }
    }

    private static Duration duration(String option, String v) {
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("m")) return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            if (v.endsWith("s")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a duration like 10s or 500ms, got '" + v + "'");
        }
    }
}
