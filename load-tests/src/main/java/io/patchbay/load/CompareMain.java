package io.patchbay.load;

import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.janus.JanusProcess;
import io.patchbay.load.report.Comparison;
import io.patchbay.load.report.LoadReport;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.report.StepResult;
import io.patchbay.load.sfu.JanusTarget;
import io.patchbay.load.sfu.SfuTarget;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./patchbay compare}: the same scenarios against Patchbay and Janus on this machine in one run, alternating
 * the servers (P J, then J P, ...) so drift and noise hit both, and comparing medians over the repetitions. Runs
 * inside the network namespace the script made (Janus ignores loopback), on the interface given by --iface.
 */
public final class CompareMain {
    private CompareMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>();
        String iface = "va";
        List<Scenario> scenarios = List.of(Scenario.BROADCAST, Scenario.MEETING);
        boolean repetitionsGiven = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iface") && i + 1 < args.length) {
                iface = args[++i];
            } else if (args[i].equals("--scenarios") && i + 1 < args.length) {
                scenarios = Arrays.stream(args[++i].split(",")).map(String::trim).map(Scenario::parse).toList();
            } else {
                if (args[i].equals("--repetitions")) repetitionsGiven = true;
                rest.add(args[i]);
            }
        }
        if (scenarios.contains(Scenario.JOIN)) {
            System.err.println("patchbay compare: the join scenario runs against Patchbay only (./patchbay load"
                    + " --scenario join)");
            System.exit(2);
            return;
        }
        Optional<String> unavailable = JanusProcess.unavailableReason(iface);
        String bind = JanusProcess.ipv4Of(iface).orElse("127.0.0.1");
        LoadSettings base;
        try {
            base = LoadOptions.parse(rest.toArray(String[]::new), bind);
        } catch (IllegalArgumentException e) {
            System.err.println("patchbay compare: " + e.getMessage());
            System.err.println(LoadOptions.USAGE + "  --scenarios broadcast,meeting        (compare) scenarios to run\n"
                    + "  --iface va                            (compare) interface Janus and the clients use\n");
            System.exit(2);
            return;
        }
        if (base == null) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        if (!repetitionsGiven) base = base.withRepetitions(3);
        Files.createDirectories(base.outDir());
        List<String> notes = new ArrayList<>();
        List<ServerRun> runs = new ArrayList<>();
        String started = Instant.now().toString();
        if (unavailable.isPresent()) {
            String note = "Janus comparison SKIPPED: " + unavailable.get() + ". Only Patchbay was measured.";
            notes.add(note);
            System.err.println("WARNING: " + note);
        }
        try (ClientRuntime runtime = LoadMain.newRuntime(base)) {
            for (Scenario scenario : scenarios) {
                LoadSettings s = base.forScenario(scenario);
                for (int rep = 0; rep < s.repetitions(); rep++) {
                    boolean janusFirst = rep % 2 == 1;
                    for (int k = 0; k < 2; k++) {
                        boolean janus = (k == 0) == janusFirst;
                        if (janus && unavailable.isPresent()) continue;
                        try (SfuTarget target = janus
                                ? JanusTarget.start(runtime, s.outDir().resolve("janus-" + scenario.label() + "-" + rep),
                                bind, iface, 18088, LoadMain.profiles(s), s.videoBps())
                                : LoadMain.startPatchbay(s, runtime, rep)) {
                            runs.add(new RampRunner(s, target, runtime, System.err).run(rep));
                        } catch (Exception e) {
                            String note = (janus ? "janus" : "patchbay") + " " + scenario.label() + " repetition "
                                    + rep + " failed: " + e;
                            notes.add(note);
                            System.err.println("ERROR: " + note);
                        }
                    }
                }
            }
        }
        List<Comparison> comparisons = compare(runs);
        notes.addAll(Targets.evaluate(runs, comparisons));
        List<String> settings = new ArrayList<>();
        for (String line : base.describe()) {
            if (!line.startsWith("scenario=") && !line.startsWith("ramp=") && !line.contains("Ramp=")) settings.add(line);
        }
        for (Scenario scenario : scenarios) settings.add(scenario.label() + " ramp=" + base.forScenario(scenario).ramp());
        LoadReport report = new LoadReport(started, commandAsTyped(args), Machine.describe(),
                settings, runs, comparisons, notes, List.of());
        ReportOutput.write(report, base.outDir(), System.out);
    }

    /**
     * Per scenario and level that both servers measured: medians over the repetitions that measured it (a repetition
     * whose ramp stopped at an earlier knee has no figure for the levels above it), and the CPU ratio.
     */
    static List<Comparison> compare(List<ServerRun> runs) {
        List<Comparison> out = new ArrayList<>();
        List<String> scenarios = runs.stream().map(ServerRun::scenario).distinct().toList();
        for (String scenario : scenarios) {
            List<ServerRun> p = runs.stream().filter(r -> r.scenario().equals(scenario) && r.server().equals("patchbay")).toList();
            List<ServerRun> j = runs.stream().filter(r -> r.scenario().equals(scenario) && r.server().equals("janus")).toList();
            if (p.isEmpty() || j.isEmpty()) continue;
            int levels = Math.max(maxSteps(p), maxSteps(j));
            for (int level = 0; level < levels; level++) {
                List<StepResult> ps = stepsAt(p, level);
                List<StepResult> js = stepsAt(j, level);
                if (ps.isEmpty() || js.isEmpty()) continue;
                double pCpu = median(ps.stream().mapToDouble(StepResult::serverCpuUsPerPacket).toArray());
                double jCpu = median(js.stream().mapToDouble(StepResult::serverCpuUsPerPacket).toArray());
                double bare = median(ps.stream().mapToDouble(StepResult::bareBatchedUsPerPacket).toArray());
                out.add(new Comparison(scenario, ps.get(0).subscribers(), pCpu, jCpu, pCpu / jCpu,
                        median(ps.stream().mapToDouble(s -> s.delayMs().p99()).toArray()),
                        median(js.stream().mapToDouble(s -> s.delayMs().p99()).toArray()),
                        median(ps.stream().mapToDouble(s -> s.joinMs().p50()).toArray()),
                        median(js.stream().mapToDouble(s -> s.joinMs().p50()).toArray()),
                        Math.min(ps.size(), js.size()), bare, pCpu / bare,
                        median(ps.stream().mapToDouble(s -> s.serverDelayMs().p99()).toArray()),
                        median(ps.stream().mapToDouble(StepResult::serverJitUsPerPacket).toArray())));
            }
        }
        return out;
    }

    private static int maxSteps(List<ServerRun> runs) {
        return runs.stream().mapToInt(r -> r.steps().size()).max().orElse(0);
    }

    /** The measured step at {@code level} of each run that got that far. */
    private static List<StepResult> stepsAt(List<ServerRun> runs, int level) {
        List<StepResult> out = new ArrayList<>();
        for (ServerRun r : runs) {
            if (r.steps().size() > level && usable(r.steps().get(level))) out.add(r.steps().get(level));
        }
        return out;
    }

    private static boolean usable(StepResult s) {
        return s.packetsReceived() > 0;
    }

    static String commandAsTyped(String[] args) {
        return commandAsTyped("./patchbay compare", args);
    }

    /**
     * The command as its user typed it, for the saved report: without the options the scripts add themselves (the
     * jar's path on this machine, the namespace's interface) nor the report folder, so that it reads the same from
     * any checkout.
     */
    static String commandAsTyped(String program, String[] args) {
        StringBuilder out = new StringBuilder(program);
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--server-jar") || args[i].equals("--iface") || args[i].equals("--out"))
                    && i + 1 < args.length) {
                i++;
                continue;
            }
            out.append(' ').append(args[i]);
        }
        return out.toString();
    }

    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) return Double.NaN;
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
