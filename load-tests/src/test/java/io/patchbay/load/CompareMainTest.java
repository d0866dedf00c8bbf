package io.patchbay.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.load.report.Comparison;
import io.patchbay.load.report.Histogram;
import io.patchbay.load.report.Percentiles;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.report.StepResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How alternated runs of both servers become the comparison table: medians per level over the runs that got there. */
class CompareMainTest {

    /** A measured level: {@code cpuUs} of server CPU per forwarded packet, delay p99 as given. */
    private static StepResult step(int subscribers, double cpuUs, double delayP99Ms) {
        return new StepResult(1, subscribers, 1, 10, 1_000, 1_000, 100 * subscribers, 0, 1, cpuUs, 0.1, 5,
                new Percentiles(1_000, 0.5, 1, delayP99Ms, delayP99Ms), new Histogram(List.of(1.0), List.of(1_000L), 0),
                new Percentiles(2, 100, 100, 100, 100), 1, 0, 0, cpuUs / 4, cpuUs / 2, null, cpuUs * 1e-3 / 10);
    }

    private static ServerRun run(String server, int repetition, StepResult... steps) {
        return new ServerRun(server, "v", "broadcast", repetition, "AEAD_AES_128_GCM", List.of(steps), -1, null,
                List.of());
    }

    @Test
    void aRepetitionThatStoppedAtAnEarlierKneeDoesNotHideTheLevelsTheOthersMeasured() {
        List<ServerRun> runs = List.of(
                run("patchbay", 0, step(100, 8, 4), step(200, 9, 7), step(300, 10, 17)),
                run("janus", 0, step(100, 20, 5), step(200, 18, 11), step(300, 21, 1_100)),
                run("janus", 1, step(100, 22, 5), step(200, 24, 22)),
                run("patchbay", 1, step(100, 11, 28)), // delay p99 above 20 ms: its ramp stopped here
                run("patchbay", 2, step(100, 7, 4), step(200, 8, 7), step(300, 9, 18)));

        List<Comparison> c = CompareMain.compare(runs);

        assertEquals(List.of(100, 200, 300), c.stream().map(Comparison::subscribers).toList());
        assertEquals(8, c.get(0).patchbayCpuUsPerPacket(), "median of 8, 11, 7");
        assertEquals(21, c.get(0).janusCpuUsPerPacket(), "median of 20, 22");
        assertEquals(2, c.get(0).repetitions(), "the fewer of 3 and 2");
        assertEquals(8.5, c.get(1).patchbayCpuUsPerPacket(), "median of 9, 8: the run that stopped has no say");
        assertEquals(2, c.get(1).repetitions());
        assertEquals(9.5 / 21, c.get(2).cpuRatio(), 1e-9, "medians of 10, 9 and of 21 alone");
        assertEquals(1, c.get(2).repetitions());
    }

    @Test
    void theSavedCommandHasNoPathOfTheMachineThatRanIt() {
        assertEquals("./patchbay compare --ramp-broadcast 100,200", CompareMain.commandAsTyped(new String[] {
                "--server-jar", "/tmp/checkout/sfu-signaling/target/patchbay.jar", "--iface", "va", "--ramp-broadcast",
                "100,200", "--out", "/tmp/cmp"}));
    }
}
