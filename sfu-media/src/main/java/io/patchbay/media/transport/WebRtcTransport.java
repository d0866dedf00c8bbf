package io.patchbay.media.transport;

import io.patchbay.core.ice.IceCandidate;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.dtls.DtlsEndpoint;
import io.patchbay.media.dtls.DtlsIdentity;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpResult;
import io.patchbay.media.srtp.SrtpSession;
import io.patchbay.media.worker.MediaWorker;
import io.patchbay.media.worker.PacketSink;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One WebRTC peer connection on the server side: an ice4j agent (controlled role) on the shared media port, a DTLS
 * server (RFC 5764) and SRTP. BUNDLE and rtcp-mux mean exactly one ICE component carries everything.
 *
 * <p>Threads: the ice4j socket thread calls {@link #onIceBuffer}, which copies media into a pooled buffer and queues
 * it to the owning {@link MediaWorker}; DTLS records go to the DTLS executor. Everything else (SRTP, handlers, sends)
 * runs on the media worker. Control methods may be called from any thread; they post to the worker.
 */
public final class WebRtcTransport implements MediaTransport, PacketSink {
    private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());
    private static final long DTLS_WAIT_FOR_ICE_NANOS = 5_000_000_000L;

    private final String id;
    private final MediaWorker worker;
    private final MediaStats stats;
    private final PacketBufferPool pool;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final DtlsEndpoint dtls;
    private final List<IceCandidate> localCandidates;
    private final int[] lengthOut = new int[1];
    private final MediaPort mediaPort;
    /** Media thread only: the pair the direct sender was chosen for, the sender (or null: ice4j) and the remote. */
    private CandidatePair sendPair;
    private UdpSender directSender;
    private InetSocketAddress directRemote;
    private final boolean useClientCandidates;
    private volatile TransportHandler handler;
    private volatile TransportState state = TransportState.NEW;
    /** Written on the worker when keys arrive; read on the worker only. */
    private SrtpSession srtp;

    WebRtcTransport(String id, MediaPort port, String publicAddress, boolean advertiseBoundAddresses,
                    boolean useClientCandidates, MediaWorker worker, MediaStats stats,
                    DtlsIdentity identity, SecureRandom random, ExecutorService dtlsExecutor) throws IOException {
        this.mediaPort = port;
        this.id = id;
        this.worker = worker;
        this.stats = stats;
        this.pool = worker.pool();
        this.useClientCandidates = useClientCandidates;
        this.agent = new Agent(new LoggerImpl(Agent.class.getName()));
        agent.setControlling(false);
        agent.setUseDynamicPorts(false);
        agent.setTrickling(true);
        for (SinglePortUdpHarvester h : port.harvesters()) agent.addCandidateHarvester(h);
        this.stream = agent.createMediaStream("bundle");
        this.component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        component.setBufferCallback(this::onIceBuffer);
        agent.addStateChangeListener(this::onIceStateChange);
        this.dtls = new DtlsEndpoint(identity, random, dtlsExecutor, this::sendDtls);
        this.localCandidates = buildLocalCandidates(component, publicAddress, advertiseBoundAddresses, port.port());
    }

    private static List<IceCandidate> buildLocalCandidates(Component component, String publicAddress,
                                                          boolean advertiseBoundAddresses, int port)
            throws UnknownHostException {
        List<IceCandidate> out = new ArrayList<>();
        long lowestPriority = Long.MAX_VALUE;
        for (LocalCandidate c : component.getLocalCandidates()) {
            TransportAddress a = c.getTransportAddress();
            out.add(new IceCandidate(c.getFoundation(), 1, "udp", c.getPriority(), a.getHostAddress(), a.getPort(),
                    IceCandidate.CandidateType.HOST, null, 0));
            lowestPriority = Math.min(lowestPriority, c.getPriority());
        }
        if (publicAddress != null && !publicAddress.isBlank()) {
            // Advertised as a host candidate at the NAT's address (as announced-IP in other SFUs): the peer's
            // checks reach the shared port through the NAT and ice4j matches them by ufrag.
            String ip = InetAddress.getByName(publicAddress).getHostAddress();
            long priority = lowestPriority == Long.MAX_VALUE ? 2_130_706_431L : Math.max(1, lowestPriority - 1);
            if (!advertiseBoundAddresses) out.clear();
            out.add(0, new IceCandidate("pub" + Math.abs(ip.hashCode() % 10000), 1, "udp", priority, ip, port,
                    IceCandidate.CandidateType.HOST, null, 0));
        }
        return List.copyOf(out);
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
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    /** Host candidates on the shared port, to trickle to the peer. */
    public List<IceCandidate> localCandidates() {
        return localCandidates;
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
     * Starts ICE and the DTLS server once the remote description is known. Idempotent: later renegotiations that
     * keep the same ICE credentials do nothing.
     */
    public synchronized void start(String remoteUfrag, String remotePassword, String fingerprintAlgorithm,
                                   String fingerprint, List<IceCandidate> remoteCandidates) {
        if (state != TransportState.NEW) return;
        state = TransportState.CHECKING;
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        for (IceCandidate c : remoteCandidates) addRemoteCandidateLocked(c, false);
        dtls.start(fingerprintAlgorithm, fingerprint,
                keys -> worker.execute(() -> installKeys(keys)),
                error -> worker.execute(() -> fail("DTLS handshake failed: " + error.getMessage())));
        agent.startConnectivityEstablishment();
    }

    /** A trickled remote candidate (any thread). */
    public synchronized void addRemoteCandidate(IceCandidate candidate) {
        if (state == TransportState.CLOSED || state == TransportState.FAILED) return;
        addRemoteCandidateLocked(candidate, agent.isStarted());
    }

    private void addRemoteCandidateLocked(IceCandidate c, boolean running) {
        if (!useClientCandidates || !c.isUdp() || c.componentId() != 1) return;
        try {
            TransportAddress address = new TransportAddress(c.address(), c.port(), Transport.UDP);
            RemoteCandidate rc = new RemoteCandidate(address, component, CandidateType.parse(c.type().sdpName()),
                    c.foundation(), c.priority(), null);
            if (running) {
                component.addUpdateRemoteCandidates(rc);
                component.updateRemoteCandidates();
            } else {
                component.addRemoteCandidate(rc);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ignoring remote candidate {0}: {1}", new Object[] {c, e.toString()});
        }
    }

    private void onIceStateChange(PropertyChangeEvent event) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) return;
        IceProcessingState s = (IceProcessingState) event.getNewValue();
        if (s == IceProcessingState.COMPLETED && state == TransportState.CHECKING) {
            state = TransportState.DTLS_CONNECTING;
        } else if (s == IceProcessingState.FAILED) {
            worker.execute(() -> fail("ICE failed"));
        }
    }

    /**
     * DTLS handshake thread. A browser starts DTLS as soon as its side of ICE validates a pair, which can be before
     * ice4j (controlled) has selected one; wait briefly for the selection instead of failing the handshake.
     */
    private void sendDtls(byte[] buf, int off, int len) throws IOException {
        long deadline = System.nanoTime() + DTLS_WAIT_FOR_ICE_NANOS;
        while (component.getSelectedPair() == null) {
            if (state == TransportState.CLOSED || System.nanoTime() - deadline > 0) {
                throw new IOException("ICE has no selected pair to send DTLS on");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for ICE");
            }
        }
        component.send(buf, off, len);
    }

    /** ice4j socket thread: RFC 7983 demultiplexing of what is not STUN (ice4j consumed STUN already). */
    private void onIceBuffer(Buffer buffer) {
        try {
            int len = buffer.getLength();
            if (len <= 0 || state == TransportState.CLOSED) return;
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
                PacketBuffer packet = pool.acquire();
                if (packet == null) {
                    stats.dropped(DropReason.POOL_EXHAUSTED);
                    return;
                }
                if (len > packet.data.length - PacketBuffer.HEADROOM - PacketBuffer.TAILROOM) {
                    pool.release(packet);
                    stats.dropped(DropReason.RTP_MALFORMED);
                    return;
                }
                System.arraycopy(data, off, packet.data, PacketBuffer.HEADROOM, len);
                packet.offset = PacketBuffer.HEADROOM;
                packet.length = len;
                packet.receivedAtNanos = worker.clock().nanoTime();
                packet.owner = this;
                worker.offerPacket(packet);
            } else {
                stats.dropped(DropReason.UNKNOWN_PROTOCOL);
            }
        } finally {
            IceEnvironment.recycle(buffer);
        }
    }

    /** Media thread: decrypt and hand to the router. */
    @Override
    public void onPacket(PacketBuffer packet) {
        boolean retained = false;
        try {
            SrtpSession session = srtp;
            TransportHandler h = handler;
            if (session == null || h == null) {
                stats.dropped(DropReason.SRTP_NOT_READY);
                return;
            }
            stats.received(packet.length);
            boolean rtcp = isRtcp(packet.data, packet.offset, packet.length);
            SrtpResult result = rtcp
                    ? session.unprotectRtcp(packet.data, packet.offset, packet.length, lengthOut)
                    : session.unprotectRtp(packet.data, packet.offset, packet.length, lengthOut);
            if (result != SrtpResult.OK) {
                stats.dropped(switch (result) {
                    case AUTH_FAILED -> DropReason.SRTP_AUTH_FAILED;
                    case REPLAYED -> DropReason.SRTP_REPLAY;
                    default -> DropReason.SRTP_ERROR;
                });
                return;
            }
            packet.length = lengthOut[0];
            if (rtcp) {
                h.onRtcp(this, packet);
            } else {
                retained = h.onRtp(this, packet);
            }
        } finally {
            if (!retained) pool.release(packet);
        }
    }

    /** RFC 5761 section 4: RTCP packet types 192-223 sit where RTP has marker+payload type. */
    private static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2) return false;
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
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
     * {@link SrtpSession#rtpOverhead()} bytes of tail room after {@code off + len}.
     */
    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        SrtpSession session = srtp;
        if (session == null || session.protectRtp(buf, off, len, lengthOut) != SrtpResult.OK) return false;
        return send(buf, off, lengthOut[0]);
    }

    /** Protects an RTCP compound packet in place and sends it (media thread). */
    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        SrtpSession session = srtp;
        if (session == null || session.protectRtcp(buf, off, len, lengthOut) != SrtpResult.OK) return false;
        stats.rtcpSent();
        return send(buf, off, lengthOut[0]);
    }

    private boolean send(byte[] buf, int off, int len) {
        try {
            CandidatePair pair = component.getSelectedPair();
            if (pair != sendPair) selectSender(pair);
            UdpSender sender = directSender;
            if (sender != null) {
                if (!sender.send(buf, off, len, directRemote)) {
                    stats.sendError();
                    return false;
                }
                return true;
            }
            component.send(buf, off, len);
            return true;
        } catch (IOException | RuntimeException e) {
            stats.sendError();
            return false;
        }
    }

    /**
     * The selected pair changed (or was first selected): send from the media port's send-only socket when the pair is
     * UDP on the media port and the kernel's route toward the remote leaves from the pair's local address (so the
     * peer sees the same source), else through ice4j (media thread; a route lookup once per pair change).
     */
    private void selectSender(CandidatePair pair) {
        sendPair = pair;
        directSender = null;
        directRemote = null;
        if (pair == null) return;
        TransportAddress local = pair.getLocalCandidate().getTransportAddress();
        TransportAddress remote = pair.getRemoteCandidate().getTransportAddress();
        if (local.getTransport() != Transport.UDP || remote.getTransport() != Transport.UDP
                || local.getPort() != mediaPort.port() || !(remote.getAddress() instanceof java.net.Inet4Address)) {
            return; // the send-only socket is IPv4 UDP on the media port
        }
        UdpSender sender = mediaPort.sender();
        if (sender == null) return;
        InetSocketAddress to = new InetSocketAddress(remote.getAddress(), remote.getPort());
        try {
            if (!UdpSender.routeSource(to).equals(local.getAddress())) return;
        } catch (IOException | RuntimeException e) {
            return; // no route or an address the socket cannot use: ice4j sends
        }
        directRemote = to;
        directSender = sender;
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
        try {
            agent.free();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "agent free failed", e);
        }
        worker.execute(() -> {
            if (srtp != null) {
                srtp.close();
                srtp = null;
            }
        });
    }
}
