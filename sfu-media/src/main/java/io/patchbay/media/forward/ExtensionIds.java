package io.patchbay.media.forward;

/**
 * Negotiated RTP header extension ids (RFC 8285) of one side of a transport; 0 means not negotiated.
 */
public record ExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid) {
    public static final ExtensionIds NONE = new ExtensionIds(0, 0, 0, 0);
}
