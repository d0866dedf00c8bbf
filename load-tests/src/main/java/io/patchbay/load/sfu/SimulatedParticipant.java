package io.patchbay.load.sfu;

import io.patchbay.load.client.ClientConnection;
import java.util.List;

/** One simulated participant of a room, whatever the SFU: its connections and when it asked to join. */
public interface SimulatedParticipant extends AutoCloseable {
    String name();

    /** System.nanoTime when the join request was sent. */
    long joinSentNanos();

    /** The publishing connection, or null. */
    ClientConnection publisher();

    /** Connections that receive media (one for Patchbay; one per subscribed feed for Janus). */
    List<ClientConnection> subscriberConnections();

    /** Its part in the {@code simulcast} scenario, or null. */
    default SimulcastRole simulcastRole() {
        return null;
    }

    /** What went wrong on this participant's own threads (e.g. answering an offer), for diagnostics; empty if nothing. */
    default List<String> failures() {
        return List.of();
    }

    /** Another participant of the room started publishing (after its media flows); subscribe if the SFU needs it. */
    void onPublisherAdded(SimulatedParticipant publisher) throws Exception;

    @Override
    void close();
}
