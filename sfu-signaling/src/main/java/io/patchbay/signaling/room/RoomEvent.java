package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackInfo;
import java.time.Instant;

/**
 * One room lifecycle event.
 *
 * @param type        the event name: {@code room_started}, {@code room_finished}, {@code participant_joined},
 *                    {@code participant_left}, {@code track_published}, {@code track_unpublished}
 * @param room        the room name
 * @param at          when it happened
 * @param participant the participant concerned (the publisher for track events), or null
 * @param track       the track concerned, or null
 */
public record RoomEvent(String type, String room, Instant at, ParticipantSnapshot participant, TrackInfo track) {
    public static final String ROOM_STARTED = "room_started";
    public static final String ROOM_FINISHED = "room_finished";
    public static final String PARTICIPANT_JOINED = "participant_joined";
    public static final String PARTICIPANT_LEFT = "participant_left";
    public static final String TRACK_PUBLISHED = "track_published";
    public static final String TRACK_UNPUBLISHED = "track_unpublished";
}
