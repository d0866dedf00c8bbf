package io.patchbay.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.core.room.TrackId;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.room.TrackKind;
import io.patchbay.core.room.TrackSource;
import io.patchbay.core.sdp.RtcpFeedback;
import io.patchbay.core.sdp.RtpCodec;
import io.patchbay.media.forward.CodecMapping;
import io.patchbay.media.forward.ExtensionIds;
import io.patchbay.media.forward.LayerSpec;
import io.patchbay.media.forward.ProducerSpec;
import io.patchbay.media.forward.RelayStream;
import io.patchbay.signaling.room.RelayableTrack;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A track announced to another node: what the receiving node builds from it (its producer bound by the relay's SSRCs,
 * the publisher's codecs and extension ids, no transport-wide extensions), and announcements it refuses.
 */
class RelayedTrackWireTest {
    private static RelayableTrack simulcastVideo() {
        TrackInfo info = new TrackInfo(TrackId.random(), TrackKind.VIDEO, false, List.of("q", "h", "f"),
                TrackSource.CAMERA);
        ProducerSpec spec = new ProducerSpec(info.id().value(), TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000), new CodecMapping(100, 108, "H264", 90_000)),
                Map.of(96, 97), 0, 0,
                new ExtensionIds(0, 2, 3, 4, 10, 11, 12), true, true, 0,
                List.of(new LayerSpec("q", 0, 0), new LayerSpec("h", 0, 0), new LayerSpec("f", 0, 0)), TrackSource.CAMERA);
        RtpCodec codec = new RtpCodec(96, "VP8", 90_000, 1, "", List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI));
        RtpCodec h264 = new RtpCodec(108, "H264", 90_000, 1, "packetization-mode=1;profile-level-id=42e01f",
                List.of(RtcpFeedback.NACK));
        return new RelayableTrack(info, spec, List.of(codec, h264), false);
    }

    @Test
    void theReceivingNodesProducerIsBoundByTheRelaySsrcsWithThePublishersCodecsAndExtensions() {
        RelayableTrack track = simulcastVideo();
        List<RelayStream> streams = List.of(new RelayStream(101, 102), new RelayStream(103, 104),
                new RelayStream(105, 106));
        RelayedTrackWire.Decoded d = RelayedTrackWire.decode(new JsonObject(
                RelayedTrackWire.encode(track, streams).encode())); // through text, as on the event bus
        ProducerSpec p = d.producer();
        assertEquals(track.info(), d.track().info());
        assertEquals(track.subscriberCodecs(), d.track().subscriberCodecs(), "every codec, in order, with fmtp");
        assertEquals(track.spec().codecs(), p.codecs());
        assertEquals(Map.of(96, 97), p.rtxPayloadTypes());
        assertEquals(List.of(new LayerSpec("q", 101, 102), new LayerSpec("h", 103, 104), new LayerSpec("f", 105, 106)),
                p.layers());
        assertEquals(new ExtensionIds(0, 0, 0, 0, 0, 0, 12), p.extensions(),
                "no mid/rid binding, no abs-send-time or transport-cc on a relay; the Dependency Descriptor kept");
        assertEquals(TrackSource.CAMERA, p.source());
    }

    @Test
    void malformedAnnouncementsAreRefused() {
        JsonObject good = RelayedTrackWire.encode(simulcastVideo(), List.of(new RelayStream(1, 2),
                new RelayStream(3, 4), new RelayStream(5, 6)));
        for (var broken : List.of(
                good.copy().put("id", "not-a-track-id"),
                good.copy().put("kind", "smell"),
                good.copy().put("codecs", List.of(Map.of("pt", 300, "out", 96, "name", "VP8", "clock", 90_000))),
                good.copy().put("layers", List.of()),
                good.copy().put("layers", List.of(Map.of("rid", "q", "ssrc", 0, "rtxSsrc", 0))),
                good.copy().put("audioLevel", 999),
                good.copy().put("rtx", "x"),
                good.copy().putNull("codecs"))) {
            assertThrows(IllegalArgumentException.class, () -> RelayedTrackWire.decode(broken), broken.encode());
        }
    }
}
