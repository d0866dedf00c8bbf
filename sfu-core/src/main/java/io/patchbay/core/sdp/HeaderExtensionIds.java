package io.patchbay.core.sdp;

import java.util.List;

/**
 * The negotiated ids of the header extensions the media plane reads or writes; 0 means not negotiated.
 * Valid ids are 1-255 (RFC 8285).
 *
 * @param rid         RtpStreamId (RFC 8852 section 3.1), publisher video only
 * @param repairedRid RepairedRtpStreamId (RFC 8852 section 3.2), publisher video only
 * @param dependencyDescriptor the AV1 RTP specification's Dependency Descriptor (appendix A), video only
 */
public record HeaderExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid, int rid, int repairedRid,
                                 int dependencyDescriptor) {
    public static final HeaderExtensionIds NONE = new HeaderExtensionIds(0, 0, 0, 0);

    public HeaderExtensionIds {
        for (int id : new int[] {audioLevel, absSendTime, transportCc, mid, rid, repairedRid, dependencyDescriptor}) {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("extension id out of range: " + id);
            }
        }
    }

    /** Ids without the simulcast extensions. */
    public HeaderExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid) {
        this(audioLevel, absSendTime, transportCc, mid, 0, 0, 0);
    }

    /** The ids of the known URIs among these extensions (the first line of each URI counts). */
    public static HeaderExtensionIds from(List<HeaderExtension> extensions) {
        return new HeaderExtensionIds(idOf(extensions, RtpHeaderExtensions.AUDIO_LEVEL),
                idOf(extensions, RtpHeaderExtensions.ABS_SEND_TIME), idOf(extensions, RtpHeaderExtensions.TRANSPORT_CC),
                idOf(extensions, RtpHeaderExtensions.MID), idOf(extensions, RtpHeaderExtensions.RID),
                idOf(extensions, RtpHeaderExtensions.REPAIRED_RID),
                idOf(extensions, RtpHeaderExtensions.DEPENDENCY_DESCRIPTOR));
    }

    private static int idOf(List<HeaderExtension> extensions, String uri) {
        for (HeaderExtension e : extensions) {
            if (e.uri().equals(uri)) {
                return e.id();
            }
        }
        return 0;
    }

    /** The ids this server uses toward subscribers for a track of this kind. */
    public static HeaderExtensionIds forSubscriber(MediaKind kind) {
        return from(RtpHeaderExtensions.forSubscriber(kind));
    }
}
