package io.patchbay.signaling.ws;

/** Which of a participant's two peer connections a message is about. */
public enum PeerConnectionRole {
    /** The client offers; it sends the participant's camera and microphone. */
    PUBLISHER("publisher"),
    /** The server offers; it carries everyone else's tracks to this participant. */
    SUBSCRIBER("subscriber");

    private final String wire;

    PeerConnectionRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static PeerConnectionRole parse(String s) throws SignalingException {
        for (PeerConnectionRole r : values()) {
            if (r.wire.equals(s)) return r;
        }
        throw new SignalingException(ErrorCode.BAD_MESSAGE, "'pc' must be \"publisher\" or \"subscriber\"");
    }
}
