package io.patchbay.signaling.cluster;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A track announced to another node of its room, as JSON on the event bus: what participants see, the publisher's
 * negotiated producer (codecs, RTX payload types, header extension ids, layers) and the SSRCs each layer has on the
 * relay. The receiving node builds its producer from it: the same codecs and extension ids (packets cross untouched),
 * bound by the relay SSRCs, without the publisher's transport-wide extensions (no estimation on a relay, as in Jitsi's).
 * Other nodes are cluster members, but what they send is still checked: a malformed announcement is refused.
 */
final class RelayedTrackWire {
    /** More than any track has: one per canonical payload type (CodecTable). */
    private static final int MAX_SUBSCRIBER_CODECS = 16;

    private RelayedTrackWire() {
    }

    static JsonObject encode(RelayableTrack track, List<RelayStream> streams) {
        TrackInfo info = track.info();
        ProducerSpec spec = track.spec();
        JsonArray codecs = new JsonArray();
        for (CodecMapping c : spec.codecs()) {
            codecs.add(new JsonObject().put("pt", c.payloadType()).put("out", c.outputPayloadType())
                    .put("name", c.name()).put("clock", c.clockRateHz()));
        }
        JsonObject rtx = new JsonObject();
        spec.rtxPayloadTypes().forEach((apt, pt) -> rtx.put(Integer.toString(apt), pt));
        ExtensionIds e = spec.extensions();
        JsonArray layers = new JsonArray();
        for (int i = 0; i < streams.size(); i++) {
            layers.add(new JsonObject().put("rid", spec.layers().isEmpty() ? null : spec.layers().get(i).rid())
                    .put("ssrc", streams.get(i).ssrc()).put("rtxSsrc", streams.get(i).rtxSsrc()));
        }
        JsonArray subscriberCodecs = new JsonArray();
        for (RtpCodec sc : track.subscriberCodecs()) {
            JsonArray feedback = new JsonArray();
            for (RtcpFeedback f : sc.rtcpFeedback()) feedback.add(new JsonObject().put("type", f.type()).put("param", f.parameter()));
            subscriberCodecs.add(new JsonObject().put("pt", sc.payloadType()).put("name", sc.name())
                    .put("clock", sc.clockRateHz()).put("channels", sc.channels()).put("fmtp", sc.fmtpLine())
                    .put("feedback", feedback));
        }
        return new JsonObject()
                .put("id", info.id().value())
                .put("kind", info.kind().wireName())
                .put("muted", info.muted())
                .put("source", info.source().wireName())
                .put("codecs", codecs)
                .put("rtx", rtx)
                .put("audioLevel", e.audioLevel())
                .put("dependencyDescriptor", e.dependencyDescriptor())
                .put("pli", spec.pliSupported())
                .put("red", spec.redPayloadType())
                .put("layers", layers)
                .put("simulcast", !spec.layers().isEmpty())
                .put("subscriberCodecs", subscriberCodecs)
                .put("subscriberRed", track.red());
    }

    /** The track and the producer to create on the relay; {@link IllegalArgumentException} when malformed. */
    static Decoded decode(JsonObject o) {
        try {
            String id = o.getString("id");
            if (!TrackId.isValid(id)) throw new IllegalArgumentException("bad track id");
            TrackKind kind = switch (o.getString("kind", "")) {
                case "audio" -> TrackKind.AUDIO;
                case "video" -> TrackKind.VIDEO;
                default -> throw new IllegalArgumentException("bad kind");
            };
            TrackSource source = TrackSource.fromWire(o.getString("source", ""))
                    .orElseThrow(() -> new IllegalArgumentException("bad source"));
            List<CodecMapping> codecs = new ArrayList<>();
            for (Object c : o.getJsonArray("codecs")) {
                JsonObject j = (JsonObject) c;
                codecs.add(new CodecMapping(pt(j.getInteger("pt")), pt(j.getInteger("out")), j.getString("name"),
                        j.getInteger("clock")));
            }
            Map<Integer, Integer> rtx = new HashMap<>();
            for (Map.Entry<String, Object> e : o.getJsonObject("rtx")) {
                rtx.put(pt(Integer.parseInt(e.getKey())), pt((Integer) e.getValue()));
            }
            JsonArray layerArray = o.getJsonArray("layers");
            if (layerArray.isEmpty() || layerArray.size() > ProducerSpec.MAX_LAYERS) {
                throw new IllegalArgumentException("1 to " + ProducerSpec.MAX_LAYERS + " layers");
            }
            boolean simulcast = o.getBoolean("simulcast", false);
            List<LayerSpec> layers = new ArrayList<>();
            List<String> rids = new ArrayList<>();
            List<RelayStream> streams = new ArrayList<>();
            for (Object l : layerArray) {
                JsonObject j = (JsonObject) l;
                RelayStream s = new RelayStream(j.getLong("ssrc"), j.getLong("rtxSsrc", 0L));
                streams.add(s);
                if (simulcast) {
                    layers.add(new LayerSpec(j.getString("rid"), s.ssrc(), s.rtxSsrc()));
                    rids.add(j.getString("rid"));
                }
            }
            if (!simulcast && streams.size() != 1) throw new IllegalArgumentException("one stream without simulcast");
            boolean video = kind == TrackKind.VIDEO;
            // No mid, rid, abs-send-time or transport-cc: the relay binds by SSRC and does no estimation.
            ExtensionIds extensions = new ExtensionIds(extensionId(o.getInteger("audioLevel", 0)), 0, 0, 0, 0, 0,
                    extensionId(o.getInteger("dependencyDescriptor", 0)));
            ProducerSpec spec = new ProducerSpec(id, kind, "relay", codecs, rtx,
                    simulcast ? 0 : streams.get(0).ssrc(), simulcast ? 0 : streams.get(0).rtxSsrc(), extensions,
                    o.getBoolean("pli", true), video, o.getInteger("red", 0), layers, source);
            JsonArray codecArray = o.getJsonArray("subscriberCodecs");
            if (codecArray.isEmpty() || codecArray.size() > MAX_SUBSCRIBER_CODECS) {
                throw new IllegalArgumentException("1 to " + MAX_SUBSCRIBER_CODECS + " subscriber codecs");
            }
            List<RtpCodec> subscriberCodecs = new ArrayList<>();
            for (Object entry : codecArray) {
                JsonObject c = (JsonObject) entry;
                List<RtcpFeedback> feedback = new ArrayList<>();
                for (Object f : c.getJsonArray("feedback", new JsonArray())) {
                    JsonObject j = (JsonObject) f;
                    feedback.add(new RtcpFeedback(j.getString("type"), j.getString("param")));
                }
                subscriberCodecs.add(new RtpCodec(pt(c.getInteger("pt")), c.getString("name"), c.getInteger("clock"),
                        c.getInteger("channels"), c.getString("fmtp", ""), feedback));
            }
            TrackInfo info = new TrackInfo(new TrackId(id), kind, o.getBoolean("muted", false), rids, source);
            return new Decoded(new RelayableTrack(info, spec, subscriberCodecs, o.getBoolean("subscriberRed", false)),
                    spec);
        } catch (ClassCastException | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed track: " + e.getMessage(), e);
        }
    }

    record Decoded(RelayableTrack track, ProducerSpec producer) {
    }

    private static int pt(Integer value) {
        if (value == null || value < 0 || value > 127) throw new IllegalArgumentException("payload type out of range");
        return value;
    }

    private static int extensionId(int id) {
        if (id < 0 || id > 255) throw new IllegalArgumentException("extension id out of range");
        return id;
    }
}
