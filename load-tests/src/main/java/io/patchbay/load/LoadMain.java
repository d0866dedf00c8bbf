package io.patchbay.load;

import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.join.JoinTimeScenario;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.report.JoinRun;
import io.patchbay.load.report.LoadReport;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.sfu.PatchbayTarget;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./patchbay load}: drives simulated participants against Patchbay and writes the report.
 * {@code ./patchbay compare} (see {@link CompareMain}) runs the same against Janus as well.
 */
public final class LoadMain {
    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("render")) {
            render(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("compare")) {
            CompareMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // --nodes N (broadcast only): the same broadcast spread over a cluster of N nodes (ClusterBroadcast).
        int nodes = 1;
        List<String> rest = new ArrayList<>(List.of(args));
        int at = rest.indexOf("--nodes");
        if (at >= 0) {
            try {
                nodes = Integer.parseInt(rest.get(at + 1));
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                System.err.println("patchbay load: --nodes needs a number");
                System.exit(2);
                return;
            }
            rest.remove(at + 1);
            rest.remove(at);
        }
        LoadSettings settings;
        try {
            settings = LoadOptions.parse(rest.toArray(new String[0]), "127.0.0.1");
        } catch (IllegalArgumentException e) {
            System.err.println("patchbay load: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        if (nodes > 1) {
            if (settings.scenario() != Scenario.BROADCAST || settings.url() != null) {
                System.err.println("patchbay load: --nodes runs the broadcast scenario on servers it starts");
                System.exit(2);
                return;
            }
            try (ClientRuntime runtime = newRuntime(settings)) {
                System.out.print(new io.patchbay.load.cluster.ClusterBroadcast(runtime, settings.serverJar(),
                        settings.bindAddress(), nodes, settings.ramp().get(0), settings.settle(),
                        settings.stepDuration(), settings.videoBps(), settings.outDir(), System.err)
                        .run("./patchbay load " + String.join(" ", args)));
            }
            return;
        }
        LoadReport report = run(settings, CompareMain.commandAsTyped("./patchbay load", args));
        ReportOutput.write(report, settings.outDir(), System.out);
        long failedJoins = report.joinRuns().stream().mapToLong(JoinRun::failedCount).sum();
        if (failedJoins > 0) {
            System.err.println("patchbay load: " + failedJoins + " join(s) FAILED");
            System.exit(1);
        }
    }

    /**
     * {@code ./patchbay load render DIR/report.json}: the table and report.html again from a saved report, with the
     * comparison with Janus and the target notes worked out by this version from the saved runs (no measurement).
     */
    static void render(Path json) throws java.io.IOException {
        LoadReport r = io.patchbay.load.report.ReportJson.read(json);
        List<io.patchbay.load.report.Comparison> comparisons = r.comparisons().isEmpty() ? r.comparisons()
                : CompareMain.compare(r.runs());
        List<String> notes = new ArrayList<>(r.notes().stream().filter(n -> !n.startsWith("target ")).toList());
        notes.addAll(Targets.evaluate(r.runs(), comparisons));
        LoadReport updated = new LoadReport(r.startedAt(), r.command(), r.machine(), r.settings(), r.runs(),
                comparisons, notes, r.joinRuns());
        Path dir = json.toAbsolutePath().getParent();
        ReportOutput.write(updated, dir, System.out);
    }

    public static LoadReport run(LoadSettings settings, String command) throws Exception {
        Files.createDirectories(settings.outDir());
        String started = Instant.now().toString();
        List<ServerRun> runs = new ArrayList<>();
        List<JoinRun> joinRuns = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (ClientRuntime runtime = newRuntime(settings)) {
            for (int rep = 0; rep < settings.repetitions(); rep++) {
                try (PatchbayTarget target = startPatchbay(settings, runtime, rep)) {
                    if (settings.scenario() == Scenario.JOIN) {
                        joinRuns.add(new JoinTimeScenario(settings, target, System.err).run(rep));
                    } else {
                        runs.add(new RampRunner(settings, target, runtime, System.err).run(rep));
                    }
                }
            }
        }
        for (ServerRun run : runs) {
            if (run.layers() != null && !run.layers().isEmpty()) notes.add(RampRunner.layerLine(run.layers()));
        }
        notes.addAll(Targets.evaluate(runs, List.of()));
        return new LoadReport(started, command, Machine.describe(), settings.describe(), runs,
                List.of(), notes, joinRuns);
    }

    static ClientRuntime newRuntime(LoadSettings settings) throws java.io.IOException {
        return new ClientRuntime(InetAddress.getByName(settings.bindAddress()), 1, 4, settings.sampleEvery());
    }

    static List<SrtpProfile> profiles(LoadSettings settings) {
        return settings.srtp().equals("cm") ? List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)
                : List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    static PatchbayTarget startPatchbay(LoadSettings settings, ClientRuntime runtime, int rep) throws Exception {
        if (settings.url() != null) {
            if (settings.serverPid() <= 0 && settings.scenario() != Scenario.JOIN) {
                throw new IllegalArgumentException("--url needs --pid (for server CPU)");
            }
            return PatchbayTarget.attach(runtime, URI.create(settings.url()), settings.serverPid(), profiles(settings),
                    settings.videoBps());
        }
        List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx2g"));
        String extra = System.getenv("PATCHBAY_JAVA_OPTS"); // the same variable ./patchbay honours
        if (extra != null && !extra.isBlank()) jvm.addAll(List.of(extra.trim().split("\\s+")));
        java.util.Map<String, String> env = settings.mediaThreads() > 0
                ? java.util.Map.of("PATCHBAY_MEDIA_THREADS", Integer.toString(settings.mediaThreads()))
                : java.util.Map.of();
        Path log = settings.outDir().resolve("patchbay-server-" + rep + ".log");
        return PatchbayTarget.start(runtime, settings.serverJar(), settings.bindAddress(), 18080, 17000, jvm, env, log,
                profiles(settings), settings.videoBps(), Duration.ofSeconds(30));
    }
}
