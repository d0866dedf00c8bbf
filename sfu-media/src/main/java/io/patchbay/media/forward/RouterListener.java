package io.patchbay.media.forward;

/** Events from a router to its room. Called on the router's media thread; hop to your own thread. */
public interface RouterListener {
    void onTransportConnected(String transportId);

    void onTransportFailed(String transportId, String reason);

    /**
     * The simulcast layers of a published track that at least one subscriber receives changed; the others may stop
     * being encoded ({@code layers-wanted}). Rids lowest first.
     */
    default void onLayersWanted(String trackId, java.util.List<String> rids) {
    }

    /** The room's speakers changed: audio track ids, the dominant speaker's first, then by how recently they spoke. */
    default void onActiveSpeakers(java.util.List<String> audioTrackIds) {
    }
}
