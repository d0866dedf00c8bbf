package io.patchbay.media.worker;

import io.patchbay.media.DropReason;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.util.MpmcArrayQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One media thread. It owns whole rooms (their routers, transports, streams and timers), so forwarding state needs no
 * locks. Socket threads hand it packets through a bounded queue (full: the packet is dropped and counted); signaling
 * hands it commands as {@link Runnable}s; periodic tasks (RTCP reports) run from its loop.
 *
 * <p>An overloaded thread drops what waited too long instead of forwarding it ever later (the idea of CoDel, RFC 8289,
 * without its control law): once packets have left the queue after more than {@link #TARGET_QUEUE_DELAY_NANOS} for
 * {@link #OVERLOAD_INTERVAL_NANOS} without a break, every packet that waited more than the target is dropped unhandled
 * until one that did not comes up. A pause (GC, the thread descheduled) makes a burst of late packets that drains
 * within the interval, so nothing is dropped for it. The queue holds 8,192 packets; with a fan-out to 1,000
 * subscribers at ~19 ms per packet that was 25 s of delay (measured), which an overload that has ended would still
 * take that long to drain.
 */
public final class MediaWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MediaWorker.class.getName());
    private static final int PACKET_QUEUE_CAPACITY = 8192;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TICK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Queue delay a coping thread stays under: a browser's jitter buffer takes that much lateness. */
    static final long TARGET_QUEUE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long the delay stays over the target before packets are dropped: longer than any pause seen here. */
    static final long OVERLOAD_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long OVERLOAD_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Counts a packet the worker dropped before handling it (any thread). */
    public interface QueueDrops {
        void dropped(DropReason reason);
    }

    /** Something that wants to run on the worker every tick (about every 20 ms). */
    public interface Ticker {
        void tick(long nowNanos);
    }

    private final MpmcArrayQueue<PacketBuffer> packets = new MpmcArrayQueue<>(PACKET_QUEUE_CAPACITY);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Ticker> tickers = new ArrayList<>();
    /**
     * Run after each received packet is handled and at the end of every turn of the loop, before it may park: batched
     * sends go out there.
     */
    private final List<Runnable> endOfTurn = new ArrayList<>();
    private final PacketBufferPool pool;
    private final MediaClock clock;
    private final Thread thread;
    private final QueueDrops drops;
    private final io.patchbay.media.DelayHistogram queueDelay;
    private long overloadDrops;
    /** When the first packet of an unbroken run of packets over the target left the queue, or 0. */
    private long overTargetSinceNanos;
    private long lastOverloadLogNanos;
    /** Lanes this thread writes to (publishes at the end of each turn) and drains; set once at start-up. */
    private volatile EgressLane[] outboundLanes = new EgressLane[0];
    private volatile EgressLane[] inboundLanes = new EgressLane[0];
    /**
     * When the received datagram being handled was read off the socket (clock nanos), 0 between packets: what this
     * thread sends now is caused by it ({@code DelayHistogram}). Worker thread only.
     */
    private long causeArrivalNanos;
    private volatile boolean running = true;
    private volatile boolean parked;
    private long nextTickNanos;

    public MediaWorker(String name, PacketBufferPool pool, MediaClock clock, QueueDrops drops) {
        this(name, pool, clock, drops, null);
    }

    /** As above, recording how long each received packet waited for this thread in {@code queueDelay}. */
    public MediaWorker(String name, PacketBufferPool pool, MediaClock clock, QueueDrops drops,
                       io.patchbay.media.DelayHistogram queueDelay) {
        this.queueDelay = queueDelay;
        this.pool = pool;
        this.clock = clock;
        this.drops = drops;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public MediaClock clock() {
        return clock;
    }

    public PacketBufferPool pool() {
        return pool;
    }

    /** CPU time this worker's thread has used (ns), or -1 where the JVM cannot tell. */
    public long cpuTimeNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.getId()) : -1;
    }

    public boolean isWorkerThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Hands a received packet to this worker (any thread). {@code packet.owner} must be a {@link PacketSink}.
     * On a full queue the packet is released and counted.
     */
    public void offerPacket(PacketBuffer packet) {
        if (!packets.offer(packet)) {
            pool.release(packet);
            drops.dropped(DropReason.QUEUE_FULL);
            return;
        }
        if (parked) LockSupport.unpark(thread);
    }

    /**
     * When the datagram whose handling causes this thread's current sends was read off the socket (clock nanos), or 0
     * for sends of its own (timers, commands). Worker thread only.
     */
    public long causeArrivalNanos() {
        return causeArrivalNanos;
    }

    void setCauseArrivalNanos(long nanos) {
        causeArrivalNanos = nanos;
    }

    /** Wakes the thread if it is parked (any thread): an {@link EgressLane} toward it has packets. */
    void wake() {
        if (parked) LockSupport.unpark(thread);
    }

    /**
     * Gives this worker the lanes it writes ({@code outbound}) and sends from ({@code inbound}); once, before any
     * room uses them ({@link EgressLanes}).
     */
    void attachLanes(EgressLane[] outbound, EgressLane[] inbound) {
        this.outboundLanes = outbound.clone();
        this.inboundLanes = inbound.clone();
    }

    /** Runs a command on this worker (any thread). */
    public void execute(Runnable command) {
        commands.add(command);
        if (parked) LockSupport.unpark(thread);
    }

    /** Registers a ticker; call on the worker thread. */
    public void addTicker(Ticker ticker) {
        tickers.add(ticker);
    }

    /**
     * Registers {@code hook} to run after each received packet is handled (its whole fan-out) and at the end of every
     * turn of the loop (after that turn's commands and timers, before the thread may park); call on the worker thread.
     * Not later: the send time a subscriber's bandwidth estimate is given for a packet (TWCC) is taken when the packet
     * is handled, and datagrams held across packets while the thread is preempted would leave later than recorded,
     * which the estimator reads as queuing.
     */
    public void addEndOfTurn(Runnable hook) {
        endOfTurn.add(hook);
    }

    /** Unregisters a ticker; call on the worker thread. */
    public void removeTicker(Ticker ticker) {
        tickers.remove(ticker);
    }

    private void run() {
        nextTickNanos = clock.nanoTime() + TICK_INTERVAL_NANOS;
        while (running) {
            boolean worked = drainCommands();
            worked |= drainPackets();
            worked |= drainLanes();
            long now = clock.nanoTime();
            if (now - nextTickNanos >= 0) {
                nextTickNanos = now + TICK_INTERVAL_NANOS;
                runTickers(now);
            }
            runEndOfTurn();
            if (!worked) {
                parked = true;
                if (packets.isEmpty() && commands.isEmpty() && lanesEmpty()) {
                    LockSupport.parkNanos(this, Math.min(IDLE_PARK_NANOS, Math.max(0, nextTickNanos - now)));
                }
                parked = false;
            }
        }
        PacketBuffer leftover;
        while ((leftover = packets.poll()) != null) pool.release(leftover);
    }

    private boolean drainCommands() {
        boolean worked = false;
        Runnable command;
        while ((command = commands.poll()) != null) {
            worked = true;
            try {
                command.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "media command failed", e);
            }
        }
        return worked;
    }

    private boolean drainPackets() {
        int budget = 256;
        PacketBuffer packet;
        while (budget-- > 0 && (packet = packets.poll()) != null) {
            if (waitedTooLong(packet)) continue;
            try {
                causeArrivalNanos = packet.receivedAtNanos;
                ((PacketSink) packet.owner).onPacket(packet);
                causeArrivalNanos = 0;
                drainLanes(); // other rooms' fan-outs wait no longer than one of this thread's packets
                runEndOfTurn();
            } catch (RuntimeException e) {
                causeArrivalNanos = 0;
                // A bug in packet handling must not take the room down; the sink released or leaked one buffer.
                LOG.log(Level.WARNING, "packet handling failed", e);
            }
        }
        return budget < 255;
    }

    /** Drops (and counts) a packet that waited over the target while the thread has been overloaded. */
    private boolean waitedTooLong(PacketBuffer packet) {
        long now = clock.nanoTime();
        if (queueDelay != null) queueDelay.record(now - packet.receivedAtNanos, 1);
        if (now - packet.receivedAtNanos <= TARGET_QUEUE_DELAY_NANOS) {
            overTargetSinceNanos = 0;
            return false;
        }
        if (overTargetSinceNanos == 0) {
            overTargetSinceNanos = now;
            return false;
        }
        if (now - overTargetSinceNanos < OVERLOAD_INTERVAL_NANOS) return false;
        pool.release(packet);
        drops.dropped(DropReason.QUEUE_DELAY);
        overloadDrops++;
        if (lastOverloadLogNanos == 0 || now - lastOverloadLogNanos >= OVERLOAD_LOG_INTERVAL_NANOS) {
            LOG.warning(thread.getName() + " overloaded: " + overloadDrops + (overloadDrops == 1 ? " packet" : " packets")
                    + " dropped after waiting over "
                    + TimeUnit.NANOSECONDS.toMillis(TARGET_QUEUE_DELAY_NANOS) + " ms to be forwarded"
                    + (lastOverloadLogNanos == 0 ? "" : " in the last minute")
                    + " (patchbay_media_packets_dropped_total{reason=\"queue_delay\"}): a room is too large for one"
                    + " media thread, or the machine for its load");
            lastOverloadLogNanos = now;
            overloadDrops = 0;
        }
        return true;
    }

    private void runEndOfTurn() {
        for (int i = 0; i < endOfTurn.size(); i++) {
            try {
                endOfTurn.get(i).run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "media end-of-turn hook failed", e);
            }
        }
        EgressLane[] lanes = outboundLanes;
        for (EgressLane lane : lanes) lane.publish();
    }

    /** Protects and sends what other threads' rooms handed this one; whether there was any. */
    private boolean drainLanes() {
        EgressLane[] lanes = inboundLanes;
        int n = 0;
        for (EgressLane lane : lanes) n += lane.drain();
        return n > 0;
    }

    private boolean lanesEmpty() {
        for (EgressLane lane : inboundLanes) {
            if (!lane.isEmpty()) return false;
        }
        return true;
    }

    private void runTickers(long now) {
        for (int i = 0; i < tickers.size(); i++) {
            try {
                tickers.get(i).tick(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "media timer failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
