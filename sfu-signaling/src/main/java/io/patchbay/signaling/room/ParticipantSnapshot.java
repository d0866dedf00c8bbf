package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackInfo;
import java.time.Instant;
import java.util.List;

/** A read-only copy of a participant: id, display name, when it joined, and the tracks it publishes. */
public record ParticipantSnapshot(String id, String name, Instant joinedAt, List<TrackInfo> tracks) {
    public ParticipantSnapshot {
        tracks = List.copyOf(tracks);
    }
}
