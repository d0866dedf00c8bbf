package io.patchbay.media.transport;

import io.patchbay.media.MediaStats;
import io.patchbay.media.SendPath;
import io.patchbay.media.worker.MediaWorker;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * The one UDP port all peers share (ice4j {@link SinglePortUdpHarvester}, one per bound address). ice4j
 * demultiplexes peers by the ufrag of their first STUN request, then by source address.
 */
public final class MediaPort implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MediaPort.class.getName());

    private final List<SinglePortUdpHarvester> harvesters;
    private final UdpSender sender;
    private final int port;
    private final MediaStats stats;
    /** Send media in batches, one socket per media thread ({@link BatchedUdpSender}), where that can work. */
    private final boolean batchedSends;
    private final Map<MediaWorker, MediaSender> senders = new ConcurrentHashMap<>();
    /** The send-only sockets are IPv6 dual-stack (an IPv6 address is bound): they reach IPv6 remotes too. */
    private final boolean dualStack;

    private MediaPort(List<SinglePortUdpHarvester> harvesters, UdpSender sender, int port, MediaStats stats,
                      boolean batchedSends, boolean dualStack) {
        this.harvesters = harvesters;
        this.sender = sender;
        this.port = port;
        this.stats = stats;
        this.batchedSends = batchedSends;
        this.dualStack = dualStack;
    }

    /**
     * Binds {@code port} (0 = any free port, then the same port on every address) on each address; an empty list
     * means 127.0.0.1 plus every up, non-loopback IPv4 and IPv6 address but link-local ones (ice4j's host harvester
     * would skip loopback, so a browser on the same machine could not connect). With an IPv6 address the send-only
     * sockets are dual-stack.
     */
    public static MediaPort bind(int port, List<String> bindAddresses, MediaStats stats, SendPath sendPath)
            throws IOException {
        IceEnvironment.initialize();
        List<InetAddress> addresses = new ArrayList<>();
        if (bindAddresses.isEmpty()) {
            addresses.addAll(defaultAddresses());
        } else {
            for (String a : bindAddresses) addresses.add(InetAddress.getByName(a));
        }
        List<SinglePortUdpHarvester> harvesters = new ArrayList<>();
        int actualPort = port;
        try {
            for (InetAddress address : addresses) {
                SinglePortUdpHarvester h = new CountingUdpHarvester(
                        new TransportAddress(address, actualPort, Transport.UDP), stats);
                harvesters.add(h);
                actualPort = h.getLocalAddress().getPort();
            }
        } catch (IOException e) {
            harvesters.forEach(SinglePortUdpHarvester::close);
            throw new IOException("cannot bind UDP port " + actualPort + " on " + addresses + ": " + e.getMessage(), e);
        }
        LOG.fine(() -> "media port bound on " + addresses);
        boolean dualStack = addresses.stream().anyMatch(a -> a instanceof Inet6Address);
        UdpSender sendOnly = sendOnly(actualPort, addresses, dualStack);
        boolean batched = false;
        if (sendOnly != null && sendPath == SendPath.BATCHED) {
            String why = BatchedUdpSender.unavailabilityReason();
            if (why == null) {
                batched = true;
            } else {
                LOG.warning("media port: sending one datagram per system call: " + why);
            }
        }
        return new MediaPort(Collections.unmodifiableList(harvesters), sendOnly, actualPort, stats, batched, dualStack);
    }

    /**
     * The wildcard send-only socket on {@code port} ({@link UdpSender}; dual-stack when an IPv6 address is bound), if
     * it can be bound and takes none of the datagrams addressed to the media addresses; else null, and media goes out
     * through ice4j.
     */
    private static UdpSender sendOnly(int port, List<InetAddress> addresses, boolean dualStack) {
        UdpSender s = null;
        try {
            s = UdpSender.bindWildcard(port, dualStack);
            for (InetAddress a : addresses) {
                if (s.receivesProbe(a)) throw new IOException("it would receive datagrams sent to " + a);
            }
            return s;
        } catch (IOException e) {
            if (s != null) s.close();
            // ice4j binds with SO_REUSEADDR only when it uses several sockets (machines with several cores).
            LOG.info(() -> "media port: no send-only socket on port " + port + " (" + e.getMessage()
                    + "); media is sent through ice4j");
            return null;
        }
    }

    /**
     * The send-only socket for media sent by {@code worker}: on its own thread, its batched socket where batched sends
     * work; else (or called from another thread) the shared one; null: send through ice4j.
     */
    MediaSender senderFor(MediaWorker worker) {
        if (sender == null) return null;
        if (!batchedSends || !worker.isWorkerThread()) return sender;
        return senders.computeIfAbsent(worker, this::batchedFor);
    }

    /** Whether the send-only sockets can reach {@code remote}: IPv4 always, IPv6 when they are dual-stack. */
    boolean sendsTo(InetAddress remote) {
        return remote instanceof Inet4Address || (dualStack && remote instanceof Inet6Address);
    }

    /** The send-only socket every thread may use (one datagram per call), or null: send through ice4j. */
    MediaSender sharedSender() {
        return sender;
    }

    private MediaSender batchedFor(MediaWorker worker) {
        try {
            BatchedUdpSender b = BatchedUdpSender.bindWildcard(port, dualStack, stats, worker);
            worker.addEndOfTurn(b::flush);
            return b;
        } catch (IOException | RuntimeException e) {
            LOG.warning("media port: no batched socket on port " + port + " for a media thread (" + e.getMessage()
                    + "); it sends one datagram per system call");
            return sender;
        }
    }

    static List<InetAddress> defaultAddresses() throws IOException {
        Set<InetAddress> out = new LinkedHashSet<>();
        out.add(InetAddress.getLoopbackAddress());
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                // Link-local IPv6 needs a zone on every use and reaches the local link only: not worth a candidate.
                // Other IPv6 addresses come with the interface as their zone ("%eth0"), which would end up in
                // candidates: the bare address is the same one.
                if (!a.isLinkLocalAddress() && !a.isMulticastAddress()) out.add(InetAddress.getByAddress(a.getAddress()));
            }
        }
        return new ArrayList<>(out);
    }

    public int port() {
        return port;
    }

    List<SinglePortUdpHarvester> harvesters() {
        return harvesters;
    }

    public List<String> boundAddresses() {
        List<String> out = new ArrayList<>();
        for (SinglePortUdpHarvester h : harvesters) out.add(h.getLocalAddress().getAddress().getHostAddress());
        return out;
    }

    @Override
    public void close() {
        harvesters.forEach(SinglePortUdpHarvester::close);
        if (sender != null) sender.close();
        for (MediaSender s : senders.values()) {
            if (s instanceof BatchedUdpSender b) b.close(); // a worker whose socket failed maps to the shared one
        }
    }
}
