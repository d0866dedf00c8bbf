package io.patchbay.signaling.room;

import java.time.Duration;

/**
 * How long a participant may be unreachable before it is removed (docs/protocol.md, Session lifecycle).
 *
 * @param resumeWindow          a lost WebSocket may be resumed with the reconnect token for this long
 * @param mediaSilence          a connection that has started (or restarted) ICE and hears nothing for this long
 *                              (no datagram, no answer to a consent check) removes its participant
 * @param transportFailureGrace after ICE or DTLS failed, an ICE restart has this long to bring the connection back
 * @param pingInterval          the server sends a WebSocket ping this often
 * @param socketIdle            a WebSocket on which nothing arrives for this long is closed (and counts as lost)
 * @param joinDeadline          a WebSocket that has not joined (or resumed) this long after it opened is closed
 */
public record SessionTimeouts(Duration resumeWindow, Duration mediaSilence, Duration transportFailureGrace,
                              Duration pingInterval, Duration socketIdle, Duration joinDeadline) {
    public static final SessionTimeouts DEFAULTS = new SessionTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(20),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
}
