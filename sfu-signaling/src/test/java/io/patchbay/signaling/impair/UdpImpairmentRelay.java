package io.patchbay.signaling.impair;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space UDP relay that impairs traffic between WebRTC clients and a server, for tests without root.
 *
 * <p>It listens on one address (e.g. {@code 127.0.0.2:P}, the server's only advertised candidate) and forwards
 * each client's datagrams to the server (e.g. {@code 127.0.0.1:P}) from an upstream socket of that client's own,
 * so the server sees one stable, distinct source per client; the server's replies on that socket go back to the
 * client from the listening socket. Like a symmetric NAT, the upstream socket is connected to the server and
 * only takes its replies; a mapping without traffic either way for the idle timeout (30 s) is closed.
 *
 * <p>Each direction has an {@link ImpairmentProfile}, changeable at run time, and a {@link LinkShaper} seeded per
 * direction: the clients without a profile of their own share that link (one bottleneck, one cap, one loss
 * sequence); a client given its own profile gets a link of its own, seeded with the same direction seed.
 * By default only RTP/RTCP is impaired; STUN and DTLS pass at once.
 *
 * <p>Threads: one receive thread ({@code impair-relay-NAME-rx}) selects over every socket and decides each
 * packet, so decisions happen in arrival order without locks; one send thread ({@code impair-relay-NAME-tx},
 * {@link DatagramScheduler}) sends them at their time. Setters and {@link #stats()} are safe from any thread.
 * {@link #close()} stops both threads, waits for them and closes every socket.
 *
 * <pre>{@code
 * try (UdpImpairmentRelay relay = UdpImpairmentRelay.builder(
 *         new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port))
 *         .uplink(ImpairmentProfile.NONE.withLossPercent(5)).downlink(ImpairmentProfile.NONE.withDelayMs(40))
 *         .seed(Direction.UPLINK, 42).build().start()) {
 *     ...
 *     relay.setProfile(Direction.DOWNLINK, ImpairmentProfile.NONE.withRateKbps(500));
 * }
 * }</pre>
 */
public final class UdpImpairmentRelay implements AutoCloseable {
    /** Every thread the relay starts has a name starting with this. */
    public static final String THREAD_NAME_PREFIX = "impair-relay-";

    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final int MAX_DATAGRAM_BYTES = 65_535;
    /** Datagrams read from one socket before the others get a turn. */
    private static final int DRAIN_BATCH = 64;

    private final InetSocketAddress listenAddress;
    private final InetSocketAddress serverAddress;
    private final InetAddress upstreamBindAddress;
    private final String name;
    private final long idleTimeoutNanos;
    private final int maxMappings;
    private final int maxPendingPackets;
    private final EnumMap<Direction, Long> seeds = new EnumMap<>(Direction.class);
    private final EnumMap<Direction, LinkShaper> sharedLinks = new EnumMap<>(Direction.class);
    private final EnumMap<Direction, ConcurrentHashMap<InetSocketAddress, LinkShaper>> clientLinks =
            new EnumMap<>(Direction.class);
    private final EnumMap<Direction, DirectionCounters> counters = new EnumMap<>(Direction.class);
    private final ConcurrentHashMap<InetSocketAddress, Mapping> mappings = new ConcurrentHashMap<>();
    private final AtomicLong mappingsOpened = new AtomicLong();
    private final AtomicLong mappingsExpired = new AtomicLong();

    private enum State { NEW, STARTED, CLOSED }

    private State state = State.NEW; // guarded by this
    private volatile boolean stopping;
    private Selector selector;
    private DatagramChannel listenChannel;
    private DatagramScheduler scheduler;
    private Thread receiver;

    /** One client's mapping: its upstream socket, connected to the server. Touched by the receive thread. */
    private static final class Mapping {
        final InetSocketAddress client;
        final DatagramChannel upstream;
        final InetSocketAddress upstreamAddress;
        volatile long lastActivityNanos;

        Mapping(InetSocketAddress client, DatagramChannel upstream, InetSocketAddress upstreamAddress, long nowNanos) {
            this.client = client;
            this.upstream = upstream;
            this.upstreamAddress = upstreamAddress;
            this.lastActivityNanos = nowNanos;
        }
    }

    /** A relay listening on {@code listen} (port 0: any) and forwarding to {@code server}. */
    public static Builder builder(InetSocketAddress listen, InetSocketAddress server) {
        return new Builder(listen, server);
    }

    private UdpImpairmentRelay(Builder b) {
        this.listenAddress = b.listen;
        this.serverAddress = b.server;
        this.upstreamBindAddress = b.upstreamBindAddress != null ? b.upstreamBindAddress : b.server.getAddress();
        this.name = b.name;
        this.idleTimeoutNanos = b.idleTimeout.toNanos();
        this.maxMappings = b.maxMappings;
        this.maxPendingPackets = b.maxPendingPackets;
        for (Direction d : Direction.values()) {
            seeds.put(d, b.seeds.get(d));
            sharedLinks.put(d, new LinkShaper(b.profiles.get(d), b.seeds.get(d)));
            ConcurrentHashMap<InetSocketAddress, LinkShaper> perClient = new ConcurrentHashMap<>();
            b.clientProfiles.get(d).forEach((client, p) -> perClient.put(client, new LinkShaper(p, b.seeds.get(d))));
            clientLinks.put(d, perClient);
            counters.put(d, new DirectionCounters());
        }
    }

    /** Binds the listening socket and starts the two threads. Returns this. */
    public synchronized UdpImpairmentRelay start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("relay is " + state);
        }
        state = State.STARTED;
        try {
            selector = Selector.open();
            listenChannel = openChannel(listenAddress);
            listenChannel.register(selector, SelectionKey.OP_READ, null);
            String threadName = THREAD_NAME_PREFIX
                    + (name != null ? name : String.valueOf(localAddress().getPort()));
            scheduler = new DatagramScheduler(maxPendingPackets, threadName + "-tx");
            receiver = new Thread(this::receiveLoop, threadName + "-rx");
            receiver.setDaemon(true);
            scheduler.start();
            receiver.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The address the relay listens on (the candidate to advertise). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) listenChannel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("relay not listening", e);
        }
    }

    public InetSocketAddress serverAddress() {
        return serverAddress;
    }

    /** The source address the server sees for {@code client}, while its mapping is open. */
    public Optional<InetSocketAddress> upstreamAddressOf(InetSocketAddress client) {
        Mapping m = mappings.get(client);
        return m == null ? Optional.empty() : Optional.of(m.upstreamAddress);
    }

    /** The client addresses (as the relay sees them) that have an open mapping now. */
    public java.util.Set<InetSocketAddress> clients() {
        return java.util.Set.copyOf(mappings.keySet());
    }

    /**
     * Drops everything from and to {@code client}, STUN and DTLS included, as if its network had vanished; until
     * {@link #clearClientProfile} for both directions. Works for a client with no mapping yet as well.
     */
    public void blackhole(InetSocketAddress client) {
        setClientProfile(Direction.UPLINK, client, ImpairmentProfile.BLACKHOLE);
        setClientProfile(Direction.DOWNLINK, client, ImpairmentProfile.BLACKHOLE);
    }

    /** Sets the profile of every client without one of its own, in {@code direction}; from the next packet. */
    public void setProfile(Direction direction, ImpairmentProfile profile) {
        sharedLinks.get(direction).setProfile(Objects.requireNonNull(profile));
    }

    public ImpairmentProfile profile(Direction direction) {
        return sharedLinks.get(direction).profile();
    }

    /**
     * Gives {@code client} (its address as the relay sees it) a profile and a link of its own in
     * {@code direction}; if it has one already, only the profile changes (the link keeps its state).
     */
    public void setClientProfile(Direction direction, InetSocketAddress client, ImpairmentProfile profile) {
        Objects.requireNonNull(profile);
        clientLinks.get(direction).compute(client, (k, link) -> {
            if (link == null) {
                return new LinkShaper(profile, seeds.get(direction));
            }
            link.setProfile(profile);
            return link;
        });
    }

    /** Puts {@code client} back on the shared link of {@code direction}. */
    public void clearClientProfile(Direction direction, InetSocketAddress client) {
        clientLinks.get(direction).remove(client);
    }

    public Optional<ImpairmentProfile> clientProfile(Direction direction, InetSocketAddress client) {
        return Optional.ofNullable(clientLinks.get(direction).get(client)).map(LinkShaper::profile);
    }

    public RelayStats stats() {
        return new RelayStats(counters.get(Direction.UPLINK).snapshot(), counters.get(Direction.DOWNLINK).snapshot(),
                mappings.size(), mappingsOpened.get(), mappingsExpired.get());
    }

    /** Packets decided and waiting for their send time. */
    public int pendingPackets() {
        DatagramScheduler s = scheduler;
        return s == null ? 0 : s.pending();
    }

    /** Stops both threads and waits for them, then closes every socket. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        stopping = true;
        boolean interrupted = false;
        if (selector != null) {
            selector.wakeup();
        }
        if (receiver != null && receiver.isAlive()) {
            try {
                receiver.join(5_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (scheduler != null) {
            scheduler.close();
        }
        for (Mapping m : mappings.values()) {
            closeQuietly(m.upstream);
        }
        mappings.clear();
        closeQuietly(listenChannel);
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- receive thread ----

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES);
        long sweepIntervalNanos = Math.max(10_000_000L, Math.min(1_000_000_000L, idleTimeoutNanos / 4));
        long nextSweepNanos = System.nanoTime() + sweepIntervalNanos;
        while (!stopping) {
            try {
                long waitMs = Math.max(1, (nextSweepNanos - System.nanoTime()) / 1_000_000);
                selector.select(waitMs);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext() && !stopping) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() == null) {
                        drainListen(buf);
                    } else {
                        drainUpstream((Mapping) key.attachment(), buf);
                    }
                }
                long now = System.nanoTime();
                if (now - nextSweepNanos >= 0) {
                    expireIdle(now);
                    nextSweepNanos = now + sweepIntervalNanos;
                }
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                // A socket-level error on one channel: keep serving the others.
            }
        }
    }

    private void drainListen(ByteBuffer buf) throws IOException {
        for (int i = 0; i < DRAIN_BATCH; i++) {
            buf.clear();
            SocketAddress from = listenChannel.receive(buf);
            if (from == null) {
                return;
            }
            onUplink((InetSocketAddress) from, copy(buf), System.nanoTime());
        }
    }

    private void drainUpstream(Mapping m, ByteBuffer buf) {
        for (int i = 0; i < DRAIN_BATCH; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = m.upstream.receive(buf);
            } catch (PortUnreachableException e) {
                continue; // ICMP from the server's port (not listening yet): reported once, nothing to read
            } catch (IOException e) {
                return;
            }
            if (from == null) {
                return;
            }
            onDownlink(m, copy(buf), System.nanoTime());
        }
    }

    private void onUplink(InetSocketAddress client, byte[] data, long nowNanos) {
        DirectionCounters c = count(Direction.UPLINK, data);
        Mapping m = mappings.get(client);
        if (m == null) {
            m = openMapping(client, nowNanos);
            if (m == null) {
                c.countDrop(DropReason.NO_MAPPING);
                return;
            }
        }
        m.lastActivityNanos = nowNanos;
        route(Direction.UPLINK, client, data, nowNanos, m.upstream, null);
    }

    private void onDownlink(Mapping m, byte[] data, long nowNanos) {
        count(Direction.DOWNLINK, data);
        m.lastActivityNanos = nowNanos;
        route(Direction.DOWNLINK, m.client, data, nowNanos, listenChannel, m.client);
    }

    private DirectionCounters count(Direction direction, byte[] data) {
        DirectionCounters c = counters.get(direction);
        c.received.incrementAndGet();
        c.receivedBytes.addAndGet(data.length);
        return c;
    }

    /** Decides the packet on its link, then hands it to the scheduler. */
    private void route(Direction direction, InetSocketAddress client, byte[] data, long nowNanos,
                       DatagramChannel out, SocketAddress target) {
        DirectionCounters c = counters.get(direction);
        LinkShaper link = clientLinks.get(direction).getOrDefault(client, sharedLinks.get(direction));
        long atNanos = nowNanos;
        if (data.length == 0 || !link.profile().applies(data[0])) {
            c.unimpaired.incrementAndGet();
        } else {
            LinkShaper.Decision d = link.decide(data.length, nowNanos);
            if (d instanceof LinkShaper.Drop drop) {
                c.countDrop(drop.reason());
                return;
            }
            atNanos = ((LinkShaper.Send) d).atNanos();
        }
        if (!scheduler.offer(data, out, target, atNanos, c)) {
            c.countDrop(DropReason.OVERFLOW);
        }
    }

    private Mapping openMapping(InetSocketAddress client, long nowNanos) {
        if (mappings.size() >= maxMappings) {
            return null;
        }
        DatagramChannel ch = null;
        try {
            ch = openChannel(new InetSocketAddress(upstreamBindAddress, 0));
            ch.connect(serverAddress);
            Mapping m = new Mapping(client, ch, (InetSocketAddress) ch.getLocalAddress(), nowNanos);
            ch.register(selector, SelectionKey.OP_READ, m);
            mappings.put(client, m);
            mappingsOpened.incrementAndGet();
            return m;
        } catch (IOException e) {
            closeQuietly(ch);
            return null;
        }
    }

    private void expireIdle(long nowNanos) {
        List<Mapping> idle = new ArrayList<>();
        for (Mapping m : mappings.values()) {
            if (nowNanos - m.lastActivityNanos >= idleTimeoutNanos) {
                idle.add(m);
            }
        }
        for (Mapping m : idle) {
            mappings.remove(m.client);
            closeQuietly(m.upstream); // cancels its key; packets still pending for it count as send errors
            mappingsExpired.incrementAndGet();
        }
    }

    private static DatagramChannel openChannel(InetSocketAddress bind) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            // The server under test holds its media port on the wildcard address too (a send-only socket): sharing
            // the port number on 127.0.0.2 needs SO_REUSEADDR, and this exact-address socket still gets its packets.
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind);
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static byte[] copy(ByteBuffer buf) {
        buf.flip();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        return data;
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Configuration of a relay; every setting has a default except the two addresses. */
    public static final class Builder {
        private final InetSocketAddress listen;
        private final InetSocketAddress server;
        private InetAddress upstreamBindAddress;
        private String name;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxMappings = 1024;
        private int maxPendingPackets = 20_000;
        private final EnumMap<Direction, ImpairmentProfile> profiles = new EnumMap<>(Direction.class);
        private final EnumMap<Direction, Long> seeds = new EnumMap<>(Direction.class);
        private final EnumMap<Direction, Map<InetSocketAddress, ImpairmentProfile>> clientProfiles =
                new EnumMap<>(Direction.class);

        private Builder(InetSocketAddress listen, InetSocketAddress server) {
            this.listen = Objects.requireNonNull(listen);
            this.server = Objects.requireNonNull(server);
            for (Direction d : Direction.values()) {
                profiles.put(d, ImpairmentProfile.NONE);
                seeds.put(d, d == Direction.UPLINK ? 1L : 2L);
                clientProfiles.put(d, new LinkedHashMap<>());
            }
        }

        public Builder uplink(ImpairmentProfile p) {
            return profile(Direction.UPLINK, p);
        }

        public Builder downlink(ImpairmentProfile p) {
            return profile(Direction.DOWNLINK, p);
        }

        public Builder profile(Direction d, ImpairmentProfile p) {
            profiles.put(d, Objects.requireNonNull(p));
            return this;
        }

        /** A profile and link of its own for one client address, as with {@link #setClientProfile}. */
        public Builder clientProfile(Direction d, InetSocketAddress client, ImpairmentProfile p) {
            clientProfiles.get(d).put(Objects.requireNonNull(client), Objects.requireNonNull(p));
            return this;
        }

        /** Seed of the direction's random generators (defaults: 1 uplink, 2 downlink). */
        public Builder seed(Direction d, long seed) {
            seeds.put(d, seed);
            return this;
        }

        /** Local address of the upstream sockets; default: the server's address (so 127.0.0.1 for 127.0.0.1:P). */
        public Builder upstreamBindAddress(InetAddress a) {
            this.upstreamBindAddress = a;
            return this;
        }

        /** Middle part of the thread names; default: the listening port. */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("idle timeout must be positive: " + d);
            }
            this.idleTimeout = d;
            return this;
        }

        public Builder maxMappings(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxMappings must be positive: " + n);
            }
            this.maxMappings = n;
            return this;
        }

        /** Bound on packets waiting for their send time, over both directions; beyond it they are dropped. */
        public Builder maxPendingPackets(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPendingPackets must be positive: " + n);
            }
            this.maxPendingPackets = n;
            return this;
        }

        /** A relay not yet started. */
        public UdpImpairmentRelay build() {
            return new UdpImpairmentRelay(this);
        }
    }
}
