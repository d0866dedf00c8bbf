package io.patchbay.load;

import io.netty.channel.epoll.MultiDatagramSender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel's own price of a fan-out an SFU just did, measured in the same run on the same sinks: one thread that
 * does nothing but send datagrams of the SFU's average size, at its measured rate, from the SFU's media port (bound
 * beside it with SO_REUSEADDR, so the sinks' connected sockets accept them) to the same sink sockets, one copy per
 * sink per round as a fan-out goes. Once in {@code sendmmsg} batches of 64 (what Patchbay's batched path does) and once
 * with one {@code sendto} each. Its CPU per datagram is the floor an SFU's CPU per forwarded packet is compared with:
 * it includes what the kernel does inside the send call on loopback (delivery to the sink socket, waking the
 * generator's receive thread) and nothing of an SFU's own work.
 *
 * <p>The datagrams start with 0xFF, outside every RFC 7983 range, so the sinks count them as junk and drop them; the
 * publishers are paused meanwhile, so the SFU forwards nothing during the baseline.
 */
final class BareKernelBaseline {
    static final int BATCH = 64;
    /** The thread wakes once per round (as an SFU's media thread wakes per publisher packet), within these bounds. */
    private static final long MIN_TICK_NANOS = 1_000_000L;
    private static final long MAX_TICK_NANOS = 20_000_000L;
    private static final Duration WARM_UP = Duration.ofMillis(500);

    /** CPU microseconds per datagram: batched ({@code sendmmsg}) and single ({@code sendto}); NaN if not measured. */
    record Result(double batchedUsPerPacket, double singleUsPerPacket, long datagrams, String skipped) {
        static Result skipped(String why) {
            return new Result(Double.NaN, Double.NaN, 0, why);
        }
    }

    private BareKernelBaseline() {
    }

    /**
     * @param sfu               the SFU's media address the sinks are connected to (one port: Patchbay)
     * @param sinks             the sinks' own addresses
     * @param datagramsPerSecond the rate to reproduce
     * @param datagramBytes      the size of each datagram
     * @param window             how long each of the two measurements lasts
     */
    static Result measure(InetSocketAddress sfu, List<InetSocketAddress> sinks, double datagramsPerSecond,
                          int datagramBytes, Duration window) throws InterruptedException {
        if (sinks.isEmpty() || datagramsPerSecond <= 0) return Result.skipped("nothing to send");
        String unavailable = MultiDatagramSender.unavailabilityReason();
        if (unavailable != null) return Result.skipped(unavailable);
        int size = Math.max(16, Math.min(datagramBytes, 1500));
        Result[] result = new Result[1];
        Thread t = new Thread(() -> {
            try (MultiDatagramSender batched = MultiDatagramSender.bind(new InetSocketAddress(sfu.getPort()), 4 << 20,
                    BATCH);
                 DatagramChannel single = DatagramChannel.open(StandardProtocolFamily.INET)) {
                single.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                single.bind(new InetSocketAddress(sfu.getPort()));
                ByteBuffer slots = ByteBuffer.allocateDirect(BATCH * 1500);
                for (int i = 0; i < slots.capacity(); i++) slots.put(i, (byte) (i % 1500 == 0 ? 0xFF : i));
                long slotsAddress = io.netty.channel.unix.Buffer.memoryAddress(slots);
                ByteBuffer one = ByteBuffer.allocateDirect(1500);
                one.put(0, (byte) 0xFF);
                byte[][] ipv4 = new byte[sinks.size()][];
                for (int i = 0; i < ipv4.length; i++) ipv4[i] = sinks.get(i).getAddress().getAddress();
                // An untimed start of each: JIT and the sinks' receive threads at speed.
                run(batched, null, slots, slotsAddress, one, size, sinks, ipv4, datagramsPerSecond, WARM_UP);
                long[] b = run(batched, null, slots, slotsAddress, one, size, sinks, ipv4, datagramsPerSecond, window);
                run(null, single, slots, slotsAddress, one, size, sinks, ipv4, datagramsPerSecond, WARM_UP);
                long[] s = run(null, single, slots, slotsAddress, one, size, sinks, ipv4, datagramsPerSecond, window);
                result[0] = new Result(b[1] / 1e3 / Math.max(1, b[0]), s[1] / 1e3 / Math.max(1, s[0]), b[0] + s[0],
                        null);
            } catch (IOException | RuntimeException e) {
                result[0] = Result.skipped("cannot send from the SFU's port " + sfu.getPort() + ": " + e);
            }
        }, "bare-kernel-baseline");
        t.start();
        t.join(); // the join makes the thread's result visible here
        return result[0];
    }

    /**
     * Sends rounds (one datagram to each sink) at {@code datagramsPerSecond} for {@code window}, batched when
     * {@code batched} is given, else one {@code send} each; returns [datagrams, this thread's CPU nanoseconds].
     */
    private static long[] run(MultiDatagramSender batched, DatagramChannel single, ByteBuffer slots, long slotsAddress,
                              ByteBuffer one, int size, List<InetSocketAddress> sinks, byte[][] ipv4,
                              double datagramsPerSecond, Duration window) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long tickNanos = Math.max(MIN_TICK_NANOS,
                Math.min(MAX_TICK_NANOS, (long) (1e9 * sinks.size() / datagramsPerSecond)));
        long cpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long datagrams = 0;
        int slot = 0;
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0) break;
            long due = (long) ((now - start) / 1e9 * datagramsPerSecond);
            while (datagrams < due) { // whole rounds: one datagram to each sink, as one packet's fan-out
                for (int i = 0; i < sinks.size(); i++, datagrams++) {
                    if (batched != null) {
                        if (!batched.add(slotsAddress + (long) slot * 1500, size, ipv4[i], sinks.get(i).getPort())) {
                            flush(batched);
                            batched.add(slotsAddress + (long) slot * 1500, size, ipv4[i], sinks.get(i).getPort());
                        }
                        slot = (slot + 1) % BATCH;
                    } else {
                        one.clear().limit(size);
                        single.send(one, sinks.get(i));
                    }
                }
            }
            if (batched != null) flush(batched);
            LockSupport.parkNanos(tickNanos);
        }
        if (batched != null) flush(batched);
        return new long[] {datagrams, threads.getCurrentThreadCpuTime() - cpu0};
    }

    private static void flush(MultiDatagramSender s) {
        s.flush();
        s.clear(); // a full send buffer drops, as an SFU's would; the rate is what matters here
    }
}
