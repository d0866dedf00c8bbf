package io.patchbay.load.report;

import java.util.List;

/**
 * The join-time scenario against one server: joins one after another into a room where {@code publishers}
 * participants already publish audio and video and receive everyone; each new participant publishes audio and video,
 * receives everyone, then leaves.
 *
 * @param server      "patchbay"
 * @param version     server version string as reported
 * @param repetition  0-based index when the run is repeated
 * @param srtpProfile the SRTP protection profile DTLS negotiated
 * @param publishers  participants already in the room, publishing
 * @param deadlineMs  a join with no keyframe this long after its start failed
 * @param joins       every measured join, in order
 */
public record JoinRun(
        String server,
        String version,
        int repetition,
        String srtpProfile,
        int publishers,
        double deadlineMs,
        List<JoinRecord> joins) {

    /** Joins that failed. */
    public long failedCount() {
        return joins == null ? 0 : joins.stream().filter(j -> j != null && j.failed()).count();
    }
}
