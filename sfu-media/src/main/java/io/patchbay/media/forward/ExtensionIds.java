package io.patchbay.media.forward;

/**
 * Negotiated RTP header extension ids (RFC 8285) of one side of a transport; 0 means not negotiated.
 *
 * @param rid         RtpStreamId (RFC 8852 section 3.1): names a simulcast encoding; publisher side only
 * @param repairedRid RepairedRtpStreamId (RFC 8852 section 3.2): names the encoding an RTX stream repairs
 * @param dependencyDescriptor the Dependency Descriptor (AV1 RTP specification, appendix A): read from publishers,
 *                    copied to subscribers
 */
public record ExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid, int rid, int repairedRid,
                           int dependencyDescriptor) {
    public static final ExtensionIds NONE = new ExtensionIds(0, 0, 0, 0);

    /** Ids without the simulcast extensions. */
    public ExtensionIds(int audioLevel, int absSendTime, int transportCc, int mid) {
        this(audioLevel, absSendTime, transportCc, mid, 0, 0, 0);
    }
}
