package io.patchbay.signaling.room;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a participant's outgoing signaling messages go (its WebSocket). Event-loop thread only. */
public interface MessageSink {
    void send(ObjectNode message);

    /** Sends nothing more and closes the connection. */
    void close(String reason);

    /**
     * The session was resumed on another socket: this one no longer speaks for the participant (its closing is not
     * a leave) and closes.
     */
    default void detach(String reason) {
        close(reason);
    }
}
