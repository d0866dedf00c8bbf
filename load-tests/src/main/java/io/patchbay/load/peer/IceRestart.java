package io.patchbay.load.peer;

import java.net.InetSocketAddress;

/**
 * What one completed ICE restart (RFC 8445 section 9) looked like from the peer: the server's ICE ufrag before
 * and after, our local address before and after (different when the restart moved to a new socket), and when
 * it started and when the first check with the new credentials succeeded (System.nanoTime()).
 */
public record IceRestart(String pc, String oldServerUfrag, String newServerUfrag, InetSocketAddress oldLocal,
                         InetSocketAddress newLocal, long startedNanos, long checksSucceededNanos) {
    /** From sending the restart to the first successful check, in milliseconds. */
    public double millisToNewPair() {
        return (checksSucceededNanos - startedNanos) / 1e6;
    }
}
