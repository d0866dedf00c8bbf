package io.patchbay.signaling.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.transport.MediaPortProbe;
import org.junit.jupiter.api.Test;

/** What readiness says as probes come and go, time passes and a drain starts. */
class ReadinessTest {
    private static final MediaPortProbe.Result OK = new MediaPortProbe.Result(true, null, 3);
    private static final MediaPortProbe.Result FAILED = new MediaPortProbe.Result(false, "no STUN answer", -1);

    @Test
    void startingReadyFailedStaleAndDraining() {
        Readiness r = new Readiness();
        assertEquals(Readiness.State.STARTING, r.state(0), "no probe yet");
        r.probed(FAILED, 1_000);
        assertEquals(Readiness.State.STARTING, r.state(1_000), "never answered yet: still starting");
        r.probed(OK, 2_000);
        assertEquals(Readiness.State.READY, r.state(2_000));
        assertEquals(Readiness.State.READY, r.state(2_000 + Readiness.PROBE_STALE_MILLIS));
        assertEquals(Readiness.State.MEDIA_PORT_FAILED, r.state(2_001 + Readiness.PROBE_STALE_MILLIS),
                "a probe result too old: the prober may be stuck");
        r.probed(FAILED, 30_000);
        assertEquals(Readiness.State.MEDIA_PORT_FAILED, r.state(30_000));
        r.probed(OK, 35_000);
        assertEquals(Readiness.State.READY, r.state(35_000), "answers again: ready again");
        r.draining();
        assertEquals(Readiness.State.DRAINING, r.state(35_000), "draining wins over a good probe");
        r.probed(OK, 40_000);
        assertEquals(Readiness.State.DRAINING, r.state(40_000), "for good");
    }
}
