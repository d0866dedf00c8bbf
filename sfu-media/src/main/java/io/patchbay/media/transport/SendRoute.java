package io.patchbay.media.transport;

import io.patchbay.media.MediaStats;
import io.patchbay.media.SendErrorReason;
import io.patchbay.media.worker.MediaWorker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidatePair;

/**
 * How one media thread sends one transport's protected datagrams: through its own send-only socket on the media port
 * toward the ICE-selected remote when it can, else through ice4j. A transport has one for its own thread and, when a
 * large room's fan-out is spread, one for the thread that sends its RTP ({@code EgressLane}); each is used by its
 * thread only, so neither needs a lock.
 */
final class SendRoute {
    private static final Logger LOG = Logger.getLogger(SendRoute.class.getName());

    private final String transportId;
    private final MediaPort mediaPort;
    private final MediaWorker worker;
    private final MediaStats stats;
    /** The pair the direct sender was chosen for, the sender (or null: ice4j) and the remote. */
    private CandidatePair pair;
    private MediaSender sender;
    private UdpDestination remote;
    private boolean failureLogged;

    SendRoute(String transportId, MediaPort mediaPort, MediaWorker worker, MediaStats stats) {
        this.transportId = transportId;
        this.mediaPort = mediaPort;
        this.worker = worker;
        this.stats = stats;
    }

    /** Sends {@code buf[off, off+len)} (already protected); false if it did not leave (counted). */
    boolean send(IceSession ice, byte[] buf, int off, int len) {
        try {
            CandidatePair selected = ice.selectedPair();
            // No pair during an ICE restart: keep the direct sender toward the last remote until one is selected.
            if (selected != null && selected != pair) select(selected);
            MediaSender direct = sender;
            // A batched socket belongs to its worker's thread; anything sent from elsewhere goes out at once.
            if (direct instanceof BatchedUdpSender && !worker.isWorkerThread()) direct = mediaPort.sharedSender();
            if (direct != null) {
                if (!direct.send(buf, off, len, remote)) {
                    stats.sendError(SendErrorReason.REFUSED);
                    return false;
                }
                return true;
            }
            if (selected == null) {
                // Not selected yet (the client has not nominated): a valid pair will do (RFC 8445 section 12.1).
                if (!ice.canSend()) {
                    stats.sendError(SendErrorReason.NO_PATH);
                    return false;
                }
                ice.send(buf, off, len);
                return true;
            }
            selected.getParentComponent().send(buf, off, len);
            return true;
        } catch (IOException | RuntimeException e) {
            stats.sendError(SendErrorReason.REFUSED);
            if (!failureLogged) {
                failureLogged = true; // once per transport and thread: the counter tells how many followed
                LOG.warning("transport " + transportId + ": send failed (" + e + "); later failures are only counted"
                        + " in patchbay_media_send_errors_total");
            }
            return false;
        }
    }

    /**
     * The selected pair changed (or was first selected): send from the media port's send-only socket when the pair is
     * UDP on the media port and the kernel's route toward the remote leaves from the pair's local address (so the
     * peer sees the same source), else through ice4j (a route lookup once per pair change).
     */
    private void select(CandidatePair selected) {
        pair = selected;
        sender = null;
        remote = null;
        TransportAddress local = selected.getLocalCandidate().getTransportAddress();
        TransportAddress to = selected.getRemoteCandidate().getTransportAddress();
        if (local.getTransport() != Transport.UDP || to.getTransport() != Transport.UDP
                || local.getPort() != mediaPort.port() || !mediaPort.sendsTo(to.getAddress())) {
            return; // the send-only sockets are UDP on the media port, IPv4 or dual-stack
        }
        MediaSender s = mediaPort.senderFor(worker);
        if (s == null) return;
        InetSocketAddress address = new InetSocketAddress(to.getAddress(), to.getPort());
        try {
            if (!UdpSender.routeSource(address).equals(local.getAddress())) return;
        } catch (IOException | RuntimeException e) {
            return; // no route or an address the socket cannot use: ice4j sends
        }
        remote = new UdpDestination(address);
        sender = s;
    }
}
