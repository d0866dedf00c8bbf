package io.patchbay.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.stream.RetransmissionCache.PutResult;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetransmissionCacheTest {
    private static final long MS = 1_000_000L;

    private final PacketBufferPool pool = new PacketBufferPool(4096);

    private PacketBuffer packet(long seq) {
        PacketBuffer buffer = pool.acquire();
        buffer.data[buffer.offset] = (byte) seq; // a mark to tell packets apart
        buffer.length = 100;
        return buffer;
    }

    static Stream<Arguments> puts() {
        // Capacity 8: sequence numbers s and s + 8 share a slot.
        return Stream.of(
                Arguments.of("free slots", new long[] {1, 2, 3},
                        new PutResult[] {PutResult.STORED, PutResult.STORED, PutResult.STORED}, "1 2 3"),
                Arguments.of("a newer packet evicts the one 8 older", new long[] {1, 9},
                        new PutResult[] {PutResult.STORED, PutResult.STORED_EVICTED_OLDER}, "9"),
                Arguments.of("a packet 8 older than its slot's is refused", new long[] {9, 1},
                        new PutResult[] {PutResult.STORED, PutResult.REJECTED_TOO_OLD}, "9"),
                Arguments.of("a duplicate replaces the first copy", new long[] {4, 4},
                        new PutResult[] {PutResult.STORED, PutResult.STORED_REPLACED_DUPLICATE}, "4"),
                Arguments.of("late packets within the window are kept", new long[] {10, 7, 3},
                        new PutResult[] {PutResult.STORED, PutResult.STORED, PutResult.STORED}, "3 7 10"),
                Arguments.of("negative extended numbers (before the first, across a wrap)", new long[] {0, -1, -9},
                        new PutResult[] {PutResult.STORED, PutResult.STORED, PutResult.REJECTED_TOO_OLD}, "-1 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("puts")
    void putOutcomes(String name, long[] seqs, PutResult[] expected, String present) {
        RetransmissionCache cache = new RetransmissionCache(pool, 8, 1000 * MS);
        for (int i = 0; i < seqs.length; i++) {
            assertEquals(expected[i], cache.put(seqs[i], packet(seqs[i]), 0), "put " + seqs[i]);
        }
        StringBuilder found = new StringBuilder();
        for (long seq = -16; seq <= 16; seq++) {
            PacketBuffer got = cache.get(seq, 0);
            if (got != null) {
                assertEquals((byte) seq, got.data[got.offset], "the packet stored under " + seq);
                found.append(found.length() == 0 ? "" : " ").append(seq);
            }
        }
        assertEquals(present, found.toString());
        assertEquals(cache.size(), pool.outstanding(), "refused and replaced packets went back to the pool");
        cache.close();
        assertEquals(0, pool.outstanding());
        assertEquals(0, cache.releaseFailures());
    }

    @Test
    void keepsTheBufferByReference() {
        RetransmissionCache cache = new RetransmissionCache(pool);
        PacketBuffer buffer = packet(5);
        cache.put(5, buffer, 0);
        assertSame(buffer, cache.get(5, 0));
        assertTrue(buffer.inUse());
        cache.close();
    }

    @Test
    void servesUntilTheMaximumAgeThenReleasesOnGet() {
        RetransmissionCache cache = new RetransmissionCache(pool, 1024, 1000 * MS);
        cache.put(1, packet(1), 10 * MS);
        assertTrue(cache.get(1, 1010 * MS) != null, "exactly the maximum age is still served");
        assertNull(cache.get(1, 1011 * MS));
        assertEquals(0, pool.outstanding(), "the aged packet was released by the get that found it too old");
        assertNull(cache.get(1, 1011 * MS));
        assertEquals(1, cache.hits());
        assertEquals(2, cache.misses());
    }

    @Test
    void evictOlderThanReleasesOnlyAgedPackets() {
        RetransmissionCache cache = new RetransmissionCache(pool, 1024, 1000 * MS);
        for (int i = 0; i < 100; i++) {
            cache.put(i, packet(i), i * 10 * MS); // packet i stored at 10*i ms
        }
        assertEquals(0, cache.evictOlderThan(1000 * MS));
        assertEquals(50, cache.evictOlderThan(1495 * MS), "0..49 stored at 490 ms or earlier");
        assertEquals(50, cache.size());
        assertEquals(50, pool.outstanding());
        assertNull(cache.get(49, 1495 * MS));
        assertTrue(cache.get(50, 1495 * MS) != null);
        assertEquals(50, cache.evictOlderThan(10_000 * MS));
        assertEquals(0, pool.outstanding());
        assertEquals(0, cache.evictOlderThan(20_000 * MS));
    }

    @Test
    void countBoundKeepsTheNewestCapacityPackets() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 1000 * MS);
        for (int i = 0; i < 100; i++) {
            cache.put(i, packet(i), 0);
        }
        assertEquals(16, cache.size());
        assertEquals(16, pool.outstanding());
        assertNull(cache.get(83, 0));
        for (int i = 84; i < 100; i++) {
            assertEquals((byte) i, cache.get(i, 0).data[PacketBuffer.HEADROOM]);
        }
        cache.close();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void afterCloseEveryPutIsReleasedAtOnce() {
        RetransmissionCache cache = new RetransmissionCache(pool);
        cache.put(1, packet(1), 0);
        cache.close();
        cache.close();
        assertEquals(PutResult.REJECTED_CLOSED, cache.put(2, packet(2), 0));
        assertNull(cache.get(1, 0));
        assertEquals(0, pool.outstanding());
        assertEquals(PutResult.REJECTED_NULL, cache.put(3, null, 0));
        assertEquals(0, cache.releaseFailures());
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(pool, 1000, MS));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(pool, 0, MS));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(pool, 1024, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(null, 1024, MS));
    }

    /**
     * A random mix of puts (in order, late, duplicate, far behind), gets and timer evictions against a model: every
     * buffer is released exactly once (the pool's count of outstanding buffers always equals the cache's size, the
     * pool never reports a double release), and a get returns exactly what the model says is there.
     */
    @Test
    void randomOperationsReleaseEveryBufferExactlyOnce() {
        SplittableRandom random = new SplittableRandom(0xCAC4E);
        long maxAge = 300 * MS;
        RetransmissionCache cache = new RetransmissionCache(pool, 64, maxAge);
        Map<Long, long[]> model = new HashMap<>(); // seq -> {storedAt}
        long newest = 1000;
        long now = 0;
        for (int i = 0; i < 50_000; i++) {
            now += random.nextInt(3) * MS;
            int op = random.nextInt(10);
            if (op < 6) {
                long seq = random.nextInt(10) < 8 ? ++newest : newest - random.nextInt(100);
                long[] old = findInSlot(model, seq, 64);
                PutResult result = cache.put(seq, packet(seq), now);
                if (old != null && old[1] > seq) {
                    assertEquals(PutResult.REJECTED_TOO_OLD, result);
                } else {
                    if (old != null) {
                        model.remove(old[1]);
                    }
                    model.put(seq, new long[] {now, seq});
                }
            } else if (op < 9) {
                long seq = newest - random.nextInt(80);
                long[] entry = model.get(seq);
                PacketBuffer got = cache.get(seq, now);
                if (entry == null || now - entry[0] > maxAge) {
                    assertNull(got, "seq " + seq);
                    model.remove(seq);
                } else {
                    assertEquals((byte) seq, got.data[got.offset]);
                    assertTrue(got.inUse());
                }
            } else {
                cache.evictOlderThan(now);
                final long t = now;
                model.values().removeIf(e -> t - e[0] > maxAge);
            }
            assertEquals(model.size(), cache.size(), "step " + i);
            assertEquals(cache.size(), pool.outstanding(), "step " + i);
        }
        cache.close();
        assertEquals(0, pool.outstanding());
        assertEquals(0, cache.releaseFailures(), "no double or foreign release");
    }

    private static long[] findInSlot(Map<Long, long[]> model, long seq, int capacity) {
        for (long[] entry : model.values()) {
            if (((entry[1] - seq) & (capacity - 1)) == 0) {
                return entry;
            }
        }
        return null;
    }
}
