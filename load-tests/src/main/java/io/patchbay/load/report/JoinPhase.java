package io.patchbay.load.report;

/**
 * The moments of one join ({@code ./patchbay load --scenario join}), each timed from the moment the new participant
 * started opening its WebSocket. Two paths run side by side after {@code joined}: the participant's publisher
 * connection (it offers) and its subscriber connection (the server offers everything already published). Each phase
 * names the one it follows ({@link #after}, null: the start), for the time spent between the two. A join reaches
 * every phase except the {@link #optional} ones, which happen only when something had to be repaired.
 */
public enum JoinPhase {
    WEBSOCKET_OPEN("webSocketOpen", "websocket open", null),
    JOINED("joined", "joined received", WEBSOCKET_OPEN),
    PUBLISHER_OFFER_SENT("publisherOfferSent", "pub offer sent", JOINED),
    PUBLISHER_ANSWER("publisherAnswerReceived", "pub answer received", PUBLISHER_OFFER_SENT),
    PUBLISHER_ICE("publisherIceConnected", "pub ICE connected", PUBLISHER_ANSWER),
    /**
     * Optional: the server's own ICE check reached the publisher connection. Our DTLS client starts after it (or after
     * 500 ms) unless the server is ICE-lite, which sends none.
     */
    PUBLISHER_SERVER_CHECK("publisherServerCheck", "pub server's check in", PUBLISHER_ICE, true),
    /** Our DTLS client starts: after the server's check, or at once when it is ICE-lite (or after 500 ms). */
    PUBLISHER_DTLS_START("publisherDtlsStart", "pub DTLS start", PUBLISHER_ICE),
    PUBLISHER_DTLS("publisherDtlsDone", "pub DTLS done", PUBLISHER_DTLS_START),
    /**
     * The server's first PLI/FIR for the new participant's own video. Optional: a publisher's first frame is a
     * keyframe, so the server asks only if a subscriber of it was added after that frame went by.
     */
    OWN_KEYFRAME_REQUESTED("ownVideoKeyframeRequested", "own video: keyframe asked", PUBLISHER_DTLS, true),
    /** The first packet of a keyframe of the new participant's own video reached every publisher in the room. */
    OWN_VIDEO_AT_PUBLISHERS("ownVideoKeyframeAtEveryPublisher", "own video: key at every pub", PUBLISHER_DTLS),
    SUBSCRIBER_OFFER("subscriberOfferReceived", "sub offer received", JOINED),
    SUBSCRIBER_ANSWER("subscriberAnswerSent", "sub answer sent", SUBSCRIBER_OFFER),
    SUBSCRIBER_ICE("subscriberIceConnected", "sub ICE connected", SUBSCRIBER_ANSWER),
    /** Optional: the server's own ICE check reached the subscriber connection (see PUBLISHER_SERVER_CHECK). */
    SUBSCRIBER_SERVER_CHECK("subscriberServerCheck", "sub server's check in", SUBSCRIBER_ICE, true),
    /**
     * Optional: RTP arrived on the subscriber connection before our DTLS client had the keys, and was lost (the
     * server's side of the handshake completes first, and it forwards at once).
     */
    EARLY_RTP("rtpBeforeOurKeys", "sub RTP before our keys", SUBSCRIBER_ICE, true),
    SUBSCRIBER_DTLS_START("subscriberDtlsStart", "sub DTLS start", SUBSCRIBER_ICE),
    SUBSCRIBER_DTLS("subscriberDtlsDone", "sub DTLS done", SUBSCRIBER_DTLS_START),
    /** The first PLI/FIR any publisher already in the room received after the join started. */
    KEYFRAME_REQUESTED("keyframeRequested", "keyframe asked of pubs", SUBSCRIBER_DTLS),
    /** The first RTP packet the subscriber connection could decrypt. */
    FIRST_RTP("firstRtp", "first RTP received", SUBSCRIBER_DTLS),
    /**
     * Optional: the new participant had to send a PLI, because a video stream started with a delta frame (its
     * keyframe was missed), as a browser would.
     */
    PLI_SENT("pliSent", "sub PLI sent (key missed)", SUBSCRIBER_DTLS, true),
    /** The first packet of a VP8 keyframe from any publisher (per its payload descriptor). */
    FIRST_KEYFRAME("firstKeyframe", "first keyframe received", KEYFRAME_REQUESTED),
    /** The first packet of a keyframe from every publisher in the room. */
    ALL_KEYFRAMES("allKeyframes", "keyframe from every pub", FIRST_KEYFRAME);

    private final String id;
    private final String label;
    private final JoinPhase after;
    private final boolean optional;

    JoinPhase(String id, String label, JoinPhase after) {
        this(id, label, after, false);
    }

    JoinPhase(String id, String label, JoinPhase after, boolean optional) {
        this.id = id;
        this.label = label;
        this.after = after;
        this.optional = optional;
    }

    /** Whether a complete join may go without it. */
    public boolean optional() {
        return optional;
    }

    /** The key in report.json. */
    public String id() {
        return id;
    }

    /** The row name in the tables. */
    public String label() {
        return label;
    }

    /** The phase this one follows, or null for the start of the join. */
    public JoinPhase after() {
        return after;
    }

    /** Label of {@link #after}, or "start". */
    public String afterLabel() {
        return after == null ? "start" : after.label;
    }
}
