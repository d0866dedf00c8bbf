package io.patchbay.load.report;

import java.util.List;

/**
 * One scenario against one server: the steps of its ramp in order, and where the knee was found.
 *
 * @param server      "patchbay" or "janus"
 * @param version     server version string as reported
 * @param scenario    "broadcast", "meeting" or "rooms"
 * @param repetition  0-based index when the same scenario is alternated between servers several times
 * @param srtpProfile the SRTP protection profile DTLS negotiated
 * @param steps       ramp steps
 * @param kneeStep    index of the first step where loss or delay started to climb, or -1 if none did
 * @param kneeReason  why that step is the knee (e.g. "loss 2.1% > 1%"), or null
 * @param layers      simulcast scenario: what each receiver got at the end of each level; empty (or null in older
 *                    reports) otherwise
 */
public record ServerRun(
        String server,
        String version,
        String scenario,
        int repetition,
        String srtpProfile,
        List<StepResult> steps,
        int kneeStep,
        String kneeReason,
        List<LayerReceipt> layers) {
}
