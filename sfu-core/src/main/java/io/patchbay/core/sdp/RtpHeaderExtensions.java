package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The RTP header extensions this server negotiates (RFC 8285), and the ids it uses toward subscribers.
 * Publishers keep their own ids; every other module reads the URIs from here.
 */
public final class RtpHeaderExtensions {
    /** Audio level of the sender (RFC 6464); audio only. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Absolute send time, for receive-side bandwidth estimation (REMB). */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** Transport-wide sequence number for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** The m-section id carried in RTP (RFC 8843 section 15). */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RtpStreamId: the rid of a simulcast encoding (RFC 8852 section 3.1); publisher video only. */
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RepairedRtpStreamId: the rid an RTX stream repairs (RFC 8852 section 3.2); publisher video only. */
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /** Ids used in every subscriber offer; one value per URI in the whole BUNDLE group. */
    public static final int SUBSCRIBER_AUDIO_LEVEL_ID = 1;
    public static final int SUBSCRIBER_ABS_SEND_TIME_ID = 2;
    public static final int SUBSCRIBER_TRANSPORT_CC_ID = 3;
    public static final int SUBSCRIBER_MID_ID = 4;

    private RtpHeaderExtensions() {
    }

    /**
     * True when this server understands the URI in an m-section of this kind. The rid extensions are accepted in
     * publisher offers (simulcast) and never offered to subscribers, who receive one stream per track.
     */
    public static boolean isSupported(String uri, MediaKind kind) {
        return switch (uri) {
            case AUDIO_LEVEL -> kind == MediaKind.AUDIO;
            case ABS_SEND_TIME, TRANSPORT_CC, MID -> kind.isRtp();
            case RID, REPAIRED_RID -> kind == MediaKind.VIDEO;
            default -> false;
        };
    }

    /** The extensions a subscriber offer lists for this kind, with the server's ids. */
    public static List<HeaderExtension> forSubscriber(MediaKind kind) {
        List<HeaderExtension> out = new ArrayList<>(4);
        if (kind == MediaKind.AUDIO) {
            out.add(HeaderExtension.of(SUBSCRIBER_AUDIO_LEVEL_ID, AUDIO_LEVEL));
        }
        out.add(HeaderExtension.of(SUBSCRIBER_ABS_SEND_TIME_ID, ABS_SEND_TIME));
        out.add(HeaderExtension.of(SUBSCRIBER_TRANSPORT_CC_ID, TRANSPORT_CC));
        out.add(HeaderExtension.of(SUBSCRIBER_MID_ID, MID));
        return List.copyOf(out);
    }
}
