package io.patchbay.media.transport;

import io.patchbay.core.ice.IceCandidate;
import io.patchbay.core.ice.IpLiteral;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One generation of ICE of a {@link WebRtcTransport}: an ice4j agent with its local credentials, one component
 * (BUNDLE + rtcp-mux) on the shared media port, and the candidates it advertises. An ICE restart (RFC 8445 section
 * 9) replaces the session with a new one while DTLS and SRTP stay; the old one keeps carrying media until the new
 * one has selected a pair.
 *
 * <p>The agent is controlled: the server declares {@code a=ice-lite}, so the client controls and nominates. It
 * still sends its own checks (ice4j selects a pair only after its triggered check succeeded) and, with consent
 * freshness on, a binding request every few seconds on the selected pair (RFC 7675), whose answers tell the
 * transport that the peer is still there. Any thread; ice4j calls back on its own threads.
 */
final class IceSession {
    /** One daemon thread frees the agents of closed transports, in order. */
    private static final java.util.concurrent.ExecutorService FREEING =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "patchbay-ice-free");
                t.setDaemon(true);
                return t;
            });

    /**
     * Runs ice4j's update of a started agent's check list for trickled candidates, off the caller's thread. The update
     * waits for the check list's lock, which ice4j's own threads hold while they send checks; on a loaded machine that
     * took 26 s once, and the Vert.x event loop that called it stopped every room's signaling meanwhile (a join loop
     * beside a second one: 5 joins in a row failed). A session has at most one update queued (an update takes every
     * candidate added before it runs), so threads are bounded by the transports that have one pending.
     */
    private static final java.util.concurrent.ExecutorService CANDIDATE_UPDATES =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "patchbay-ice-candidates");
                t.setDaemon(true);
                return t;
            });

    private static final Logger LOG = Logger.getLogger(IceSession.class.getName());
    private final java.util.concurrent.atomic.AtomicBoolean updateQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** One of this generation's checks succeeded (a valid pair exists), told by ice4j's pair events. */
    private volatile boolean checkSucceeded;

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final List<IceCandidate> localCandidates;
    private final boolean useClientCandidates;
    private boolean started;
    /** Remote candidates one ICE generation takes; more are dropped (each one means checks the server sends). */
    static final int MAX_REMOTE_CANDIDATES = 32;
    private int remoteCandidates;

    IceSession(MediaPort port, String publicAddress, boolean advertiseBoundAddresses, boolean useClientCandidates,
               Consumer<Buffer> onBuffer, PropertyChangeListener onStateChange) throws IOException {
        this.useClientCandidates = useClientCandidates;
        this.agent = new Agent(new LoggerImpl(Agent.class.getName()));
        agent.setControlling(false);
        agent.setUseDynamicPorts(false);
        agent.setTrickling(true);
        // RFC 7675 consent checks as real binding requests (ice4j sends indications otherwise), so their answers
        // prove the peer still wants our packets.
        agent.setPerformConsentFreshness(true);
        for (SinglePortUdpHarvester h : port.harvesters()) agent.addCandidateHarvester(h);
        this.stream = agent.createMediaStream("bundle");
        // Remember a succeeded check from ice4j's event instead of scanning the check list under its lock: ice4j's
        // own threads can deadlock over that lock (a cycle through the agent, a pair and the triggered-check queue,
        // seen in a thread dump under load), and the media thread asking canSend() must not join them.
        stream.addPairChangeListener(e -> {
            if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(e.getPropertyName())
                    || IceMediaStream.PROPERTY_PAIR_STATE_CHANGED.equals(e.getPropertyName())
                    && e.getNewValue() == CandidatePairState.SUCCEEDED) {
                checkSucceeded = true;
            }
        });
        this.component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        component.setBufferCallback(onBuffer::accept);
        agent.addStateChangeListener(onStateChange);
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

    boolean owns(Object agentOrSource) {
        return agentOrSource == agent;
    }

    String localUfrag() {
        return agent.getLocalUfrag();
    }

    String localPassword() {
        return agent.getLocalPassword();
    }

    List<IceCandidate> localCandidates() {
        return localCandidates;
    }

    CandidatePair selectedPair() {
        return component.getSelectedPair();
    }

    /**
     * Whether data can go to the peer now: a pair is selected, or one of our checks succeeded (a valid pair). RFC
     * 8445 section 12.1 lets an agent send on any valid pair before selection. Selection here needs the client's
     * nomination, which browsers send on a later check (tens to hundreds of ms after the first), so DTLS waits only
     * for a valid pair. ice4j's {@link Component#send} uses the selected pair, else a valid one.
     */
    boolean canSend() {
        return checkSucceeded || component.getSelectedPair() != null;
    }

    /** Sends on the selected pair, else on a valid one (see {@link #canSend}). */
    void send(byte[] buf, int off, int len) throws IOException {
        component.send(buf, off, len);
    }

    /** When the peer last answered a consent check on the selected pair (epoch ms), or 0. */
    long lastConsentMillis() {
        CandidatePair pair = component.getSelectedPair();
        long t = pair == null ? 0 : pair.getConsentFreshness();
        return Math.max(t, 0);
    }

    synchronized boolean isStarted() {
        return started;
    }

    /** Sets the remote credentials and candidates and starts checks; once only. */
    synchronized void start(String remoteUfrag, String remotePassword, List<IceCandidate> remoteCandidates) {
        if (started) return;
        started = true;
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        for (IceCandidate c : remoteCandidates) addRemoteCandidate(c);
        agent.startConnectivityEstablishment();
    }

    /**
     * A trickled remote candidate; before {@link #start} it waits in the component. Returns false when this ICE
     * generation already has {@link #MAX_REMOTE_CANDIDATES} (the candidate is dropped).
     */
    synchronized boolean addRemoteCandidate(IceCandidate c) {
        if (!useClientCandidates || !c.isUdp() || c.componentId() != 1) return true;
        if (remoteCandidates >= MAX_REMOTE_CANDIDATES) return false;
        byte[] ip = IpLiteral.parse(c.address());
        if (ip == null) return true; // IceCandidate.parse refuses these already; never resolve a name
        try {
            // From the bytes, never from the string: no name lookup on behalf of a client.
            TransportAddress address = new TransportAddress(InetAddress.getByAddress(ip), c.port(), Transport.UDP);
            remoteCandidates++;
            RemoteCandidate rc = new RemoteCandidate(address, component, CandidateType.parse(c.type().sdpName()),
                    c.foundation(), c.priority(), null);
            if (agent.isStarted()) {
                component.addUpdateRemoteCandidates(rc);
                if (updateQueued.compareAndSet(false, true)) CANDIDATE_UPDATES.execute(this::updateRemoteCandidates);
            } else {
                component.addRemoteCandidate(rc);
            }
        } catch (UnknownHostException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring remote candidate {0}: {1}", new Object[] {c, e.toString()});
        }
        return true;
    }

    /**
     * As {@link #free}, on a background thread: ice4j takes 7-25 ms to free an agent (measured), which the media
     * worker or the event loop that closes a transport must not spend (40 clients leaving at once stalled both for
     * most of a second).
     */
    void freeLater() {
        FREEING.execute(this::free);
    }

    /** Pairs the candidates added since the last update with ours and adds them to the running checks. */
    private void updateRemoteCandidates() {
        updateQueued.set(false); // a candidate added from here on queues another update
        try {
            component.updateRemoteCandidates();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "remote candidate update failed (agent freed?)", e);
        }
    }

    void free() {
        try {
            agent.free();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "agent free failed", e);
        }
    }
}
