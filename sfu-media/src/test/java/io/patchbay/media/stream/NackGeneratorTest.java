package io.patchbay.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.SequenceNumberUnwrapper;
import io.patchbay.media.packet.SequenceNumbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios are scripts, one step a line, times in milliseconds of the injected clock:
 * <pre>
 *   T recv SEQ|FROM..TO [key] [recovered] [=> RESULT]   feed 16-bit sequence numbers (unwrapped by the test);
 *                                                      RESULT defaults to NONE
 *   T nack [rtt=MS] [SEQ|FROM..TO ...]                  collect must return exactly these (RTT default 100)
 *   T missing N                                        the list holds N entries
 *   T abandoned N                                      N entries dropped after their last request so far
 * </pre>
 * Defaults: reordering delay 10 ms, 10 requests per packet, list of 1000, entries 500 ms older than a new keyframe
 * dropped.
 */
class NackGeneratorTest {
    private static final long MS = 1_000_000L;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("single loss: requested after the reordering delay, then once per RTT", """
                        0   recv 1..2
                        2   recv 4          # 3 is missing since t=2
                        11  nack            # 9 ms: could still be reordering
                        12  nack 3
                        13  nack
                        111 nack            # 99 ms after the request: less than one RTT
                        112 nack 3
                        113 missing 1
                        """),
                Arguments.of("burst loss: every missing packet in one ascending batch", """
                        0   recv 100
                        5   recv 111        # 101..110 lost
                        15  nack 101..110
                        16  missing 10
                        """),
                Arguments.of("reordered within the delay: removed and never requested", """
                        0   recv 1
                        1   recv 3
                        5   recv 2 => FILLED_GAP
                        20  nack
                        500 nack
                        500 missing 0
                        """),
                Arguments.of("late after a request: removed, no more requests", """
                        0   recv 1
                        1   recv 3
                        11  nack 2
                        60  recv 2 => FILLED_GAP
                        200 nack
                        """),
                Arguments.of("duplicates and old packets change nothing", """
                        0   recv 10
                        1   recv 12
                        2   recv 12
                        3   recv 5
                        20  nack 11
                        """),
                Arguments.of("wrap-around at 65535", """
                        0   recv 65533..65534
                        1   recv 2          # 65535, 0 and 1 lost across the wrap
                        11  nack 65535 0..1
                        12  recv 0 => FILLED_GAP
                        120 nack 65535 1
                        """),
                Arguments.of("retries follow the given RTT", """
                        0   recv 1
                        0   recv 3
                        10  nack rtt=50 2
                        59  nack rtt=50
                        60  nack rtt=50 2
                        110 nack rtt=50 2
                        150 nack rtt=200
                        310 nack rtt=200 2
                        """),
                Arguments.of("a tiny RTT still waits 20 ms between requests", """
                        0   recv 1
                        0   recv 3
                        10  nack rtt=1 2
                        29  nack rtt=1
                        30  nack rtt=1 2
                        """),
                Arguments.of("unknown RTT (0) counts as 100 ms", """
                        0   recv 1
                        0   recv 3
                        10  nack rtt=0 2
                        109 nack rtt=0
                        110 nack rtt=0 2
                        """),
                Arguments.of("ten requests, then dropped one RTT after the last", """
                        0    recv 1
                        0    recv 3
                        10   nack 2
                        110  nack 2
                        210  nack 2
                        310  nack 2
                        410  nack 2
                        510  nack 2
                        610  nack 2
                        710  nack 2
                        810  nack 2
                        910  nack 2     # the tenth request
                        1009 missing 1  # still waiting for an answer
                        1010 nack
                        1010 missing 0
                        1010 abandoned 1
                        1500 recv 2     # too late: nothing to fill
                        """),
                Arguments.of("a gap of exactly the list size is tracked", """
                        0   recv 1
                        1   recv 1002       # 2..1001: 1000 missing
                        1   missing 1000
                        """),
                Arguments.of("too many missing: cleared, keyframe needed", """
                        0   recv 1
                        1   recv 1003 => KEYFRAME_NEEDED   # 1001 missing
                        1   missing 0
                        20  nack
                        21  recv 1005       # tracking resumes from the new newest
                        40  nack 1004
                        """),
                Arguments.of("overflow drops entries older than a keyframe instead", """
                        0   recv 1
                        1   recv 602        # 2..601 missing
                        2   recv 603 key    # a keyframe starts at 603
                        3   recv 1104       # 604..1103 missing: 1100 in all, more than 1000
                        3   missing 500     # 2..601 dropped: the decoder can start from 603
                        20  nack 604..1103
                        """),
                Arguments.of("a keyframe older than every entry does not help", """
                        0   recv 1 key
                        1   recv 602
                        2   recv 1103 => KEYFRAME_NEEDED
                        """),
                Arguments.of("a new keyframe drops entries missing for more than 500 ms before it", """
                        0   recv 1
                        0   recv 3          # 2 missing since t=0
                        400 recv 5          # 4 missing since t=400
                        501 recv 6 key      # 2 is stale, 4 is not
                        501 missing 1
                        510 nack 4
                        """),
                Arguments.of("a recovered packet ahead of the newest is not requested", """
                        0   recv 10
                        1   recv 12 recovered   # e.g. through RTX: does not move the newest
                        2   recv 13
                        20  nack 11
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, String script) {
        NackGenerator generator = new NackGenerator();
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        int[] out = new int[2048];
        int lineNo = 0;
        for (String raw : script.split("\n")) {
            lineNo++;
            String line = raw.replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            long now = Long.parseLong(words[0]) * MS;
            String where = "line " + lineNo + ": " + line;
            switch (words[1]) {
                case "recv" -> {
                    int[] seqs = expand(words[2]);
                    boolean key = false;
                    boolean recovered = false;
                    NackGenerator.Result expected = NackGenerator.Result.NONE;
                    for (int i = 3; i < words.length; i++) {
                        switch (words[i]) {
                            case "key" -> key = true;
                            case "recovered" -> recovered = true;
                            case "=>" -> expected = NackGenerator.Result.valueOf(words[++i]);
                            default -> throw new IllegalArgumentException(where);
                        }
                    }
                    for (int seq : seqs) {
                        NackGenerator.Result result = generator.onPacket(unwrapper.unwrap(seq), key, recovered, now);
                        assertEquals(expected, result, where + " (seq " + seq + ")");
                    }
                }
                case "nack" -> {
                    long rtt = 100 * MS;
                    List<Integer> expected = new ArrayList<>();
                    for (int i = 2; i < words.length; i++) {
                        if (words[i].startsWith("rtt=")) {
                            rtt = Long.parseLong(words[i].substring(4)) * MS;
                        } else {
                            for (int seq : expand(words[i])) {
                                expected.add(seq);
                            }
                        }
                    }
                    int n = generator.collect(now, rtt, out);
                    assertEquals(expected.toString(), Arrays.toString(Arrays.copyOf(out, n)), where);
                }
                case "missing" -> assertEquals(Integer.parseInt(words[2]), generator.missingCount(), where);
                case "abandoned" -> assertEquals(Long.parseLong(words[2]), generator.abandoned(), where);
                default -> throw new IllegalArgumentException(where);
            }
        }
    }

    /** "7" or "65533..2" (wrapping) to the 16-bit sequence numbers it names. */
    private static int[] expand(String word) {
        int dots = word.indexOf("..");
        if (dots < 0) {
            return new int[] {Integer.parseInt(word)};
        }
        int from = Integer.parseInt(word.substring(0, dots));
        int to = Integer.parseInt(word.substring(dots + 2));
        int[] seqs = new int[SequenceNumbers.diff(to, from) + 1];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = SequenceNumbers.add(from, i);
        }
        return seqs;
    }

    @Test
    void aSmallOutputArrayLeavesTheRestDueForTheNextCall() {
        NackGenerator generator = new NackGenerator();
        generator.onPacket(0, false, false, 0);
        generator.onPacket(6, false, false, 0); // 1..5 missing
        int[] out = new int[3];
        assertEquals(3, generator.collect(10 * MS, 100 * MS, out));
        assertEquals("[1, 2, 3]", Arrays.toString(out));
        assertEquals(2, generator.collect(10 * MS, 100 * MS, out));
        assertEquals("[4, 5]", Arrays.toString(Arrays.copyOf(out, 2)));
        assertEquals(0, generator.collect(10 * MS, 100 * MS, out));
    }

    @Test
    void zeroReorderingDelayRequestsAtOnce() {
        NackGenerator generator = new NackGenerator(1000, 10, 0, Long.MAX_VALUE);
        generator.onPacket(0, false, false, 0);
        generator.onPacket(2, false, false, 5 * MS);
        int[] out = new int[4];
        assertEquals(1, generator.collect(5 * MS, 0, out));
        assertEquals(1, out[0]);
    }

    @Test
    void resetForgetsTheStream() {
        NackGenerator generator = new NackGenerator();
        generator.onPacket(0, false, false, 0);
        generator.onPacket(5, false, false, 0);
        generator.reset();
        assertEquals(0, generator.missingCount());
        assertEquals(NackGenerator.Result.NONE, generator.onPacket(40_000, false, false, MS));
        assertEquals(NackGenerator.Result.NONE, generator.onPacket(40_001, false, false, MS));
        assertEquals(0, generator.collect(100 * MS, 0, new int[8]));
    }

    /**
     * 100,000 packets at one per millisecond through a lossy, reordering network: 3% independent loss plus
     * occasional bursts, 2% of packets delayed by up to 8 ms (inside the reordering delay), and half of the lost
     * packets retransmitted one RTT after their first request. Every lost packet must be requested at least once
     * (or the generator must have asked for a keyframe covering it), and no packet may be requested after it arrived,
     * nor at all if it was only reordered.
     */
    @Test
    void randomLossRunRequestsEveryLostPacketAndNoReceivedOne() {
        final int packets = 100_000;
        final long rtt = 40 * MS;
        SplittableRandom random = new SplittableRandom(0x4E41_434BL);
        NackGenerator generator = new NackGenerator();
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        int start = 60_000; // wraps after 5,536 packets
        BitSet lost = new BitSet(packets);
        BitSet reordered = new BitSet(packets);
        BitSet arrived = new BitSet(packets);
        BitSet requested = new BitSet(packets);
        BitSet coveredByKeyframe = new BitSet(packets);
        // Arrivals (time, index, recovered) ordered by time.
        PriorityQueue<long[]> network = new PriorityQueue<>((a, b) -> a[0] != b[0]
                ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int burst = 0;
        for (int i = 0; i < packets; i++) {
            long sentAt = i * MS;
            if (burst == 0 && random.nextInt(2000) == 0) {
                burst = 5 + random.nextInt(30);
            }
            if (burst > 0) {
                burst--;
                lost.set(i);
            } else if (random.nextInt(100) < 3) {
                lost.set(i);
            } else if (random.nextInt(100) < 2) {
                reordered.set(i);
                network.add(new long[] {sentAt + (1 + random.nextInt(8)) * MS, i, 0});
            } else {
                network.add(new long[] {sentAt, i, 0});
            }
        }
        int lostAtStart = lost.cardinality();
        int[] out = new int[1024];
        long end = (packets + 2000) * MS;
        int keyframeRequests = 0;
        long highestArrived = -1;
        for (long now = 0; now <= end; now += MS) {
            while (!network.isEmpty() && network.peek()[0] <= now) {
                long[] arrival = network.poll();
                int index = (int) arrival[1];
                long ext = unwrapper.unwrap((start + index) & 0xFFFF);
                assertEquals(start + index, ext, "the test's own unwrapping");
                arrived.set(index);
                NackGenerator.Result result = generator.onPacket(ext, false, arrival[2] != 0, now);
                if (result == NackGenerator.Result.KEYFRAME_NEEDED) {
                    keyframeRequests++;
                    coveredByKeyframe.set((int) Math.max(0, highestArrived + 1), index);
                }
                highestArrived = Math.max(highestArrived, index);
            }
            if (now % (5 * MS) == 0) {
                int n = generator.collect(now, rtt, out);
                long newest = generator.newest();
                for (int k = 0; k < n; k++) {
                    long ext = newest + SequenceNumbers.diff(out[k], (int) newest);
                    int index = (int) (ext - start);
                    assertTrue(index >= 0 && index < packets, "requested " + out[k] + " never sent");
                    assertFalse(arrived.get(index), "requested " + index + " after it arrived");
                    assertFalse(reordered.get(index), "requested " + index + " that was only reordered");
                    assertTrue(lost.get(index));
                    if (!requested.get(index) && random.nextBoolean()) {
                        network.add(new long[] {now + rtt, index, 1}); // the publisher retransmits it
                        lost.clear(index);
                        reordered.clear(index);
                    }
                    requested.set(index);
                }
            }
        }
        BitSet neverAsked = (BitSet) lost.clone();
        neverAsked.andNot(requested);
        neverAsked.andNot(coveredByKeyframe);
        // The last packets' losses may be at the tail with nothing after them to reveal the gap.
        neverAsked.clear(packets - 40, packets);
        assertEquals("{}", neverAsked.toString(), "lost and never requested");
        assertTrue(lostAtStart > 3000, "the run lost enough to mean something: " + lostAtStart);
        assertTrue(requested.cardinality() >= lostAtStart - 40, "requested " + requested.cardinality());
        assertEquals(0, keyframeRequests, "3% loss never overflows the list");
        assertEquals(0, generator.missingCount(), "everything answered or abandoned by the end");
        assertTrue(generator.abandoned() > 1000);
        assertTrue(generator.filledGaps() > 1000);
    }
}
