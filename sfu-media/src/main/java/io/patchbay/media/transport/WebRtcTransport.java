package io.patchbay.media.transport;

import io.patchbay.media.packet.PacketFate;
import io.patchbay.core.ice.IceCandidate;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.SendErrorReason;
import io.patchbay.media.MediaLimits;
import io.patchbay.media.dtls.DtlsEndpoint;
import io.patchbay.media.dtls.DtlsIdentity;
import io.patchbay.media.packet.BufferAccount;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpResult;
import io.patchbay.media.srtp.SrtpSession;
import io.patchbay.media.worker.EgressLane;
import io.patchbay.media.worker.MediaWorker;
import io.patchbay.media.worker.PacketSink;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.util.Buffer;

/**
 * One WebRTC peer connection on the server side: ICE on the shared media port ({@link IceSession}, replaced on an
 * ICE restart), a DTLS server (RFC 5764) and SRTP. BUNDLE and rtcp-mux mean exactly one ICE component carries
 * everything.
 *
 * <p>Threads: the ice4j socket thread calls {@link #onIceBuffer}, which copies media into a pooled buffer and queues
 * it to the owning {@link MediaWorker}; DTLS records go to the DTLS executor. Everything else (SRTP, handlers, sends)
 * runs on the media worker, except, in a room whose fan-out is spread ({@link #sendRtpThrough}), RTP protection and
 * sending, which run on the egress lane's thread. Control methods may be called from any thread; they post to the
 * worker.
 */
public final class WebRtcTransport implements MediaTransport, PacketSink, BufferAccount, EgressLane.Sink {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());
    private static final long DTLS_WAIT_FOR_ICE_NANOS = 5_000_000_000L;

    private final String id;
    private final MediaWorker worker;
    private final MediaStats stats;
    private final PacketBufferPool pool;
    private final IngressBudget budget;
    private final DtlsEndpoint dtls;
    private final int[] lengthOut = new int[1];
    private final MediaPort mediaPort;
    private final String publicAddress;
    private final boolean advertiseBoundAddresses;
    private final boolean useClientCandidates;
    /** The first ICE generation; any other one completing is a restart. */
    private final IceSession firstIce;
    /** The current ICE generation; replaced by {@link #restartIce}. */
    private volatile IceSession ice;
    /** How this transport's own thread sends (media thread only). */
    private final SendRoute route;
    /**
     * Set once, on the media thread, when a large room's fan-out is spread: RTP for this transport is then protected
     * and sent by {@code egress.to()} ({@link #laneRoute}, {@link #laneLengthOut}, {@link #laneClosed} are that
     * thread's), RTCP still here. Null: everything is sent here.
     */
    private EgressLane egress;
    private SendRoute laneRoute;
    private final int[] laneLengthOut = new int[1];
    private boolean laneClosed;
    private volatile TransportHandler handler;
    private volatile TransportState state = TransportState.NEW;
    /** Epoch ms of the last datagram (DTLS, SRTP, SRTCP) from the peer; written by the socket thread. */
    private volatile long lastReceivedMillis;
    /** Epoch ms when ICE was last started or restarted: silence is counted from here at the earliest. */
    private volatile long iceStartedAtMillis;
    /** Written on the worker when keys arrive; read there and, for RTP, on the egress lane's thread. */
    private volatile SrtpSession srtp;

    WebRtcTransport(String id, MediaPort port, String publicAddress, boolean advertiseBoundAddresses,
                    boolean useClientCandidates, MediaWorker worker, MediaStats stats,
                    DtlsIdentity identity, SecureRandom random, Executor dtlsExecutor, MediaLimits limits)
            throws IOException {
        this.mediaPort = port;
        this.id = id;
        this.worker = worker;
        this.stats = stats;
        this.pool = worker.pool();
        this.budget = new IngressBudget(limits);
        this.publicAddress = publicAddress;
        this.advertiseBoundAddresses = advertiseBoundAddresses;
        this.useClientCandidates = useClientCandidates;
        this.ice = newIceSession();
        this.firstIce = ice;
        this.dtls = new DtlsEndpoint(identity, random, dtlsExecutor, this::sendDtls);
        this.route = new SendRoute(id, port, worker, stats);
    }

    private IceSession newIceSession() throws IOException {
        return new IceSession(mediaPort, publicAddress, advertiseBoundAddresses, useClientCandidates,
                this::onIceBuffer, this::onIceStateChange);
    }

    @Override
    public String id() {
        return id;
    }

    public MediaWorker worker() {
        return worker;
    }

    public TransportState state() {
        return state;
    }

    public String localUfrag() {
        return ice.localUfrag();
    }

    public String localPassword() {
        return ice.localPassword();
    }

    /** Host candidates on the shared port of the current ICE generation, to trickle to the peer. */
    public List<IceCandidate> localCandidates() {
        return ice.localCandidates();
    }

    @Override
    public void setHandler(TransportHandler handler) {
        this.handler = handler;
    }

    /** The negotiated SRTP profile, or null before DTLS completes (media thread). */
    public SrtpSession srtp() {
        return srtp;
    }

    /**
     * Starts ICE (and, the first time, the DTLS server) once the remote description is known. Idempotent per ICE
     * generation: renegotiations that keep the same ICE credentials do nothing.
     */
    public synchronized void start(String remoteUfrag, String remotePassword, String fingerprintAlgorithm,
                                   String fingerprint, List<IceCandidate> remoteCandidates) {
        if (state == TransportState.CLOSED) return;
        IceSession session = ice;
        if (session.isStarted()) return;
        if (state == TransportState.NEW) state = TransportState.CHECKING;
        iceStartedAtMillis = System.currentTimeMillis();
        dtls.start(fingerprintAlgorithm, fingerprint,
                keys -> worker.execute(() -> installKeys(keys)),
                error -> worker.execute(() -> fail("DTLS handshake failed: " + error.getMessage())));
        session.start(remoteUfrag, remotePassword, remoteCandidates);
    }

    /**
     * ICE restart (RFC 8445 section 9): new local credentials and a new agent; call {@link #start} with the peer's
     * new credentials next. DTLS and SRTP stay. A transport whose ICE failed becomes usable again if DTLS had
     * completed. Any thread.
     *
     * <p>The old agent is freed at once, not kept until the new one selects a pair: ice4j's shared-port harvester
     * hands every datagram from a known remote address to the agent that first claimed that address, so a client
     * that restarts from the same address and port would only ever reach the old agent. Until the new pair is
     * selected, media keeps going to the old remote address through the send-only socket (when it was in use).
     */
    public synchronized void restartIce() throws IOException {
        if (state == TransportState.CLOSED) return;
        IceSession old = ice;
        ice = newIceSession();
        old.free();
        if (state == TransportState.FAILED && dtls.isEstablished()) state = TransportState.CONNECTED;
        LOG.fine(() -> "transport " + id + ": ICE restart");
    }

    /** Remote candidates one ICE generation of a transport takes (each one means checks the server sends). */
    public static final int MAX_REMOTE_CANDIDATES = IceSession.MAX_REMOTE_CANDIDATES;

    /**
     * A trickled remote candidate for the current ICE generation (any thread). False if the generation already has
     * {@link #MAX_REMOTE_CANDIDATES}: the candidate is dropped.
     */
    public synchronized boolean addRemoteCandidate(IceCandidate candidate) {
        if (state == TransportState.CLOSED) return true;
        return ice.addRemoteCandidate(candidate);
    }

    /**
     * When the peer was last heard from (epoch ms): its last datagram, its last answer to a consent check, or the
     * last ICE (re)start, whichever is latest; 0 before ICE starts. The room removes a participant whose connections
     * stay silent (RFC 7675 consent), including one that started ICE and never connected.
     */
    public long lastHeardMillis() {
        return Math.max(Math.max(lastReceivedMillis, ice.lastConsentMillis()), iceStartedAtMillis);
    }

    private void onIceStateChange(PropertyChangeEvent event) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) return;
        IceProcessingState s = (IceProcessingState) event.getNewValue();
        IceSession current = ice;
        if (!current.owns(event.getSource())) return; // a replaced generation
        if (s == IceProcessingState.COMPLETED) {
            synchronized (this) {
                if (state == TransportState.CHECKING) state = TransportState.DTLS_CONNECTING;
            }
            if (current != firstIce) {
                worker.execute(() -> {
                    TransportHandler h = handler;
                    if (ice == current && state == TransportState.CONNECTED && h != null) h.onIceRestarted(this);
                });
            }
        } else if (s == IceProcessingState.FAILED) {
            worker.execute(() -> {
                if (ice == current) fail("ICE failed");
            });
        }
    }

    /**
     * DTLS handshake thread. A browser starts DTLS as soon as its side of ICE has a working pair, which can be before
     * our own check on that pair succeeded; wait briefly for a valid pair instead of failing the handshake. (Not for
     * a selected one: that needs the browser's nomination, which comes on a later check.)
     */
    private void sendDtls(byte[] buf, int off, int len) throws IOException {
        long deadline = System.nanoTime() + DTLS_WAIT_FOR_ICE_NANOS;
        while (true) {
            IceSession session = ice;
            if (session.canSend()) {
                try {
                    session.send(buf, off, len);
                    return;
                } catch (IOException e) {
                    // ice4j marks a pair succeeded a moment before it lists it as valid: try again shortly.
                }
            }
            if (state == TransportState.CLOSED || System.nanoTime() - deadline > 0) {
                throw new IOException("ICE has no valid pair to send DTLS on");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for ICE");
            }
        }
    }

    /** ice4j socket thread: RFC 7983 demultiplexing of what is not STUN (ice4j consumed STUN already). */
    private void onIceBuffer(Buffer buffer) {
        try {
            int len = buffer.getLength();
            if (len <= 0 || state == TransportState.CLOSED) return;
            lastReceivedMillis = System.currentTimeMillis();
            byte[] data = buffer.getBuffer();
            int off = buffer.getOffset();
            int first = data[off] & 0xFF;
            if (first >= 20 && first <= 63) {
                byte[] record = new byte[len];
                System.arraycopy(data, off, record, 0, len);
                // A ClientHello may beat the remote description (a subscriber's browser connects as soon as it has
                // answered): queue it for the handshake instead of dropping it and waiting for its retransmission.
                if (!dtls.onRecord(record)) stats.dropped(DropReason.DTLS_UNEXPECTED);
            } else if (first >= 128 && first <= 191) {
                long now = worker.clock().nanoTime();
                DropReason overBudget = budget.admit(len, now);
                if (overBudget != null) {
                    stats.dropped(overBudget);
                    return;
                }
                PacketBuffer packet = pool.acquire();
                if (packet == null) {
                    budget.released();
                    stats.dropped(DropReason.POOL_EXHAUSTED);
                    return;
                }
                packet.owner = this; // from here every release of the buffer credits the budget (bufferReleased)
                if (len > packet.data.length - PacketBuffer.HEADROOM - PacketBuffer.TAILROOM) {
                    pool.release(packet);
                    stats.dropped(DropReason.RTP_MALFORMED);
                    return;
                }
                System.arraycopy(data, off, packet.data, PacketBuffer.HEADROOM, len);
                packet.offset = PacketBuffer.HEADROOM;
                packet.length = len;
                packet.receivedAtNanos = now;
                worker.offerPacket(packet);
            } else {
                stats.dropped(DropReason.UNKNOWN_PROTOCOL);
            }
        } finally {
            IceEnvironment.recycle(buffer);
        }
    }

    /** A buffer holding one of this peer's packets went back to the pool (any thread). */
    @Override
    public void bufferReleased() {
        budget.released();
    }

    /** Pool buffers this peer's packets hold now (queued, or kept for retransmission). */
    public int heldBuffers() {
        return budget.heldBuffers();
    }

    /** Media thread: decrypt and hand to the router. */
    @Override
    public void onPacket(PacketBuffer packet) {
        PacketFate fate = PacketFate.RELEASE;
        try {
            SrtpSession session = srtp;
            TransportHandler h = handler;
            if (session == null || h == null) {
                stats.dropped(DropReason.SRTP_NOT_READY);
                return;
            }
            stats.received(packet.length);
            fate = SrtpReceiver.unprotectAndHandle(this, session, h, packet, lengthOut, stats);
        } finally {
            if (fate == PacketFate.RELEASE) pool.release(packet);
        }
    }

    private void installKeys(SrtpKeys keys) {
        if (state == TransportState.CLOSED) return;
        srtp = new SrtpSession(keys, true);
        state = TransportState.CONNECTED;
        stats.dtlsHandshake(true);
        LOG.fine(() -> "transport " + id + " connected, " + keys.profile());
        TransportHandler h = handler;
        if (h != null) h.onConnected(this);
    }

    private void fail(String reason) {
        if (state == TransportState.CLOSED || state == TransportState.FAILED) return;
        state = TransportState.FAILED;
        if (reason.startsWith("DTLS")) stats.dtlsHandshake(false);
        LOG.info(() -> "transport " + id + ": " + reason);
        TransportHandler h = handler;
        if (h != null) h.onFailed(this, reason);
    }

    /**
     * Protects an RTP packet in place and sends it (media thread). The array needs
     * {@link SrtpSession#rtpOverhead()} bytes of tail room after {@code off + len}. With an egress lane, the packet is
     * copied into the lane unprotected and the lane's thread protects and sends it.
     */
    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        EgressLane lane = egress;
        if (lane != null) {
            if (!mayHandToLane()) return false;
            if (lane.offer(this, buf, off, len)) return true;
            stats.sendError(SendErrorReason.LANE_FULL);
            return false;
        }
        SrtpSession session = srtp;
        if (session == null) return false;
        if (session.protectRtp(buf, off, len, lengthOut) != SrtpResult.OK) {
            stats.sendError(SendErrorReason.SRTP);
            return false;
        }
        return route.send(ice, buf, off, lengthOut[0]);
    }

    @Override
    public byte[] rtpSlot() {
        EgressLane lane = egress;
        // A full lane gives null here and is counted by the sendRtp that follows.
        return lane != null && mayHandToLane() ? lane.reserve() : null;
    }

    /**
     * Whether RTP may go into the egress lane now: only with keys, and only from the room's thread (the lane's
     * thread owns the RTP send contexts; media is sent from the room's thread only).
     */
    private boolean mayHandToLane() {
        return srtp != null && worker.isWorkerThread();
    }

    @Override
    public boolean commitRtp(int len) {
        EgressLane lane = egress;
        if (lane == null) return false;
        lane.commit(this, len);
        return true;
    }

    /** Protects an RTCP compound packet in place and sends it (media thread). */
    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        SrtpSession session = srtp;
        if (session == null || session.protectRtcp(buf, off, len, lengthOut) != SrtpResult.OK) return false;
        stats.rtcpSent();
        return route.send(ice, buf, off, lengthOut[0]);
    }

    /**
     * From now on RTP for this transport is protected and sent by {@code lane.to()} (media thread, once, before the
     * transport sends media: a room that grew large enough spreads its fan-out over the media threads).
     */
    public void sendRtpThrough(EgressLane lane) {
        if (egress != null || lane == null) return;
        laneRoute = new SendRoute(id, mediaPort, lane.to(), stats);
        egress = lane;
    }

    /** The egress lane's thread: protect and send one packet the owner queued. */
    @Override
    public void sendFromLane(byte[] buf, int len) {
        SrtpSession session = srtp;
        if (laneClosed || session == null) return;
        if (session.protectRtp(buf, 0, len, laneLengthOut) != SrtpResult.OK) {
            stats.sendError(SendErrorReason.SRTP);
            return;
        }
        laneRoute.send(ice, buf, 0, laneLengthOut[0]);
    }

    /** The egress lane's thread: a consumer's stream ended after its last packet went out. */
    @Override
    public void releaseOnLane(long ssrc) {
        SrtpSession session = srtp;
        if (!laneClosed && session != null) session.releaseSendRtpSsrc(ssrc);
    }

    @Override
    public void releaseSendSsrc(long ssrc) {
        SrtpSession session = srtp;
        if (session == null) return;
        EgressLane lane = egress;
        if (lane == null) {
            session.releaseSendSsrc(ssrc);
            return;
        }
        session.releaseSendRtcpSsrc(ssrc);
        // The RTP context is the lane thread's: released there, after the stream's last queued packet.
        if (!lane.offerRelease(this, ssrc)) lane.to().execute(() -> releaseOnLane(ssrc));
    }

    @Override
    public void releaseReceiveSsrc(long ssrc) {
        SrtpSession session = srtp;
        if (session != null) session.releaseReceiveSsrc(ssrc);
    }

    /** Tail room a packet needs for SRTP protection (media thread). */
    @Override
    public int srtpOverheadBytes() {
        SrtpSession session = srtp;
        return session == null ? 32 : session.rtcpOverhead();
    }

    @Override
    public boolean isConnected() {
        return state == TransportState.CONNECTED;
    }

    /** Closes ICE, DTLS and SRTP (any thread; the SRTP part runs on the worker). */
    @Override
    public void close() {
        synchronized (this) {
            if (state == TransportState.CLOSED) return;
            state = TransportState.CLOSED;
        }
        handler = null;
        dtls.close();
        ice.freeLater();
        worker.execute(() -> {
            SrtpSession session = srtp;
            if (session == null) return;
            srtp = null;
            EgressLane lane = egress;
            if (lane == null) {
                session.close();
                return;
            }
            // The lane's thread may be protecting with it: close it there, between two of its packets.
            lane.to().execute(() -> {
                laneClosed = true;
                session.close();
            });
        });
    }
}
