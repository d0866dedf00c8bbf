package io.patchbay.media;

/** Why a packet from the network was dropped; each is a bounded metric label. */
public enum DropReason {
    /** The first byte matches no protocol of RFC 7983. */
    UNKNOWN_PROTOCOL("unknown_protocol"),
    /** A STUN request for a ufrag no transport owns. */
    UNKNOWN_UFRAG("unknown_ufrag"),
    /** Anything but a STUN request from an address no transport owns (DTLS, SRTP, junk). */
    UNKNOWN_SOURCE("unknown_source"),
    /** DTLS arrived while no handshake could take it (closed, queue full). */
    DTLS_UNEXPECTED("dtls_unexpected"),
    /** RTP/RTCP before the DTLS handshake produced keys. */
    SRTP_NOT_READY("srtp_not_ready"),
    /** SRTP/SRTCP authentication failed. */
    SRTP_AUTH_FAILED("srtp_auth_failed"),
    /** SRTP replay protection rejected it. */
    SRTP_REPLAY("srtp_replay"),
    /** Other SRTP failure (malformed, too many SSRCs, crypto error). */
    SRTP_ERROR("srtp_error"),
    /** The RTP header failed validation. */
    RTP_MALFORMED("rtp_malformed"),
    /** The RTCP compound failed validation. */
    /**
     * A Dependency Descriptor (AV1 RTP specification, appendix A) that does not parse, or names a template of a
     * structure not received yet: nothing can say which subscribers may get the frame.
     */
    DEPENDENCY_DESCRIPTOR_MALFORMED("dependency_descriptor_malformed"),
    RTCP_MALFORMED("rtcp_malformed"),
    /** RTP for an SSRC/MID that no producer claims. */
    UNKNOWN_SSRC("unknown_ssrc"),
    /** A payload type the publisher did not negotiate, or RTX (handled from issue 3). */
    UNSUPPORTED_PAYLOAD_TYPE("unsupported_payload_type"),
    /** The media thread's inbound queue was full. */
    QUEUE_FULL("queue_full"),
    /** A packet waited too long in the media thread's queue to be worth forwarding (an overloaded thread). */
    QUEUE_DELAY("queue_delay"),
    /** No pooled buffer was free. */
    POOL_EXHAUSTED("pool_exhausted"),
    /** The peer sent more packets or bits per second than one transport may ({@link MediaLimits}). */
    OVER_RATE_BUDGET("over_rate_budget"),
    /** The peer's packets already hold as many pool buffers as one transport may ({@link MediaLimits}). */
    OVER_BUFFER_BUDGET("over_buffer_budget");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The Prometheus label value. */
    public String label() {
        return label;
    }
}
