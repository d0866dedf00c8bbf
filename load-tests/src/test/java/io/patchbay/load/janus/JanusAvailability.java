package io.patchbay.load.janus;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the Janus tests can run here (root, iproute2, Debian janus). Where they cannot they say why on stderr and
 * are skipped; under CI ({@code CI} set, as .ci/run does) they fail instead, because CI installs all of it.
 */
public final class JanusAvailability {
    private JanusAvailability() {
    }

    public static void require(String what) {
        Optional<String> reason = JanusProcess.unavailableReason();
        if (reason.isEmpty()) return;
        String message = what + " NOT RUN: " + reason.get();
        System.err.println("SKIPPED: " + message);
        if (System.getenv("CI") != null) {
            Assertions.fail(message + " (CI must run it: .ci/run installs janus and runs as root)");
        }
        Assumptions.abort(message);
    }
}
