package io.patchbay.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.room.ParticipantHandle;
import java.util.Set;

/**
 * A joined client's messages (docs/protocol.md), checked and applied to its participant. Runs where the room is: on
 * the node whose socket received them, or on the room's owner when the socket is on another node.
 */
public final class ClientCommands {
    /** Every message type a joined client may send, besides {@code join} and {@code leave}. */
    public static final Set<String> TYPES = Set.of("offer", "answer", "candidate", "mute", "update-subscription",
            "subscribe", "unsubscribe", "restart-ice", "get-stats", "pin");

    private ClientCommands() {
    }

    public static void apply(ParticipantHandle participant, String type, JsonNode m) throws SignalingException {
        switch (type) {
            case "offer" -> {
                PeerConnectionRole pc = PeerConnectionRole.parse(Json.requireText(m, "pc", 16));
                if (pc != PeerConnectionRole.PUBLISHER) {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE, "clients offer only on the publisher connection");
                }
                participant.publisherOffer(Json.requireText(m, "sdp", SignalingSession.MAX_SDP_LENGTH),
                        TrackSources.read(m));
            }
            case "answer" -> {
                PeerConnectionRole pc = PeerConnectionRole.parse(Json.requireText(m, "pc", 16));
                if (pc != PeerConnectionRole.SUBSCRIBER) {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE, "clients answer only on the subscriber connection");
                }
                participant.subscriberAnswer(Json.requireText(m, "sdp", SignalingSession.MAX_SDP_LENGTH));
            }
            case "candidate" -> {
                PeerConnectionRole pc = PeerConnectionRole.parse(Json.requireText(m, "pc", 16));
                JsonNode c = m.get("candidate");
                if (c == null || c.isNull()) {
                    participant.candidate(pc, null);
                } else if (c.isObject()) {
                    participant.candidate(pc, Json.optionalText(c, "candidate", 1024));
                } else {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE, "'candidate' must be an object or null");
                }
            }
            case "mute" -> {
                JsonNode muted = m.get("muted");
                if (muted == null || !muted.isBoolean()) {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE, "'muted' must be true or false");
                }
                participant.mute(Json.requireText(m, "trackId", 64), muted.booleanValue());
            }
            case "update-subscription" ->
                    participant.updateSubscription(Json.requireText(m, "trackId", 64), SubscriptionRequests.preferences(m));
            case "subscribe" -> participant.subscribe(SubscriptionRequests.trackIds(m));
            case "unsubscribe" -> participant.unsubscribe(SubscriptionRequests.trackIds(m));
            case "restart-ice" -> {
                PeerConnectionRole pc = PeerConnectionRole.parse(Json.requireText(m, "pc", 16));
                if (pc != PeerConnectionRole.SUBSCRIBER) {
                    throw new SignalingException(ErrorCode.BAD_MESSAGE,
                            "restart-ice is for the subscriber connection; restart the publisher one with a new offer");
                }
                participant.restartSubscriberIce();
            }
            case "get-stats" -> participant.requestStats();
            case "pin" -> participant.pin(PinRequests.participantIds(m));
            default -> throw new SignalingException(ErrorCode.UNKNOWN_TYPE, "unknown message type");
        }
    }
}
