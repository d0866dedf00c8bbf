package io.patchbay.signaling.ws;

/** Stable {@code error.code} values of the signaling protocol (docs/protocol.md). */
public enum ErrorCode {
    BAD_JSON("bad-json"),
    BAD_MESSAGE("bad-message"),
    UNKNOWN_TYPE("unknown-type"),
    NOT_JOINED("not-joined"),
    ALREADY_JOINED("already-joined"),
    INVALID_ROOM("invalid-room"),
    INVALID_NAME("invalid-name"),
    BAD_CANDIDATE("bad-candidate"),
    /** More trickled candidates than one connection takes per ICE generation. */
    TOO_MANY_CANDIDATES("too-many-candidates"),
    /** More messages per second than a socket may send; the message was dropped. */
    RATE_LIMITED("rate-limited"),
    /** The same token identity joined this room on another connection, which replaced this one. */
    DUPLICATE_IDENTITY("duplicate-identity"),
    /** The socket did not join within the join deadline; it closes next. */
    JOIN_TIMEOUT("join-timeout"),
    UNKNOWN_TRACK("unknown-track"),
    /** {@code pin} naming someone who is not another participant of the room; nothing was applied. */
    UNKNOWN_PARTICIPANT("unknown-participant"),
    UNEXPECTED_ANSWER("unexpected-answer"),
    TRANSPORT_FAILED("transport-failed"),
    RESUME_FAILED("resume-failed"),
    BAD_STATE("bad-state"),
    /** The server removed the participant: its media connections stayed silent or failed (Session lifecycle). */
    TIMEOUT("timeout"),
    MESSAGE_TOO_LARGE("message-too-large"),
    ROOM_FULL("room-full"),
    /** The server holds its maximum of participants (limits.participants); the socket stays usable. */
    SERVER_FULL("server-full"),
    /** The server is draining (shutting down or being replaced): join again through the load balancer. */
    SERVER_DRAINING("server-draining"),
    /** A publisher offer sends more tracks than limits.tracks-per-participant; the extra sections were rejected. */
    TOO_MANY_TRACKS("too-many-tracks"),
    /**
     * A subscriber's answer refused a track's codec (it cannot decode it): that track is not sent to it. Carries the
     * track's {@code trackId}, {@code participantId} and {@code codec}.
     */
    CODEC_NOT_SUPPORTED("codec-not-supported"),
    /**
     * The subscriber decodes one of a track's codecs, but its publisher sends another that the room's other
     * subscribers need: nothing of the track reaches it until the choice changes. Carries {@code trackId},
     * {@code participantId}, {@code codec} (what is sent) and {@code codecs} (what it decodes of the track).
     */
    CODEC_NOT_SENT("codec-not-sent"),
    ROOM_CLOSED("room-closed"),
    REMOVED("removed"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
