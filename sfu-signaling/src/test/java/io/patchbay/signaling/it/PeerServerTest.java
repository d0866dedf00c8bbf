package io.patchbay.signaling.it;

import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.room.SessionTimeouts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh server for each test and the Java peers the test adds to {@link #peers}; all closed after the test. */
abstract class PeerServerTest {
    PatchbayServer server;
    final List<TestPeer> peers = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = PeerMedia.startServer(timeouts(), limits());
    }

    /**
     * The session timeouts the server starts with: docs/protocol.md's by default; a test of a timeout shortens it
     * so that it ends in seconds (and asserts against the value it chose).
     */
    SessionTimeouts timeouts() {
        return SessionTimeouts.DEFAULTS;
    }

    /** Replaces the server of this test, before any peer joined it, with one that has {@code timeouts}. */
    void restartServer(SessionTimeouts timeouts) throws Exception {
        if (!peers.isEmpty()) throw new IllegalStateException("peers already joined the server: " + peers);
        server.close();
        server = null;
        server = PeerMedia.startServer(timeouts, limits());
    }

    /** The limits the server starts with; a test of a limit lowers it. */
    SignalingLimits limits() {
        return SignalingLimits.DEFAULTS;
    }

    @AfterEach
    void stopPeersAndServer() {
        peers.forEach(TestPeer::close);
        if (server != null) {
            server.close();
        }
    }
}
