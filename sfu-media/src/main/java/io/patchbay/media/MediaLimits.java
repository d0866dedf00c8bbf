package io.patchbay.media;

/**
 * What one peer may make the media plane hold or do, and how many DTLS handshakes run at once.
 *
 * @param packetsPerSecond     datagrams per second a transport may send us (RTP, RTCP); more are dropped and counted
 * @param bitsPerSecond        bits per second a transport may send us; more are dropped and counted
 * @param buffersPerTransport  pool buffers one transport's packets may hold at once (queued or in retransmission
 *                             caches); more arriving are dropped and counted
 * @param dtlsHandshakeThreads DTLS handshakes that run at once (one blocked thread each)
 * @param dtlsHandshakesQueued handshakes that may wait for a thread; beyond that a new one fails the transport
 */
public record MediaLimits(int packetsPerSecond, long bitsPerSecond, int buffersPerTransport,
                          int dtlsHandshakeThreads, int dtlsHandshakesQueued) {
    /**
     * A publisher of three simulcast layers at 2.5 Mbps plus a 2.5 Mbps screen share and two audio tracks sends
     * ~900 packets and ~6 Mbps per second, retransmissions included; the defaults leave room above that. 2,048
     * buffers are 1 s of that publisher's packets (retransmission caches keep 1 s), a sixteenth of the pool.
     */
    public static final MediaLimits DEFAULTS = new MediaLimits(2_500, 20_000_000L, 2_048, 32, 256);

    public MediaLimits {
        if (packetsPerSecond < 1 || bitsPerSecond < 8_000 || buffersPerTransport < 16
                || dtlsHandshakeThreads < 2 || dtlsHandshakesQueued < 0) {
            throw new IllegalArgumentException("media limits out of range: " + packetsPerSecond + " packets/s, "
                    + bitsPerSecond + " bit/s, " + buffersPerTransport + " buffers, " + dtlsHandshakeThreads
                    + " DTLS threads, " + dtlsHandshakesQueued + " queued");
        }
    }
}
