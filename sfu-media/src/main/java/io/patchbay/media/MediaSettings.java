package io.patchbay.media;

import java.util.List;

/**
 * What the media plane needs from the configuration.
 *
 * @param port           the shared UDP port (0 = any free port)
 * @param bindAddresses  addresses to bind; empty = 127.0.0.1 plus every non-loopback IPv4 and IPv6 address
 * @param publicAddress  extra advertised address (NAT, Kubernetes) or null
 * @param advertiseBoundAddresses false: advertise only {@code publicAddress}
 * @param useClientCandidates false: never send checks to client candidates; learn clients from their checks
 * @param threads        media worker threads; 0 = one per core
 * @param sendPath       batched sends (one system call per batch) where they work, or one per datagram
 * @param spreadFromSubscribers a room with this many subscribers spreads its further subscribers' SRTP and sends over
 *                       every media thread (0: never; see {@code FanOutSpread})
 */
public record MediaSettings(int port, List<String> bindAddresses, String publicAddress, boolean advertiseBoundAddresses, boolean useClientCandidates,
                            int threads, SendPath sendPath, int spreadFromSubscribers) {
    public MediaSettings {
        bindAddresses = List.copyOf(bindAddresses);
        java.util.Objects.requireNonNull(sendPath, "sendPath");
        if (spreadFromSubscribers < 0) throw new IllegalArgumentException("spreadFromSubscribers must be >= 0");
    }

    /** With the server's default spread ({@code media.spread-from-subscribers}). */
    public MediaSettings(int port, List<String> bindAddresses, String publicAddress, boolean advertiseBoundAddresses,
                         boolean useClientCandidates, int threads, SendPath sendPath) {
        this(port, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, threads, sendPath,
                io.patchbay.core.config.PatchbayConfig.DEFAULT_SPREAD_FROM_SUBSCRIBERS);
    }

    /** With batched sends (the server's default). */
    public MediaSettings(int port, List<String> bindAddresses, String publicAddress, boolean advertiseBoundAddresses,
                         boolean useClientCandidates, int threads) {
        this(port, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, threads,
                SendPath.BATCHED);
    }
}
