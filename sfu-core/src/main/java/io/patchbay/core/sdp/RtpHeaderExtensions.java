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
    /**
     * The Dependency Descriptor (AV1 RTP specification, appendix A): each frame's spatial and temporal layer and what
     * it depends on, codec-agnostic; video only. Read from publishers, passed on to subscribers.
     */
    public static final String DEPENDENCY_DESCRIPTOR =
            "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

    /** Ids used in every subscriber offer; one value per URI in the whole BUNDLE group. */
    public static final int SUBSCRIBER_AUDIO_LEVEL_ID = 1;
    public static final int SUBSCRIBER_ABS_SEND_TIME_ID = 2;
    public static final int SUBSCRIBER_TRANSPORT_CC_ID = 3;
    public static final int SUBSCRIBER_MID_ID = 4;
    public static final int SUBSCRIBER_DEPENDENCY_DESCRIPTOR_ID = 5;

    private RtpHeaderExtensions() {
    }

    /**
     * True when this server understands the URI in an m-section of this kind. The rid extensions are accepted in
     * publisher offers (simulcast) and never offered to subscribers, who receive one stream per track; the Dependency
     * Descriptor is accepted from publishers and offered to subscribers, for AV1 only
     * ({@link #usesDependencyDescriptor}).
     */
    public static boolean isSupported(String uri, MediaKind kind) {
        return switch (uri) {
            case AUDIO_LEVEL -> kind == MediaKind.AUDIO;
            case ABS_SEND_TIME, TRANSPORT_CC, MID -> kind.isRtp();
            case RID, REPAIRED_RID, DEPENDENCY_DESCRIPTOR -> kind == MediaKind.VIDEO;
            default -> false;
        };
    }

    /**
     * The Dependency Descriptor is negotiated for AV1 only, the codec whose layers it is needed for: other codecs
     * describe their layers in their payload headers, and a browser receiving it would switch to it for frame
     * references, across simulcast switches the server does not rewrite it for.
     */
    public static boolean usesDependencyDescriptor(RtpCodec codec) {
        return codec.nameIs("AV1");
    }

    /** The extensions a subscriber offer lists for a track of this kind and codec, with the server's ids. */
    public static List<HeaderExtension> forSubscriber(MediaKind kind, RtpCodec codec) {
        List<HeaderExtension> out = new ArrayList<>(forSubscriber(kind));
        if (kind == MediaKind.VIDEO && usesDependencyDescriptor(codec)) {
            out.add(HeaderExtension.of(SUBSCRIBER_DEPENDENCY_DESCRIPTOR_ID, DEPENDENCY_DESCRIPTOR));
        }
        return List.copyOf(out);
    }

    /** The extensions a subscriber offer lists for this kind (without the codec-specific ones), with the server's ids. */
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
