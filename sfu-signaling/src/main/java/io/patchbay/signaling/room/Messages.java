package io.patchbay.signaling.room;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.ice.IceCandidate;
import io.patchbay.core.room.LeaveReason;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.signaling.ws.Json;
import io.patchbay.signaling.ws.PeerConnectionRole;
import java.util.List;

/** Builders for server -> client messages (docs/protocol.md). */
public final class Messages {
    private Messages() {
    }

    static ObjectNode track(TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("id", t.id().value());
        n.put("kind", t.kind().wireName());
        n.put("source", t.source().wireName());
        n.put("muted", t.muted());
        n.put("simulcast", t.simulcast());
        ArrayNode layers = n.putArray("layers");
        t.layers().forEach(layers::add);
        return n;
    }

    static ObjectNode participant(Participant p) {
        ObjectNode n = Json.object();
        n.put("id", p.id.value());
        n.put("name", p.name);
        ArrayNode tracks = n.putArray("tracks");
        for (TrackInfo t : p.trackInfos()) tracks.add(track(t));
        return n;
    }

    static ObjectNode joined(Participant self, String room, boolean e2ee, List<IceServer> iceServers,
                             List<Participant> others, boolean resumed) {
        ObjectNode n = Json.object();
        n.put("type", "joined");
        n.put("participantId", self.id.value());
        n.put("room", room);
        if (e2ee) n.put("e2ee", true);
        n.put("reconnectToken", self.reconnectToken.value());
        if (resumed) n.put("resumed", true);
        putIceServers(n, iceServers);
        ArrayNode list = n.putArray("participants");
        for (Participant p : others) list.add(participant(p));
        return n;
    }

    /** Fresh ICE servers (new TURN credentials before the old ones expire). */
    static ObjectNode iceServers(List<IceServer> iceServers) {
        ObjectNode n = Json.object();
        n.put("type", "ice-servers");
        putIceServers(n, iceServers);
        return n;
    }

    private static void putIceServers(ObjectNode n, List<IceServer> iceServers) {
        ArrayNode servers = n.putArray("iceServers");
        for (IceServer s : iceServers) {
            ObjectNode o = servers.addObject();
            ArrayNode urls = o.putArray("urls");
            s.urls().forEach(urls::add);
            if (s.username() != null) o.put("username", s.username());
            if (s.credential() != null) o.put("credential", s.credential());
        }
    }

    static ObjectNode sdp(String type, PeerConnectionRole pc, String sdp) {
        ObjectNode n = Json.object();
        n.put("type", type);
        n.put("pc", pc.wire());
        n.put("sdp", sdp);
        return n;
    }

    /** A trickled server candidate; with BUNDLE it belongs to the first bundled m-section. */
    static ObjectNode candidate(PeerConnectionRole pc, IceCandidate c, String sdpMid, int sdpMLineIndex) {
        ObjectNode n = Json.object();
        n.put("type", "candidate");
        n.put("pc", pc.wire());
        ObjectNode cand = n.putObject("candidate");
        cand.put("candidate", c.toSdp());
        cand.put("sdpMid", sdpMid);
        cand.put("sdpMLineIndex", sdpMLineIndex);
        return n;
    }

    static ObjectNode participantJoined(Participant p) {
        ObjectNode n = Json.object();
        n.put("type", "participant-joined");
        n.set("participant", participant(p));
        return n;
    }

    static ObjectNode participantLeft(Participant p, LeaveReason reason) {
        ObjectNode n = Json.object();
        n.put("type", "participant-left");
        n.put("participantId", p.id.value());
        n.put("reason", reason.wireName());
        return n;
    }

    static ObjectNode trackPublished(Participant p, TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("type", "track-published");
        n.put("participantId", p.id.value());
        n.set("track", track(t));
        return n;
    }

    static ObjectNode trackUnpublished(Participant p, TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("type", "track-unpublished");
        n.put("participantId", p.id.value());
        n.put("trackId", t.id().value());
        return n;
    }

    static ObjectNode trackMuted(Participant p, TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("type", "track-muted");
        n.put("participantId", p.id.value());
        n.put("trackId", t.id().value());
        n.put("muted", t.muted());
        return n;
    }

    /** {@code stats}: the server's view of this participant's media (docs/protocol.md). */
    static ObjectNode stats(Participant p, io.patchbay.media.forward.MediaStatsSnapshot s) {
        ObjectNode n = Json.object();
        n.put("type", "stats");
        ObjectNode pub = n.putObject("publisher");
        pub.put("rttMs", s.publisherRttMs());
        ArrayNode published = pub.putArray("tracks");
        for (var t : s.published()) {
            ObjectNode o = published.addObject();
            o.put("trackId", t.trackId());
            o.put("kind", t.kind().wireName());
            o.put("packetsReceived", t.packets());
            o.put("bytesReceived", t.bytes());
            o.put("packetsLost", t.packetsLost());
            o.put("bitrateBps", t.bitrateBps());
            o.put("nacksSent", t.nacksSent());
            o.put("retransmissionsReceived", t.retransmissionsReceived());
            o.put("keyframeRequestsSent", t.keyframeRequestsSent());
            o.put("redPacketsReceived", t.redPacketsReceived());
        }
        ObjectNode sub = n.putObject("subscriber");
        sub.put("rttMs", s.subscriberRttMs());
        sub.put("estimatedBandwidthBps", s.estimatedBandwidthBps());
        sub.put("acknowledgedBitrateBps", s.acknowledgedBitrateBps());
        sub.put("lossFraction", s.subscriberLossFraction());
        ArrayNode received = sub.putArray("tracks");
        for (var t : s.received()) {
            ObjectNode o = received.addObject();
            o.put("trackId", t.trackId());
            for (SubscriptionSlot slot : p.slots) {
                if (slot.trackId.value().equals(t.trackId())) o.put("participantId", slot.publisherId.value());
            }
            o.put("kind", t.kind().wireName());
            o.put("packetsSent", t.packets());
            o.put("bytesSent", t.bytes());
            o.put("bitrateBps", t.bitrateBps());
            o.put("nacksReceived", t.nacksReceived());
            o.put("retransmissionsSent", t.retransmissionsSent());
            o.put("keyframeRequestsReceived", t.keyframeRequestsReceived());
            if (t.layer() != null) o.put("layer", t.layer());
            if (t.layer() != null || t.spatialLayer() >= 0) o.put("layerHeight", t.layerHeight());
            if (t.spatialLayer() >= 0) o.put("spatialLayer", t.spatialLayer());
            if (t.temporalLayer() >= 0) o.put("temporalLayer", t.temporalLayer());
            o.put("layerSwitches", t.layerSwitches());
            o.put("ssrc", t.ssrc());
            o.put("mid", t.mid());
        }
        return n;
    }

    /** To everyone when the server starts draining: join again (through the load balancer) to move elsewhere. */
    public static ObjectNode draining() {
        ObjectNode n = Json.object();
        n.put("type", "draining");
        return n;
    }

    /** To everyone: participants speaking, the dominant speaker first, then by how recently each spoke. */
    static ObjectNode activeSpeakers(List<String> participantIds) {
        ObjectNode n = Json.object();
        n.put("type", "active-speakers");
        ArrayNode list = n.putArray("speakers");
        participantIds.forEach(list::add);
        return n;
    }

    /** To a publisher: the simulcast layers of its track that someone receives (lowest first). */
    static ObjectNode layersWanted(String trackId, List<String> rids) {
        ObjectNode n = Json.object();
        n.put("type", "layers-wanted");
        n.put("trackId", trackId);
        ArrayNode list = n.putArray("rids");
        rids.forEach(list::add);
        return n;
    }

    /** A subscriber cannot decode a track: the {@code error} names it, so a client can show why it stays dark. */
    public static ObjectNode codecNotSupported(String trackId, String publisherId, io.patchbay.core.room.TrackKind kind,
                                               java.util.List<io.patchbay.core.sdp.RtpCodec> codecs) {
        java.util.List<String> names = codecs.stream().map(c -> kind.wireName() + "/" + c.name()).distinct().toList();
        ObjectNode n = error(io.patchbay.signaling.ws.ErrorCode.CODEC_NOT_SUPPORTED.wire(), "track " + trackId + " of "
                + publisherId + " comes in " + String.join(", ", names)
                + ", none of which your answer accepts: it is not sent to you");
        n.put("trackId", trackId);
        n.put("participantId", publisherId);
        n.put("codec", names.get(0));
        n.set("codecs", Json.MAPPER.valueToTree(names));
        return n;
    }

    /** A subscriber that decodes {@code decodable} of a track sent in {@code sent} for the others gets none of it. */
    public static ObjectNode codecNotSent(String trackId, String publisherId, io.patchbay.core.room.TrackKind kind,
                                          io.patchbay.core.sdp.RtpCodec sent,
                                          java.util.List<io.patchbay.core.sdp.RtpCodec> decodable) {
        String sentName = kind.wireName() + "/" + sent.name();
        java.util.List<String> names = decodable.stream().map(c -> kind.wireName() + "/" + c.name()).distinct().toList();
        ObjectNode n = error(io.patchbay.signaling.ws.ErrorCode.CODEC_NOT_SENT.wire(), "track " + trackId + " of "
                + publisherId + " is sent in " + sentName + ", which the room's other subscribers need; you decode "
                + String.join(", ", names) + " of it: nothing of it is sent to you until that changes");
        n.put("trackId", trackId);
        n.put("participantId", publisherId);
        n.put("codec", sentName);
        n.set("codecs", Json.MAPPER.valueToTree(names));
        return n;
    }

    /**
     * Asks a publisher to send one of its track's codecs (the one its subscribers decode): it offers again with that
     * codec first, and the answer keeps that order.
     */
    public static ObjectNode publishCodec(String trackId, io.patchbay.core.room.TrackKind kind,
                                          io.patchbay.core.sdp.RtpCodec codec) {
        ObjectNode n = Json.object();
        n.put("type", "publish-codec");
        n.put("trackId", trackId);
        n.put("codec", kind.wireName() + "/" + codec.name());
        n.put("fmtp", codec.fmtpLine());
        return n;
    }

    public static ObjectNode error(String code, String message) {
        ObjectNode n = Json.object();
        n.put("type", "error");
        n.put("code", code);
        n.put("message", message);
        return n;
    }
}
