package io.patchbay.media.packet;

/** Who gives a received {@link PacketBuffer} back to its pool once a handler returns. */
public enum PacketFate {
    /** The handler is done with it: the caller releases it. */
    RELEASE,
    /** The handler kept it (a retransmission cache owns it now) and releases it later. */
    KEPT
}
