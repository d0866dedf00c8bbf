package io.patchbay.load.report;

import java.util.List;

/**
 * Everything one invocation of the generator measured; written as JSON, a text table and an HTML page.
 *
 * @param startedAt       ISO-8601 start time
 * @param command         the command line that produced it (to reproduce it)
 * @param machine         e.g. "2 cores, Linux 6.1, OpenJDK 17.0.x"
 * @param settings        the generator settings, one "key=value" per entry (video bitrate, durations, ...)
 * @param runs            every scenario run, in the order they ran
 * @param comparisons     filled only by the Janus comparison
 * @param notes           things the reader must know (e.g. "comparison skipped: not root"), possibly empty
 * @param joinRuns        join-time runs ({@code --scenario join}); empty or absent otherwise
 */
public record LoadReport(
        String startedAt,
        String command,
        String machine,
        List<String> settings,
        List<ServerRun> runs,
        List<Comparison> comparisons,
        List<String> notes,
        List<JoinRun> joinRuns) {
}
