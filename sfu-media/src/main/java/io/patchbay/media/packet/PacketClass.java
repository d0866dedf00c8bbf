package io.patchbay.media.packet;

/** What a datagram on the shared UDP port carries, decided by its first byte (RFC 7983). */
public enum PacketClass {
    /** First byte 0..3: STUN (ICE connectivity checks). */
    STUN,
    /** First byte 16..19: ZRTP (not used by WebRTC; counted and dropped). */
    ZRTP,
    /** First byte 20..63: DTLS records. */
    DTLS,
    /** First byte 64..79: TURN ChannelData. */
    TURN_CHANNEL,
    /** First byte 128..191: RTP or RTCP; split with {@link Rfc7983#isRtcp}. */
    RTP_RTCP,
    /** Empty datagram or a first byte in no range above. */
    UNKNOWN
}
