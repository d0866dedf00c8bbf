package io.patchbay.signaling.room;

import io.patchbay.core.room.ParticipantId;
import io.patchbay.media.transport.MediaTransport;
import io.patchbay.signaling.ws.ErrorCode;
import io.patchbay.signaling.ws.SignalingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins of one room (docs/protocol.md, Active speakers and last-N): per subscriber, the participants whose video it
 * receives besides its last N. Kept here by participant id, since last-N ranks participants (a pinned participant
 * may publish later, or republish its camera under a new track id); the router gets their publisher transports
 * whenever the pinning subscriber's or a pinned publisher's connection appears. Event-loop thread only.
 */
final class Pins {
    private final Room room;

    Pins(Room room) {
        this.room = room;
    }

    /**
     * {@code pin}: replaces {@code p}'s pins (an empty list: none). All or nothing: {@code unknown-participant} unless
     * every id is another participant of the room.
     */
    void set(Participant p, List<String> participantIds) throws SignalingException {
        List<ParticipantId> pinned = new ArrayList<>(participantIds.size());
        for (String id : participantIds) {
            Participant other = room.participant(id);
            if (other == null || other == p) {
                throw new SignalingException(ErrorCode.UNKNOWN_PARTICIPANT,
                        "there is no other participant " + id + " in this room (nothing was pinned)");
            }
            if (!pinned.contains(other.id)) pinned.add(other.id);
        }
        p.pinned = List.copyOf(pinned);
        apply(p);
    }

    /** Tells the router whose video {@code p} has pinned, once it has a subscriber connection. */
    void apply(Participant p) {
        if (p.subscriberTransport == null) return;
        List<MediaTransport> publishers = new ArrayList<>(p.pinned.size());
        for (ParticipantId id : p.pinned) {
            Participant other = room.participant(id.value());
            if (other != null && other.publisherTransport != null) publishers.add(other.publisherTransport);
        }
        room.router().setPinned(p.subscriberTransport, publishers);
    }

    /** {@code publisher} has a publisher connection now: whoever pinned it gets its video from the start. */
    void onPublisherConnection(Participant publisher) {
        for (Participant p : room.participants()) {
            if (p.pinned.contains(publisher.id)) apply(p);
        }
    }

    /** {@code left} is gone for good: nobody pins it any more (the router dropped its transports itself). */
    void onLeft(Participant left) {
        for (Participant p : room.participants()) {
            if (!p.pinned.contains(left.id)) continue;
            List<ParticipantId> rest = new ArrayList<>(p.pinned);
            rest.remove(left.id);
            p.pinned = List.copyOf(rest);
        }
    }
}
