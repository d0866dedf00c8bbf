/**
 * Simulated WebRTC peer connections for load: {@link io.patchbay.load.client.ClientConnection} (a non-blocking UDP
 * socket with {@link io.patchbay.load.client.IceClient}, a BouncyCastle DTLS client handshake and
 * {@link io.patchbay.load.client.SrtpEndpoint}), {@link io.patchbay.load.client.SyntheticMedia} (paced audio and
 * VP8-like video with a send-time trailer), and the shared machinery in
 * {@link io.patchbay.load.client.ClientRuntime}: receive loops (one selector thread for many sockets), one driver
 * thread for every send and timer, DTLS handshake threads, and the delay histogram. The steady state allocates
 * nothing per packet on either side except in jitsi-srtp.
 */
package io.patchbay.load.client;
