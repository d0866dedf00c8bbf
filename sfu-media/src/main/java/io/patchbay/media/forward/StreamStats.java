package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;

/** A snapshot of one stream's counters. {@code transportId} names the subscriber transport for outbound streams. */
public record StreamStats(String trackId, String transportId, TrackKind kind, Direction direction,
                          long packets, long bytes, long packetsLost) {
    public enum Direction { INBOUND, OUTBOUND }
}
