package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.SkipReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-subscriber decision, step by step. Each row is one packet (layer, sequence number, keyframe?) with the
 * state it meets, and the verdict expected: "send <out seq>", or the skip reason, and the layer whose keyframe is
 * wanted. Layers are 0 (low) .. 2 (high); each layer has its own sequence space, as simulcast streams do.
 */
class ForwarderTest {
    private static final long MS = 1_000_000L;

    private record Step(String note, int layer, int seq, boolean keyframe, String expected) {
    }

    private static Step pkt(String note, int layer, int seq, boolean keyframe, String expected) {
        return new Step(note, layer, seq, keyframe, expected);
    }

    private static String verdict(ForwardDecision d) {
        String v = d.forward ? "send " + d.outSequence : d.skipReason.label();
        if (d.switchedLayer) v += " switched";
        if (d.keyframeNeededLayer >= 0) v += " want-key " + d.keyframeNeededLayer;
        return v;
    }

    private static List<String> run(Forwarder f, List<Step> steps) {
        List<String> out = new ArrayList<>();
        long now = 0;
        for (Step s : steps) {
            now += 10 * MS;
            out.add(s.note + ": " + verdict(f.decide(s.layer, s.seq, s.seq * 3000L, s.keyframe, true, false, now)));
        }
        return out;
    }

    private static void check(Forwarder f, List<Step> steps) {
        List<String> expected = steps.stream().map(s -> s.note + ": " + s.expected).toList();
        assertEquals(expected, run(f, steps));
    }

    @Test
    void videoStartsOnAKeyframeOfTheTargetLayer() {
        Forwarder f = new Forwarder(true, new RtpMunger(90_000, 100, 0));
        check(f, List.of(
                pkt("delta before any keyframe", 0, 10, false, "waiting_for_keyframe want-key 0"),
                pkt("keyframe starts the stream", 0, 11, true, "send 100 switched"),
                pkt("next packet continues", 0, 12, false, "send 101"),
                pkt("another layer is not selected", 1, 500, true, "layer_not_selected")));
    }

    @Test
    void aSwitchWaitsForTheTargetsKeyframeWhileTheCurrentLayerContinues() {
        Forwarder f = new Forwarder(true, new RtpMunger(90_000, 100, 0));
        check(f, List.of(pkt("start on low", 0, 10, true, "send 100 switched")));
        f.setTargetLayer(2);
        check(f, List.of(
                pkt("low still forwarded", 0, 11, false, "send 101"),
                pkt("high delta waits", 2, 7000, false, "layer_switch_pending want-key 2"),
                pkt("middle is not selected", 1, 300, true, "layer_not_selected"),
                pkt("low still forwarded", 0, 12, false, "send 102"),
                pkt("high keyframe: switch, seq continues", 2, 7001, true, "send 103 switched"),
                pkt("high continues", 2, 7002, false, "send 104"),
                pkt("low is dropped now", 0, 13, false, "layer_not_selected")));
    }

    @Test
    void packetsFromBeforeASwitchAreStale() {
        Forwarder f = new Forwarder(true, new RtpMunger(90_000, 100, 0));
        check(f, List.of(pkt("start", 0, 5000, true, "send 100 switched"), pkt("on", 0, 5001, false, "send 101")));
        f.restart();
        check(f, List.of(
                pkt("restarted: wait", 0, 9000, false, "waiting_for_keyframe want-key 0"),
                pkt("keyframe", 0, 9001, true, "send 102 switched"),
                pkt("far older than the run", 0, 5002, false, "stale")));
    }

    @Test
    void audioNeedsNoKeyframe() {
        Forwarder f = new Forwarder(false, new RtpMunger(48_000, 7, 0));
        check(f, List.of(pkt("first audio", 0, 1, false, "send 7 switched"), pkt("next", 0, 2, false, "send 8")));
    }

    @Test
    void pausesAndConnectivityComeFirst() {
        Forwarder f = new Forwarder(true, new RtpMunger(90_000, 100, 0));
        assertEquals("not_connected", verdict(f.decide(0, 1, 0, true, false, false, 0)));
        assertEquals("producer_paused", verdict(f.decide(0, 1, 0, true, true, true, 0)));
        f.setPaused(true);
        assertEquals("subscriber_paused", verdict(f.decide(0, 1, 0, true, true, false, 0)));
        f.setPaused(false);
        assertEquals("send 100 switched", verdict(f.decide(0, 2, 0, true, true, false, 0)));
        f.setPaused(true);
        f.setPaused(false);
        assertEquals("waiting_for_keyframe want-key 0", verdict(f.decide(0, 3, 0, false, true, false, MS)),
                "after a pause video waits for a keyframe again");
        assertEquals("send 101 switched", verdict(f.decide(0, 4, 0, true, true, false, 2 * MS)),
                "and continues the sequence without a gap");
    }
}
