/**
 * A scripted WebRTC client for testing the Patchbay server over its real protocol, written independently of the
 * server (no shared SDP, RTP, ICE or forwarding code) so that it checks the server rather than agreeing with it.
 *
 * <p>Entry point: {@link io.patchbay.load.peer.TestPeer}. Layers, one class each:
 * <ul>
 *   <li>{@link io.patchbay.load.peer.SignalingClient}: JSON over the JDK WebSocket, with a history to await on.</li>
 *   <li>{@code LocalSdp} / {@link io.patchbay.load.peer.RemoteSdp}: our offer/answer text; the server's SDP read.</li>
 *   <li>{@code UdpMux}: one UDP socket per peer connection, demultiplexed by first byte (RFC 7983).</li>
 *   <li>{@code StunMessage} + {@code ControllingIceAgent}: RFC 5389 / RFC 8445 checks by hand (the server's ice4j
 *       agent is controlled and waits for our checks).</li>
 *   <li>{@code PeerCertificate}, {@code PeerDtlsClient}, {@code DtlsDatagramTransport}: DTLS 1.2 client with
 *       use_srtp (BouncyCastle), certificate checked against the SDP fingerprint.</li>
 *   <li>{@code SrtpSession}, {@code SrtpKeys}, {@code PacketBuffer}: SRTP/SRTCP with jitsi-srtp, keys per RFC 5764 section 4.2.</li>
 *   <li>{@code RtpPacket}, {@code Rtcp}: the RTP/RTCP the peer writes and reads.</li>
 *   <li>{@link io.patchbay.load.peer.PeerTransport}: ICE + DTLS + SRTP of one peer connection.</li>
 *   <li>{@link io.patchbay.load.peer.PublisherConnection} with {@link io.patchbay.load.peer.MediaSender}
 *       and {@link io.patchbay.load.peer.SentLog}; {@link io.patchbay.load.peer.SubscriberConnection} with
 *       {@link io.patchbay.load.peer.ReceivedStream}; {@link io.patchbay.load.peer.StreamCheck} compares them.</li>
 *   <li>Session lifecycle (docs/protocol.md): {@link io.patchbay.load.peer.TestPeer#resume} with the reconnect
 *       token ({@link io.patchbay.load.peer.ResumeFailedException}), ICE restarts on either connection
 *       ({@link io.patchbay.load.peer.IceRestart}) without a new DTLS handshake, recycled subscriber m-sections
 *       read per offer, and {@link io.patchbay.load.peer.TestPeer#blackhole} for a vanished network.</li>
 * </ul>
 */
package io.patchbay.load.peer;
