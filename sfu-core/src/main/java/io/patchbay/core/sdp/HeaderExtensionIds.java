package io.patchbay.core.sdp;

import java.util.List;

/**
 * The negotiated ids of the header extensions the media plane reads or writes; 0 means not negotiated.
 * Valid ids are 1-255 (RFC 8285).
 */
public record HeaderExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid) {
    public static final HeaderExtensionIds NONE = new HeaderExtensionIds(0, 0, 0, 0);

    public HeaderExtensionIds {
        for (int id : new int[] {audioLevel, absSendTime, transportCc, mid}) {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("extension id out of range: " + id);
            }
        }
    }

    /** The ids of the known URIs among these extensions. */
    public static HeaderExtensionIds from(List<HeaderExtension> extensions) {
        int audioLevel = 0;
        int absSendTime = 0;
        int transportCc = 0;
        int mid = 0;
        for (HeaderExtension e : extensions) {
            switch (e.uri()) {
                case RtpHeaderExtensions.AUDIO_LEVEL -> audioLevel = audioLevel == 0 ? e.id() : audioLevel;
                case RtpHeaderExtensions.ABS_SEND_TIME -> absSendTime = absSendTime == 0 ? e.id() : absSendTime;
                case RtpHeaderExtensions.TRANSPORT_CC -> transportCc = transportCc == 0 ? e.id() : transportCc;
                case RtpHeaderExtensions.MID -> mid = mid == 0 ? e.id() : mid;
                default -> {
                }
            }
        }
        return new HeaderExtensionIds(audioLevel, absSendTime, transportCc, mid);
    }

    /** The ids this server uses toward subscribers for a track of this kind. */
    public static HeaderExtensionIds forSubscriber(MediaKind kind) {
        return from(RtpHeaderExtensions.forSubscriber(kind));
    }
}
