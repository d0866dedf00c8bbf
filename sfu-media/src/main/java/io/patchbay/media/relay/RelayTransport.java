package io.patchbay.media.relay;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.SendErrorReason;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpProfile;
import io.patchbay.media.srtp.SrtpResult;
import io.patchbay.media.srtp.SrtpSession;
import io.patchbay.media.transport.MediaTransport;
import io.patchbay.media.transport.SrtpReceiver;
import io.patchbay.media.transport.TransportHandler;
import io.patchbay.media.worker.MediaWorker;
import io.patchbay.media.worker.PacketSink;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One room's media link to one other node: SRTP (AEAD_AES_128_GCM) over the node's {@link RelayPort}, keys given
 * out of band (each side draws the key it sends with and tells the other over the cluster's event bus, as mediasoup's
 * PipeTransport does), no ICE or DTLS: both ends are cluster members on a network the operator chose. To its router
 * it is one more transport: it publishes the remote node's tracks (producers) and carries this node's tracks there
 * (relay senders), so a track crosses once per node whatever the number of subscribers behind it.
 *
 * <p>Threads: {@link #localParameters}, {@link #connect} and {@link #close} from any thread; the rest on the router's
 * media worker; {@link #onDatagram} on the relay port's receive thread.
 */
public final class RelayTransport implements MediaTransport, PacketSink {
    static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    /** Streams per direction: up to ~145 video tracks (3 layers, each with RTX) of one room's publishers on a node. */
    public static final int MAX_SSRCS = 1024;

    /** What the other node needs to reach this end: the port, the link id to put in front, the key we send with. */
    public record Parameters(InetSocketAddress address, int linkId, byte[] sendKeyMaterial) {
        public Parameters {
            sendKeyMaterial = sendKeyMaterial.clone();
        }

        @Override
        public byte[] sendKeyMaterial() {
            return sendKeyMaterial.clone();
        }
    }

    private final String id;
    private final RelayPort port;
    private final MediaWorker worker;
    private final PacketBufferPool pool;
    private final MediaStats stats;
    private final int localLinkId;
    private final byte[] sendKey;
    private final byte[] sendSalt;
    private final int[] lengthOut = new int[1];
    private volatile TransportHandler handler;
    private volatile InetSocketAddress remote;
    private volatile int remoteLinkId;
    private volatile SrtpSession srtp;
    private volatile boolean closed;

    RelayTransport(String id, RelayPort port, MediaWorker worker, MediaStats stats, SecureRandom random) {
        this.id = id;
        this.port = port;
        this.worker = worker;
        this.pool = worker.pool();
        this.stats = stats;
        this.sendKey = new byte[PROFILE.keyLength()];
        this.sendSalt = new byte[PROFILE.saltLength()];
        random.nextBytes(sendKey);
        random.nextBytes(sendSalt);
        this.localLinkId = port.register(this);
        if (localLinkId == 0) {
            throw new IllegalStateException("this node already has its maximum of " + RelayPort.MAX_LINKS
                    + " relay links");
        }
    }

    public Parameters localParameters() {
        byte[] material = Arrays.copyOf(sendKey, sendKey.length + sendSalt.length);
        System.arraycopy(sendSalt, 0, material, sendKey.length, sendSalt.length);
        return new Parameters(port.localAddress(), localLinkId, material);
    }

    /**
     * The other end's parameters arrived: send to it from now on, and decrypt what it sends. Once only; the router
     * is told {@link TransportHandler#onConnected} on the media thread.
     *
     * @throws IllegalArgumentException for key material of the wrong length
     */
    public void connect(Parameters other) {
        byte[] material = other.sendKeyMaterial();
        if (material.length != PROFILE.keyLength() + PROFILE.saltLength()) {
            throw new IllegalArgumentException("relay key material must be " + (PROFILE.keyLength()
                    + PROFILE.saltLength()) + " bytes");
        }
        byte[] key = Arrays.copyOf(material, PROFILE.keyLength());
        byte[] salt = Arrays.copyOfRange(material, PROFILE.keyLength(), material.length);
        // Keys and the remote take effect now, not on the media thread's next turn: the other end may start sending
        // at once, and a datagram that arrived before would be dropped as from an unknown source (the first
        // keyframe, once: RelayBetweenRoutersTest). The session is used on the media thread only; the volatile
        // writes publish it.
        synchronized (this) {
            if (closed || srtp != null) return;
            // "client" keys are the ones we receive with, "server" keys the ones we send with (localIsDtlsServer).
            srtp = new SrtpSession(new SrtpKeys(PROFILE, key, salt, sendKey, sendSalt), true, MAX_SSRCS);
            remoteLinkId = other.linkId();
            remote = other.address();
        }
        worker.execute(() -> {
            TransportHandler h = handler;
            if (h != null && !closed) h.onConnected(this);
        });
    }

    /** Datagrams for this link are accepted only from the other end's relay port. */
    boolean acceptsFrom(SocketAddress from) {
        InetSocketAddress r = remote;
        return r != null && r.equals(from);
    }

    /** Relay port thread: queue for the media worker. */
    void onDatagram(PacketBuffer packet) {
        packet.receivedAtNanos = worker.clock().nanoTime();
        packet.owner = this;
        worker.offerPacket(packet);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void setHandler(TransportHandler handler) {
        this.handler = handler;
    }

    @Override
    public boolean isConnected() {
        return srtp != null && !closed;
    }

    /** Media thread: decrypt and hand to the router. */
    @Override
    public void onPacket(PacketBuffer packet) {
        PacketFate fate = PacketFate.RELEASE;
        try {
            SrtpSession session = srtp;
            TransportHandler h = handler;
            if (session == null || h == null || closed) {
                stats.dropped(DropReason.SRTP_NOT_READY);
                return;
            }
            stats.relayReceived(packet.length);
            fate = SrtpReceiver.unprotectAndHandle(this, session, h, packet, lengthOut, stats);
        } finally {
            if (fate == PacketFate.RELEASE) pool.release(packet);
        }
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        SrtpSession session = srtp;
        if (session == null || closed || session.protectRtp(buf, off, len, lengthOut) != SrtpResult.OK) return false;
        return send(buf, off, lengthOut[0]);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        SrtpSession session = srtp;
        if (session == null || closed || session.protectRtcp(buf, off, len, lengthOut) != SrtpResult.OK) return false;
        stats.rtcpSent();
        return send(buf, off, lengthOut[0]);
    }

    private boolean send(byte[] buf, int off, int len) {
        if (!port.send(remoteLinkId, buf, off, len, remote)) {
            stats.sendError(SendErrorReason.REFUSED);
            return false;
        }
        stats.relaySent(len);
        return true;
    }

    @Override
    public void releaseSendSsrc(long ssrc) {
        SrtpSession s = srtp;
        if (s != null) s.releaseSendSsrc(ssrc);
    }

    @Override
    public void releaseReceiveSsrc(long ssrc) {
        SrtpSession s = srtp;
        if (s != null) s.releaseReceiveSsrc(ssrc);
    }

    @Override
    public int srtpOverheadBytes() {
        return PROFILE.srtpOverhead();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        port.unregister(localLinkId, this);
        worker.execute(() -> {
            SrtpSession s = srtp;
            if (s != null) s.close();
        });
    }
}
