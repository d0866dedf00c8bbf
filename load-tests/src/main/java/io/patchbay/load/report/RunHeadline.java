package io.patchbay.load.report;

/** How a {@link ServerRun} is named: the headline above its table, and the short label in plot legends. */
final class RunHeadline {

    private RunHeadline() {
    }

    /**
     * E.g. {@code patchbay 0.1.0 | scenario broadcast | repetition 0 | SRTP_AEAD_AES_128_GCM | knee: step 2 (loss 2.1% > 1%)}.
     */
    static String of(ServerRun run) {
        return text(run.server()) + " " + text(run.version())
                + " | scenario " + text(run.scenario())
                + " | repetition " + run.repetition()
                + " | " + text(run.srtpProfile())
                + " | " + knee(run);
    }

    /** E.g. {@code patchbay broadcast #0}. */
    static String label(ServerRun run) {
        return text(run.server()) + " " + text(run.scenario()) + " #" + run.repetition();
    }

    /** "knee: step 2 (reason)" or "knee: none". */
    static String knee(ServerRun run) {
        if (run.kneeStep() < 0) {
            return "knee: none";
        }
        String reason = run.kneeReason() == null ? "" : " (" + run.kneeReason() + ")";
        return "knee: step " + run.kneeStep() + reason;
    }

    private static String text(String value) {
        return value == null ? "?" : value;
    }
}
