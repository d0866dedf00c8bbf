package io.patchbay.signaling.room;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a room's participants who is speaking: the media plane ranks audio tracks (dominant speaker first, then by how
 * recently each spoke); this maps them to participants and sends {@code active-speakers} to everyone when the list of
 * participants changes, and to a participant that joins or resumes. Event-loop only.
 */
final class ActiveSpeakersNotice {
    private final Room room;
    private List<String> last = List.of();

    ActiveSpeakersNotice(Room room) {
        this.room = room;
    }

    void onRanking(List<String> audioTrackIds) {
        List<String> speakers = new ArrayList<>(audioTrackIds.size());
        for (String trackId : audioTrackIds) {
            for (Participant p : room.participants()) {
                String id = p.id.value();
                if (!p.left && !speakers.contains(id) && publishes(p, trackId)) speakers.add(id);
            }
        }
        if (speakers.equals(last)) return;
        last = List.copyOf(speakers);
        for (Participant p : room.participants()) {
            if (!p.left) p.sink.send(Messages.activeSpeakers(last));
        }
    }

    /** A participant that joins or resumes hears the current list right after {@code joined}, unless nobody spoke. */
    void tell(Participant p) {
        if (!last.isEmpty()) p.sink.send(Messages.activeSpeakers(last));
    }

    private static boolean publishes(Participant p, String trackId) {
        for (PublishedTrack t : p.published.values()) {
            if (t.info.id().value().equals(trackId)) return true;
        }
        return false;
    }
}
