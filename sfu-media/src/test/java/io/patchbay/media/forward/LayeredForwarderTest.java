package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.codec.DependencyDescriptor;
import io.patchbay.media.codec.DependencyDescriptorWriter;
import io.patchbay.media.codec.DependencyParseResult;
import io.patchbay.media.codec.DependencyStructure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forwarder's temporal and SVC decisions inside one stream, packet by packet. Each row: sequence number, what the
 * codec header says (spatial id, temporal id, picture start, switching point, end of layer frame, delta picture) and
 * the verdict: "send <out seq>" (with "marker" when the marker bit is set for the subscriber), or the skip reason.
 * Out sequence numbers start at 100 and close up over dropped packets.
 */
class LayeredForwarderTest {
    private static final long MS = 1_000_000L;

    /** One packet; {@code sid} -1 without SVC, {@code tid} -1 without temporal layers. */
    private record Pkt(String note, int seq, boolean keyframe, int sid, int tid, boolean start, boolean sync,
                       boolean end, String expected) {
    }

    private static Pkt t(String note, int seq, boolean keyframe, int tid, boolean start, boolean sync, String expected) {
        return new Pkt(note, seq, keyframe, -1, tid, start, sync, false, expected);
    }

    private static Pkt s(String note, int seq, boolean keyframe, int sid, boolean start, boolean end, String expected) {
        return new Pkt(note, seq, keyframe, sid, 0, start, false, end, expected);
    }

    private static void check(Forwarder f, boolean kSvc, List<Pkt> steps) {
        FrameInfo info = FrameInfo.none();
        List<String> got = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        long now = 0;
        for (Pkt p : steps) {
            now += 10 * MS;
            info.clear();
            info.spatialId = p.sid;
            info.temporalId = p.tid;
            info.pictureStart = p.start;
            info.switchingPoint = p.sync;
            info.endOfLayerFrame = p.end;
            info.interPicture = !p.keyframe;
            info.independentSpatialLayers = kSvc;
            ForwardDecision d = f.decide(0, p.seq, p.seq * 3000L, p.keyframe, null, info, true, false, now);
            String v = d.forward ? "send " + d.outSequence + (d.marker ? " marker" : "") : d.skipReason.label();
            got.add(p.note + ": " + v);
            expected.add(p.note + ": " + p.expected);
        }
        assertEquals(expected, got);
    }

    private static Forwarder forwarder() {
        return new Forwarder(true, new RtpMunger(90_000, 100, 0));
    }

    @Test
    void temporalLayersAboveTheTargetAreDroppedAndTheNumbersCloseUp() {
        Forwarder f = forwarder();
        f.setTargetTemporal(1);
        check(f, false, List.of(
                t("TL0 keyframe", 1, true, 0, true, false, "send 100"),
                t("its second packet", 2, false, 0, false, false, "send 101"),
                t("TL2", 3, false, 2, true, false, "temporal_layer"),
                t("TL1", 4, false, 1, true, false, "send 102"),
                t("TL2", 5, false, 2, true, false, "temporal_layer"),
                t("TL2, second packet", 6, false, 2, false, false, "temporal_layer"),
                t("TL0", 7, false, 0, true, false, "send 103")));
    }

    @Test
    void goingUpWaitsForASwitchingPointGoingDownIsAtTheNextPicture() {
        Forwarder f = forwarder();
        f.setTargetTemporal(0);
        check(f, false, List.of(
                t("TL0 keyframe", 1, true, 0, true, false, "send 100"),
                t("TL1 dropped", 2, false, 1, true, false, "temporal_layer")));
        f.setTargetTemporal(2);
        check(f, false, List.of(
                t("TL2 without Y: not yet", 3, false, 2, true, false, "temporal_layer"),
                t("TL0", 4, false, 0, true, false, "send 101"),
                t("TL1 with Y: up to 1", 5, false, 1, true, true, "send 102"),
                t("TL2 without Y: still not", 6, false, 2, true, false, "temporal_layer"),
                t("TL2 with Y: up to 2", 7, false, 2, true, true, "send 103"),
                t("its second packet", 8, false, 2, false, false, "send 104")));
        f.setTargetTemporal(0);
        check(f, false, List.of(
                t("a packet inside the TL2 picture is kept", 9, false, 2, false, false, "send 105"),
                t("next TL1 picture: down", 10, false, 1, true, false, "temporal_layer"),
                t("TL0", 11, false, 0, true, false, "send 106")));
        f.setTargetTemporal(2);
        check(f, false, List.of(t("a keyframe takes it up at once", 12, true, 0, true, false, "send 107"),
                t("TL2 without Y", 13, false, 2, true, false, "send 108")));
    }

    @Test
    void lateAndReorderedPacketsAroundADropGetDistinctNumbers() {
        Forwarder f = forwarder();
        f.setTargetTemporal(0);
        check(f, false, List.of(
                t("TL0 keyframe", 1, true, 0, true, false, "send 100"),
                t("TL0 second packet missing for now", 3, false, 0, true, false, "send 102"),
                t("TL1 dropped", 4, false, 1, true, false, "temporal_layer"),
                t("TL0", 5, false, 0, true, false, "send 103"),
                t("the late packet 2 gets its own number", 2, false, 0, false, false, "send 101")));
    }

    @Test
    void svcSendsTheLayersUpToTheTargetAndMarksTheEndOfTheHighest() {
        Forwarder f = forwarder();
        f.setTargetSpatial(1);
        check(f, false, List.of(
                s("key picture, S0", 1, true, 0, true, true, "send 100"),
                s("S1", 2, true, 1, true, true, "send 101 marker"),
                s("S2 dropped", 3, true, 2, true, true, "spatial_layer"),
                s("delta S0: full SVC keeps it", 4, false, 0, true, true, "send 102"),
                s("delta S1, first packet", 5, false, 1, true, false, "send 103"),
                s("delta S1, last packet", 6, false, 1, false, true, "send 104 marker"),
                s("S2", 7, false, 2, true, true, "spatial_layer")));
    }

    @Test
    void kSvcSendsOnlyTheTargetLayerBetweenKeyPicturesAndSwitchesOnAKeyPicture() {
        Forwarder f = forwarder();
        f.setTargetSpatial(1);
        check(f, true, List.of(
                s("key picture, S0 (S1 needs it)", 1, true, 0, true, true, "send 100"),
                s("S1", 2, true, 1, true, true, "send 101 marker"),
                s("S2", 3, true, 2, true, true, "spatial_layer"),
                s("delta S0: not needed", 4, false, 0, true, true, "spatial_layer"),
                s("delta S1", 5, false, 1, true, true, "send 102 marker"),
                s("delta S2", 6, false, 2, true, true, "spatial_layer")));
        f.setTargetSpatial(2);
        check(f, true, List.of(
                s("delta S0: still on S1", 7, false, 0, true, true, "spatial_layer"),
                s("delta S1", 8, false, 1, true, true, "send 103 marker"),
                s("delta S2: waits for a key picture", 9, false, 2, true, true, "spatial_layer"),
                s("key picture S0: switch", 10, true, 0, true, true, "send 104"),
                s("S1", 11, true, 1, true, true, "send 105"),
                s("S2 ends the picture", 12, true, 2, true, true, "send 106 marker")));
    }

    @Test
    void fullSvcGoesDownAtAPictureStartWithoutAKeyPicture() {
        Forwarder f = forwarder();
        f.setTargetSpatial(2);
        check(f, false, List.of(
                s("key picture S0", 1, true, 0, true, true, "send 100"),
                s("S1", 2, true, 1, true, true, "send 101"),
                s("S2", 3, true, 2, true, true, "send 102 marker")));
        f.setTargetSpatial(0);
        check(f, false, List.of(
                s("delta S0 starts the picture: down", 4, false, 0, true, true, "send 103 marker"),
                s("S1", 5, false, 1, true, true, "spatial_layer"),
                s("S2", 6, false, 2, true, true, "spatial_layer"),
                s("next delta S0", 7, false, 0, true, true, "send 104 marker")));
    }

    @Test
    void beforeAnyTargetEverythingIsSentEvenInKSvc() {
        Forwarder f = forwarder();
        check(f, true, List.of(
                s("key picture S0", 1, true, 0, true, true, "send 100"),
                s("S1", 2, true, 1, true, true, "send 101"),
                s("delta S0", 3, false, 0, true, true, "send 102"),
                s("delta S1", 4, false, 1, true, true, "send 103")));
        f.setTargetSpatial(0);
        check(f, true, List.of(
                s("every chain was sent: down at the next picture", 5, false, 0, true, true, "send 104 marker"),
                s("S1", 6, false, 1, true, true, "spatial_layer")));
    }

    /**
     * A Dependency Descriptor step: template index in Chrome's L3T3_KEY structure (0 key S0, 1 S0T0, 2 S0T1, 3-4 S0T2,
     * 5 key S1, 6 S1T0, 7 S1T1, 8-9 S1T2, 10 key S2, 11 S2T0, 12 S2T1, 13-14 S2T2), one packet per frame.
     */
    private record DdFrame(String note, int template, boolean key, String expected) {
    }

    private static DdFrame dd(String note, int template, boolean key, String expected) {
        return new DdFrame(note, template, key, expected);
    }

    private final DependencyDescriptor descriptor = new DependencyDescriptor();
    private final DependencyStructure structure = new DependencyStructure();
    private final DependencyStructure scratch = new DependencyStructure();
    private int ddSeq;

    private void checkDd(Forwarder f, List<DdFrame> steps) {
        FrameInfo info = FrameInfo.none();
        List<String> got = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (DdFrame step : steps) {
            ddSeq++;
            DependencyDescriptorWriter w = new DependencyDescriptorWriter()
                    .frame(true, true, (DependencyDescriptorWriter.L3T3_KEY.templateIdOffset() + step.template) % 64, ddSeq);
            if (step.key && step.template == 0) w.structure(DependencyDescriptorWriter.L3T3_KEY);
            byte[] bytes = w.bytes();
            assertEquals(DependencyParseResult.OK, descriptor.parse(bytes, 0, bytes.length,
                    structure.isEmpty() ? null : structure, scratch));
            if (descriptor.hasStructure()) structure.copyFrom(scratch);
            info.clear();
            info.dependency = descriptor;
            info.structure = structure;
            ForwardDecision d = f.decide(0, ddSeq, ddSeq * 3000L, step.key && step.template == 0, null, info, true,
                    false, ddSeq * 10 * MS);
            String v = d.forward ? "send " + d.outSequence + (d.marker ? " marker" : "") : d.skipReason.label();
            if (d.keyframeNeededLayer >= 0) v += " want-key";
            got.add(step.note + ": " + v);
            expected.add(step.note + ": " + step.expected);
        }
        assertEquals(expected, got);
    }

    @Test
    void dependencyDescriptorChoosesADecodeTarget() {
        Forwarder f = forwarder();
        f.setTargetSpatial(1);
        checkDd(f, List.of(
                dd("key S0", 0, true, "send 100"),
                dd("key S1: the end of what this subscriber decodes", 5, true, "send 101 marker"),
                dd("key S2", 10, true, "spatial_layer"),
                dd("S0T0 delta: not in S1's decode target (K-SVC)", 1, false, "spatial_layer"),
                dd("S1T0", 6, false, "send 102 marker"),
                dd("S2T0", 11, false, "spatial_layer"),
                dd("S0T2", 3, false, "spatial_layer"),
                dd("S1T2", 8, false, "send 103 marker")));
        f.setTargetTemporal(0);
        checkDd(f, List.of(
                dd("S1T1 after going down to T0", 7, false, "temporal_layer"),
                dd("S1T0", 6, false, "send 104 marker")));
        f.setTargetTemporal(Forwarder.ALL_LAYERS);
        checkDd(f, List.of(
                dd("S1T2 is not a switch point for S1T2", 8, false, "temporal_layer"),
                dd("S1T1 switches to S1T1 and S1T2", 7, false, "send 105 marker"),
                dd("S1T2", 9, false, "send 106 marker")));
        f.setTargetSpatial(2);
        checkDd(f, List.of(
                dd("S2T0 says switch, but S2's chain was not sent", 11, false, "spatial_layer want-key"),
                dd("S1T0 still sent", 6, false, "send 107 marker want-key"),
                dd("key S0: up", 0, true, "send 108"),
                dd("key S1", 5, true, "send 109"),
                dd("key S2", 10, true, "send 110 marker")));
    }
}
