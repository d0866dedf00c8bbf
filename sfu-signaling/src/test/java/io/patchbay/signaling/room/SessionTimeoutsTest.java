package io.patchbay.signaling.room;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The production session timeouts are the ones docs/protocol.md ("Session lifecycle", error codes) promises. The
 * integration tests of each timeout run servers with shorter ones (so that an expiry takes seconds) and assert
 * against the value they chose; this is where the defaults themselves are pinned.
 */
class SessionTimeoutsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        SessionTimeouts d = SessionTimeouts.DEFAULTS;
        assertAll(
                // "the participant stays in the room for 30 s"; resume-failed "30 s after the socket was lost"
                () -> assertEquals(Duration.ofSeconds(30), d.resumeWindow(), "resume window"),
                // "A connection silent for 20 s ... removes the participant"
                () -> assertEquals(Duration.ofSeconds(20), d.mediaSilence(), "media silence"),
                // "failed and was not restarted successfully within 10 s"; transport-failed "within 10 s"
                () -> assertEquals(Duration.ofSeconds(10), d.transportFailureGrace(), "transport failure grace"),
                // "The server sends a WebSocket ping frame every 10 s"
                () -> assertEquals(Duration.ofSeconds(10), d.pingInterval(), "ping interval"),
                // "A socket on which nothing (message or pong) arrives for 30 s is closed"
                () -> assertEquals(Duration.ofSeconds(30), d.socketIdle(), "socket idle"),
                // join-timeout: "no successful join within 10 s of opening the socket"
                () -> assertEquals(Duration.ofSeconds(10), d.joinDeadline(), "join deadline"));
    }
}
