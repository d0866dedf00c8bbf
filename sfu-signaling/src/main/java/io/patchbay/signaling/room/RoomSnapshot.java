package io.patchbay.signaling.room;

import java.time.Instant;
import java.util.List;

/** A read-only copy of a room's state, taken on the event loop and safe to serialize anywhere. */
public record RoomSnapshot(String name, RoomSettings settings, Instant createdAt, List<ParticipantSnapshot> participants) {
    public RoomSnapshot {
        participants = List.copyOf(participants);
    }

    public int participantCount() {
        return participants.size();
    }
}
