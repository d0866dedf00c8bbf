package io.patchbay.load.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the test peer's own SDP text the way a browser would (Unified Plan, BUNDLE, rtcp-mux, trickle ICE,
 * no candidates in the SDP). Written independently of the server's SDP code on purpose.
 */
public final class LocalSdp {
    public static final String URI_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String URI_ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String URI_TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String URI_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String URI_RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String URI_REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public static final int EXT_AUDIO_LEVEL = 1;
    public static final int EXT_ABS_SEND_TIME = 2;
    public static final int EXT_TRANSPORT_CC = 3;
    public static final int EXT_MID = 4;
    /** RFC 8852 rid and repaired rid (simulcast video only), the ids Chrome uses. */
    public static final int EXT_RID = 10;
    public static final int EXT_REPAIRED_RID = 11;

    /** The rids of Chrome-style simulcast, lowest resolution first (as {@code /patchbay.js} lists them). */
    public static final List<String> SIMULCAST_RIDS = List.of("q", "h", "f");

    public static final int PT_OPUS = 111;
    public static final int PT_VP8 = 96;

    private LocalSdp() {
    }

    /** Our DTLS/ICE identity, the same in every m-section of one peer connection. */
    public record Identity(String iceUfrag, String icePwd, String fingerprint) { }

    /** The publisher's two tracks. */
    public record PublishPlan(String streamId, String cname, String audioTrackId, long audioSsrc,
                       String videoTrackId, long videoSsrc) { }

    /** RFC 8829 section 5.2.1: the publisher's initial offer, audio mid 0 and video mid 1, both sendonly. */
    static String publisherOffer(Identity id, PublishPlan plan) {
        return publisherOffer(id, plan, true);
    }

    /** With {@code transportCc} false, the offer has no transport-wide CC (extmap and rtcp-fb): REMB only. */
    public static String publisherOffer(Identity id, PublishPlan plan, boolean transportCc) {
        return publisherOffer(id, plan, transportCc, newSessionId(), 2);
    }

    /**
     * As above, in session {@code sessionId} at {@code version} (RFC 8866 section 5.2: a renegotiation, such as an
     * ICE restart with a new identity, keeps the session id and increments the version).
     */
    public static String publisherOffer(Identity id, PublishPlan plan, boolean transportCc, long sessionId,
                                        long version) {
        return publisherOffer(id, plan, transportCc, sessionId, version, List.of());
    }

    /**
     * As above; with {@code simulcastRids} not empty the video m-section offers those encodings the way Chrome does
     * for {@code sendEncodings} with rids (RFC 8851, RFC 8853): the rid and repaired-rid extensions, one
     * {@code a=rid:<id> send} each and {@code a=simulcast:send <id>;<id>;...}, and no {@code a=ssrc} lines (the
     * server learns each layer's SSRC from the mid and rid extensions of its first packets).
     */
    public static String publisherOffer(Identity id, PublishPlan plan, boolean transportCc, long sessionId,
                                        long version, List<String> simulcastRids) {
        StringBuilder sb = new StringBuilder();
        session(sb, List.of("0", "1"), plan.streamId(), sessionId, version);
        media(sb, "audio", List.of(PT_OPUS), id, "actpass", "0");
        sb.append("a=extmap:").append(EXT_AUDIO_LEVEL).append(' ').append(URI_AUDIO_LEVEL).append("\r\n");
        commonExtmaps(sb, transportCc);
        sb.append("a=sendonly\r\n");
        sb.append("a=msid:").append(plan.streamId()).append(' ').append(plan.audioTrackId()).append("\r\n");
        sb.append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
        sb.append("a=rtpmap:111 opus/48000/2\r\n");
        if (transportCc) sb.append("a=rtcp-fb:111 transport-cc\r\n");
        sb.append("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
        ssrc(sb, plan.audioSsrc(), plan.cname(), plan.streamId(), plan.audioTrackId());
        media(sb, "video", List.of(PT_VP8), id, "actpass", "1");
        commonExtmaps(sb, transportCc);
        if (!simulcastRids.isEmpty()) {
            sb.append("a=extmap:").append(EXT_RID).append(' ').append(URI_RID).append("\r\n");
            sb.append("a=extmap:").append(EXT_REPAIRED_RID).append(' ').append(URI_REPAIRED_RID).append("\r\n");
        }
        sb.append("a=sendonly\r\n");
        sb.append("a=msid:").append(plan.streamId()).append(' ').append(plan.videoTrackId()).append("\r\n");
        sb.append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
        sb.append("a=rtpmap:96 VP8/90000\r\n");
        for (String fb : List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")) {
            if (transportCc || !fb.equals("transport-cc")) sb.append("a=rtcp-fb:96 ").append(fb).append("\r\n");
        }
        if (simulcastRids.isEmpty()) {
            ssrc(sb, plan.videoSsrc(), plan.cname(), plan.streamId(), plan.videoTrackId());
        } else {
            for (String rid : simulcastRids) sb.append("a=rid:").append(rid).append(" send\r\n");
            sb.append("a=simulcast:send ").append(String.join(";", simulcastRids)).append("\r\n");
        }
        return sb.toString();
    }

    /**
     * RFC 8829 section 5.3.1: answer to the server's subscriber offer. Every m-section with a port is accepted
     * recvonly with the offered codecs and extmaps; rejected ones stay rejected (port 0).
     */
    static String subscriberAnswer(Identity id, RemoteSdp offer) {
        return subscriberAnswer(id, offer, java.util.Set.of());
    }

    /** As above, leaving out the codecs named in {@code refused} (lower-case encoding names, e.g. "red"). */
    public static String subscriberAnswer(Identity id, RemoteSdp offer, java.util.Set<String> refused) {
        return subscriberAnswer(id, offer, refused, newSessionId(), 2);
    }

    /**
     * As above, in session {@code sessionId} at {@code version}. Port-0 sections (rejected, or tracks that ended)
     * are answered with port 0 and the offered mid (RFC 8829 section 5.3.1); every other section gets
     * {@code id}'s ICE credentials, which differ from the last answer's after an ICE restart.
     */
    public static String subscriberAnswer(Identity id, RemoteSdp offer, java.util.Set<String> refused,
                                          long sessionId, long version) {
        StringBuilder sb = new StringBuilder();
        List<String> accepted = new ArrayList<>();
        for (RemoteSdp.Section s : offer.sections()) {
            if (s.port() != 0 && s.mid() != null && (offer.bundle.isEmpty() || offer.bundle.contains(s.mid()))) {
                accepted.add(s.mid());
            }
        }
        session(sb, accepted, null, sessionId, version);
        for (RemoteSdp.Section s : offer.sections()) {
            boolean accept = accepted.contains(s.mid());
            if (!accept) {
                sb.append("m=").append(s.kind()).append(" 0 ").append(s.proto).append(' ')
                        .append(s.payloadTypes.isEmpty() ? "0" : join(s.payloadTypes)).append("\r\n");
                sb.append("c=IN IP4 0.0.0.0\r\n");
                if (s.mid() != null) {
                    sb.append("a=mid:").append(s.mid()).append("\r\n");
                }
                sb.append("a=inactive\r\n");
                continue;
            }
            List<Integer> refusedPts = new ArrayList<>();
            for (Map.Entry<Integer, String> e : s.rtpmap.entrySet()) {
                String name = e.getValue().split("/")[0].toLowerCase(java.util.Locale.ROOT);
                if (refused.contains(name)) refusedPts.add(e.getKey());
            }
            List<Integer> pts = new ArrayList<>(s.payloadTypes);
            pts.removeAll(refusedPts);
            media(sb, s.kind(), pts, id, "active", s.mid());
            for (Map.Entry<Integer, String> e : s.extmap.entrySet()) {
                sb.append("a=extmap:").append(e.getKey()).append(' ').append(e.getValue()).append("\r\n");
            }
            sb.append(answerDirection(s.direction())).append("\r\n");
            sb.append("a=rtcp-mux\r\n");
            if (s.attributes.contains("rtcp-rsize")) {
                sb.append("a=rtcp-rsize\r\n");
            }
            for (String a : s.attributes) {
                if (a.startsWith("rtpmap:") || a.startsWith("fmtp:") || a.startsWith("rtcp-fb:")) {
                    String pt = a.substring(a.indexOf(':') + 1).split("[ ]")[0];
                    if (refusedPts.stream().anyMatch(r -> Integer.toString(r).equals(pt))) continue;
                    sb.append("a=").append(a).append("\r\n");
                }
            }
        }
        return sb.toString();
    }

    private static String answerDirection(String offered) {
        return switch (offered) {
            case "sendonly", "sendrecv" -> "a=recvonly";
            default -> "a=inactive";
        };
    }

    /** A fresh {@code o=} session id. */
    public static long newSessionId() {
        return Math.abs(System.nanoTime() % 1_000_000_000_000L);
    }

    private static void session(StringBuilder sb, List<String> bundleMids, String streamId, long sessionId,
                                long version) {
        sb.append("v=0\r\n");
        sb.append("o=- ").append(sessionId).append(' ').append(version).append(" IN IP4 127.0.0.1\r\n");
        sb.append("s=-\r\nt=0 0\r\n");
        if (!bundleMids.isEmpty()) {
            sb.append("a=group:BUNDLE ").append(String.join(" ", bundleMids)).append("\r\n");
        }
        sb.append("a=extmap-allow-mixed\r\n");
        sb.append("a=msid-semantic: WMS").append(streamId == null ? "" : " " + streamId).append("\r\n");
    }

    private static void media(StringBuilder sb, String kind, List<Integer> pts, Identity id, String setup, String mid) {
        sb.append("m=").append(kind).append(" 9 UDP/TLS/RTP/SAVPF ").append(join(pts)).append("\r\n");
        sb.append("c=IN IP4 0.0.0.0\r\n");
        sb.append("a=rtcp:9 IN IP4 0.0.0.0\r\n");
        sb.append("a=ice-ufrag:").append(id.iceUfrag()).append("\r\n");
        sb.append("a=ice-pwd:").append(id.icePwd()).append("\r\n");
        sb.append("a=ice-options:trickle\r\n");
        sb.append("a=fingerprint:sha-256 ").append(id.fingerprint()).append("\r\n");
        sb.append("a=setup:").append(setup).append("\r\n");
        sb.append("a=mid:").append(mid).append("\r\n");
    }

    private static void commonExtmaps(StringBuilder sb, boolean transportCc) {
        sb.append("a=extmap:").append(EXT_ABS_SEND_TIME).append(' ').append(URI_ABS_SEND_TIME).append("\r\n");
        if (transportCc) sb.append("a=extmap:").append(EXT_TRANSPORT_CC).append(' ').append(URI_TRANSPORT_CC).append("\r\n");
        sb.append("a=extmap:").append(EXT_MID).append(' ').append(URI_MID).append("\r\n");
    }

    private static void ssrc(StringBuilder sb, long ssrc, String cname, String streamId, String trackId) {
        sb.append("a=ssrc:").append(ssrc).append(" cname:").append(cname).append("\r\n");
        sb.append("a=ssrc:").append(ssrc).append(" msid:").append(streamId).append(' ').append(trackId).append("\r\n");
    }

    private static String join(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v);
        }
        return sb.toString();
    }
}
