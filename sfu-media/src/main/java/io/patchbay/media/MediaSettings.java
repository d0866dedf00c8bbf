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
 */
public record MediaSettings(int port, List<String> bindAddresses, String publicAddress, boolean advertiseBoundAddresses, boolean useClientCandidates,
                            int threads, SendPath sendPath) {
    public MediaSettings {
        bindAddresses = List.copyOf(bindAddresses);
        java.util.Objects.requireNonNull(sendPath, "sendPath");
    }

    /** With batched sends (the server's default). */
    public MediaSettings(int port, List<String> bindAddresses, String publicAddress, boolean advertiseBoundAddresses,
                         boolean useClientCandidates, int threads) {
        this(port, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, threads,
                SendPath.BATCHED);
    }
}
