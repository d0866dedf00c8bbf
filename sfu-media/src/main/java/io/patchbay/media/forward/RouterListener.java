package io.patchbay.media.forward;

/** Events from a router to its room. Called on the router's media thread; hop to your own thread. */
public interface RouterListener {
    void onTransportConnected(String transportId);

    void onTransportFailed(String transportId, String reason);
}
