package io.patchbay.signaling.room;

import java.util.List;

/**
 * An API command about a participant connected to another node of its room (a room across nodes): sent to that node,
 * which applies it as if it had been called there; the effects come back as for any change of that participant.
 */
public sealed interface RemoteCommand {
    String participantId();

    record Kick(String participantId) implements RemoteCommand {
    }

    record Mute(String participantId, String trackId, boolean muted) implements RemoteCommand {
    }

    record Subscriptions(String participantId, List<String> subscribe, List<String> unsubscribe)
            implements RemoteCommand {
        public Subscriptions {
            subscribe = List.copyOf(subscribe);
            unsubscribe = List.copyOf(unsubscribe);
        }
    }

    record Pin(String participantId, List<String> participantIds) implements RemoteCommand {
        public Pin {
            participantIds = List.copyOf(participantIds);
        }
    }
}
