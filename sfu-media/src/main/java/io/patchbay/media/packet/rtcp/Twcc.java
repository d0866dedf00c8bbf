package io.patchbay.media.packet.rtcp;

import io.patchbay.media.packet.Bytes;

/**
 * Transport-wide congestion control feedback, RTPFB (PT=205) FMT=15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1): for {@code packet status count} transport-wide
 * sequence numbers from {@code base sequence number} on, whether each packet arrived and, for those that did, when.
 * Reusable parsed view (one per thread) that walks the packets without allocating, plus a static writer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          packet chunk         |         packet chunk          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         packet chunk          |  recv delta   |  recv delta   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  run length chunk        |0| S |      run length (13 bits)   |   S repeated run-length times
 *  status vector, 1 bit    |1|0|  14 symbols: 0 lost, 1 small  |
 *  status vector, 2 bits   |1|1|  7 symbols S                  |
 *
 *  S: 00 not received, 01 received with a 1-byte delta (0..255), 10 received with a signed 2-byte delta, 11 reserved
 * </pre>
 *
 * <p>Times: the reference time is a 24-bit count of 64 ms that wraps (read here as unsigned, as libwebrtc does; only
 * differences between feedback packets mean anything, see {@link #referenceTimeDiff}). Each received packet's delta,
 * in 250 us ticks, is relative to the previous received packet in the packet, the first one's to the reference time.
 *
 * <p>Padding: the FCI is padded to 32 bits with zero bytes. The writer follows RFC 3550 and current libwebrtc: when
 * padding is needed it sets P and the last padding byte holds the padding count, so a written packet must be the last
 * one of its compound (or sent alone). The parser accepts that, and also the zero padding without P (up to 3 bytes)
 * that older libwebrtc versions sent.
 *
 * <p>Stricter than libwebrtc, which is lenient: a status count of 0 is {@link RtcpParseResult#BAD_COUNT}; the
 * reserved symbol 11 is {@link RtcpParseResult#BAD_VALUE}; chunks or receive deltas running past the content, or more
 * than 3 bytes after the last delta, are {@link RtcpParseResult#BAD_LENGTH}. A last chunk covering more packets than
 * the status count announces is cut to the count, as libwebrtc does.
 *
 * <pre>
 *   twcc.parse(buf, off, len);
 *   while (twcc.next()) {
 *       if (twcc.received()) onAcked(twcc.sequenceNumber(), twcc.referenceTimeUs() + twcc.receiveOffsetUs());
 *   }
 * </pre>
 */
public final class Twcc {
    public static final int FMT = 15;
    /** Feedback header plus base sequence number, status count, reference time and feedback packet count. */
    public static final int HEADER_LENGTH = RtcpHeader.FEEDBACK_HEADER_LENGTH + 8;
    /** Smallest valid packet: header, one chunk, one delta of at most 2 bytes. */
    public static final int MIN_LENGTH = HEADER_LENGTH + 4;
    public static final int MAX_STATUS_COUNT = 0xFFFF;
    /** Unit of the receive deltas. */
    public static final int DELTA_TICK_US = 250;
    /** Unit of the reference time. */
    public static final int REFERENCE_TICK_US = 64_000;
    /** The reference time is 24 bits and wraps. */
    public static final int REFERENCE_TIME_MASK = 0xFF_FFFF;
    /** Marks a packet that did not arrive in the {@code deltaTicks} array given to {@link #write}. */
    public static final int NOT_RECEIVED = Integer.MIN_VALUE;

    /** Packet status symbols. */
    public static final int SYMBOL_NOT_RECEIVED = 0;
    public static final int SYMBOL_SMALL_DELTA = 1;
    public static final int SYMBOL_LARGE_DELTA = 2;

    private static final int MAX_RUN_LENGTH = 0x1FFF;
    private static final int ONE_BIT_CAPACITY = 14;
    private static final int TWO_BIT_CAPACITY = 7;
    private static final int CHUNK_LENGTH = 2;

    private byte[] buf;
    private long senderSsrc;
    private long mediaSsrc;
    private int baseSequenceNumber;
    private int statusCount;
    private int referenceTime;
    private int feedbackPacketCount;
    private int receivedCount;
    /** Offset of the first chunk and of the first receive delta. */
    private int chunksStart;
    private int deltasStart;

    /** Iteration cursor: statuses returned, the current chunk, its decoded length and position, next delta. */
    private int index;
    private int chunkAt;
    private int chunk;
    private int chunkSize;
    private int chunkPos;
    private int deltaAt;
    /** The current status: symbol, its delta in ticks, and the running sum of deltas in ticks. */
    private int symbol;
    private int deltaTicks;
    private long offsetTicks;

    /**
     * Parses the TWCC feedback at {@code buf[off]}; {@code len} is the bytes available. Checks that the chunks describe
     * exactly the status count, that a delta is present for every received packet, and the lengths. Rewinds the
     * iteration; after a failure {@link #next()} returns false.
     */
    public RtcpParseResult parse(byte[] buf, int off, int len) {
        statusCount = 0;
        receivedCount = 0;
        rewind();
        RtcpParseResult result = RtcpHeader.check(buf, off, len, RtcpHeader.RTPFB, FMT, HEADER_LENGTH);
        if (result != RtcpParseResult.OK) {
            return result;
        }
        int count = Bytes.u16(buf, off + 14);
        if (count == 0) {
            return RtcpParseResult.BAD_COUNT;
        }
        int end = off + RtcpHeader.contentLength(buf, off);
        int at = off + HEADER_LENGTH;
        int covered = 0;
        int received = 0;
        int deltaBytes = 0;
        while (covered < count) {
            if (at + CHUNK_LENGTH > end) {
                return RtcpParseResult.BAD_LENGTH;
            }
            int word = Bytes.u16(buf, at);
            at += CHUNK_LENGTH;
            int n = Math.min(capacity(word), count - covered);
            if ((word & 0x8000) == 0) {
                int s = (word >>> 13) & 0x3;
                if (s == 3) {
                    return RtcpParseResult.BAD_VALUE;
                }
                if (s != SYMBOL_NOT_RECEIVED) {
                    received += n;
                    deltaBytes += n * s; // the symbol value is the delta's size in bytes
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int s = symbolOf(word, i);
                    if (s == 3) {
                        return RtcpParseResult.BAD_VALUE;
                    }
                    if (s != SYMBOL_NOT_RECEIVED) {
                        received++;
                        deltaBytes += s;
                    }
                }
            }
            covered += n;
        }
        int trailing = end - at - deltaBytes;
        if (trailing < 0 || trailing > 3) {
            return RtcpParseResult.BAD_LENGTH;
        }
        this.buf = buf;
        this.senderSsrc = RtcpHeader.senderSsrc(buf, off);
        this.mediaSsrc = RtcpHeader.mediaSsrc(buf, off);
        this.baseSequenceNumber = Bytes.u16(buf, off + 12);
        this.referenceTime = Bytes.u24(buf, off + 16);
        this.feedbackPacketCount = Bytes.u8(buf, off + 19);
        this.chunksStart = off + HEADER_LENGTH;
        this.deltasStart = at;
        this.statusCount = count;
        this.receivedCount = received;
        rewind();
        return RtcpParseResult.OK;
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    /** SSRC of the media source (libwebrtc sends the SSRC of one of the streams; it carries no meaning here). */
    public long mediaSsrc() {
        return mediaSsrc;
    }

    /** Transport-wide sequence number (0..65535) of the first status. */
    public int baseSequenceNumber() {
        return baseSequenceNumber;
    }

    /** Number of packets reported, received or not (1..65535). */
    public int statusCount() {
        return statusCount;
    }

    /** Number of packets reported as received, each with a receive delta. */
    public int receivedCount() {
        return receivedCount;
    }

    /** The raw 24-bit reference time (0..2^24-1) in units of 64 ms. */
    public int referenceTime() {
        return referenceTime;
    }

    /** {@link #referenceTime()} in microseconds (0 .. about 1.07e12, wraps every 12.4 days). */
    public long referenceTimeUs() {
        return (long) referenceTime * REFERENCE_TICK_US;
    }

    /** Feedback packet count (0..255), one more for each feedback packet the receiver sent. */
    public int feedbackPacketCount() {
        return feedbackPacketCount;
    }

    /**
     * Advances to the next packet status, in sequence order from the base. Returns false when all
     * {@link #statusCount()} were returned (or the last parse failed).
     */
    public boolean next() {
        if (index >= statusCount) {
            return false;
        }
        while (chunkPos == chunkSize) {
            // validated by parse: chunks up to the status count lie inside the packet
            chunk = Bytes.u16(buf, chunkAt);
            chunkAt += CHUNK_LENGTH;
            chunkSize = Math.min(capacity(chunk), statusCount - index);
            chunkPos = 0;
        }
        symbol = (chunk & 0x8000) == 0 ? (chunk >>> 13) & 0x3 : symbolOf(chunk, chunkPos);
        chunkPos++;
        index++;
        if (symbol == SYMBOL_SMALL_DELTA) {
            deltaTicks = Bytes.u8(buf, deltaAt);
            deltaAt += 1;
        } else if (symbol == SYMBOL_LARGE_DELTA) {
            deltaTicks = (short) Bytes.u16(buf, deltaAt);
            deltaAt += 2;
        } else {
            deltaTicks = 0;
        }
        offsetTicks += deltaTicks;
        return true;
    }

    /** Restarts {@link #next()} from the base sequence number. */
    public void rewind() {
        index = 0;
        chunkAt = chunksStart;
        chunk = 0;
        chunkSize = 0;
        chunkPos = 0;
        deltaAt = deltasStart;
        symbol = SYMBOL_NOT_RECEIVED;
        deltaTicks = 0;
        offsetTicks = 0;
    }

    /** Position of the current status after the base (0 for the base itself): its sequence number unwrapped. */
    public int sequenceOffset() {
        return index - 1;
    }

    /** Transport-wide sequence number of the current status, 0..65535. */
    public int sequenceNumber() {
        return (baseSequenceNumber + index - 1) & 0xFFFF;
    }

    public boolean received() {
        return symbol != SYMBOL_NOT_RECEIVED;
    }

    /** Symbol of the current status: {@link #SYMBOL_NOT_RECEIVED}, {@link #SYMBOL_SMALL_DELTA} or LARGE_DELTA. */
    public int symbol() {
        return symbol;
    }

    /** Receive delta of the current packet from the previous received one (or the reference time), in us; 0 if lost. */
    public long receiveDeltaUs() {
        return (long) deltaTicks * DELTA_TICK_US;
    }

    /**
     * Arrival of the current packet relative to the reference time, in us (the sum of the deltas so far; may be
     * negative). For a packet not received, the value of the last received one.
     */
    public long receiveOffsetUs() {
        return offsetTicks * DELTA_TICK_US;
    }

    /**
     * Signed difference {@code a - b} of two 24-bit reference times in 64 ms units, across the wrap: in
     * -2^23..2^23-1.
     */
    public static int referenceTimeDiff(int a, int b) {
        return ((a - b) << 8) >> 8;
    }

    /** Checks the common feedback header of a TWCC packet at {@code buf[off]} within {@code len} bytes. */
    public static RtcpParseResult check(byte[] buf, int off, int len) {
        return RtcpHeader.check(buf, off, len, RtcpHeader.RTPFB, FMT, RtcpHeader.FEEDBACK_HEADER_LENGTH);
    }

    /** The packet status count field of a TWCC packet at {@code buf[off]}, e.g. to see how much {@link #write} fit. */
    public static int statusCountAt(byte[] buf, int off) {
        return Bytes.u16(buf, off + 14);
    }

    /**
     * Writes a TWCC feedback for the packets {@code baseSeq, baseSeq + 1, ...} whose receive deltas are
     * {@code deltaTicks[from, from + count)}: each either {@link #NOT_RECEIVED} or the delta in 250 us ticks
     * (-32768..32767) from the previous received packet, the first one's from the reference time. Chunks are chosen
     * as libwebrtc does (run length where a symbol repeats, else the densest vector). If not all statuses fit in
     * {@code maxLength} bytes (nor in the buffer), writes the longest prefix that does; {@link #statusCountAt} tells
     * how many. Pads to 32 bits as described above.
     *
     * @param referenceTime in 64 ms units, masked to 24 bits
     * @param feedbackCount masked to 8 bits
     * @return bytes written, or -1 when the arguments are out of range (count not 1..65535, a delta out of range) or
     *         not even {@link #MIN_LENGTH} bytes are available
     */
    public static int write(byte[] buf, int off, int maxLength, long senderSsrc, long mediaSsrc, int baseSeq,
            int referenceTime, int feedbackCount, int[] deltaTicks, int from, int count) {
        if (count < 1 || count > MAX_STATUS_COUNT || deltaTicks == null || from < 0
                || from > deltaTicks.length - count || !Bytes.inBounds(buf, off, 0)) {
            return -1;
        }
        int limit = Math.min(Math.min(maxLength, buf.length - off), RtcpHeader.MAX_PACKET_LENGTH);
        if (limit < MIN_LENGTH) {
            return -1;
        }
        for (int i = from; i < from + count; i++) {
            int t = deltaTicks[i];
            if (t != NOT_RECEIVED && (t < Short.MIN_VALUE || t > Short.MAX_VALUE)) {
                return -1;
            }
        }
        // pass 1 measures how many statuses fit, pass 2 writes them
        int fitting = (int) (encodeChunks(null, 0, deltaTicks, from, count, limit) >>> 32);
        int chunks = (int) encodeChunks(buf, off + HEADER_LENGTH, deltaTicks, from, fitting, Integer.MAX_VALUE);
        int at = off + HEADER_LENGTH + CHUNK_LENGTH * chunks;
        for (int i = from; i < from + fitting; i++) {
            int t = deltaTicks[i];
            if (t == NOT_RECEIVED) {
                continue;
            }
            if (t >= 0 && t <= 0xFF) {
                buf[at++] = (byte) t;
            } else {
                Bytes.put16(buf, at, t);
                at += 2;
            }
        }
        int content = at - off;
        int total = padded(content);
        RtcpHeader.writeFeedback(buf, off, FMT, RtcpHeader.RTPFB, total, senderSsrc, mediaSsrc);
        if (total > content) {
            for (int i = at; i < off + total - 1; i++) {
                buf[i] = 0;
            }
            buf[off + total - 1] = (byte) (total - content);
            buf[off] |= 0x20;
        }
        Bytes.put16(buf, off + 12, baseSeq);
        Bytes.put16(buf, off + 14, fitting);
        Bytes.put24(buf, off + 16, referenceTime & REFERENCE_TIME_MASK);
        buf[off + 19] = (byte) feedbackCount;
        return total;
    }

    /**
     * The chunk encoder (libwebrtc's LastChunk): symbols collect in a pending chunk while it can still take them as a
     * 2-bit vector (up to 7), a 1-bit vector (up to 14, no large delta) or a run (up to 8191 of one symbol); when it
     * cannot, it is emitted (a run, a full 1-bit vector, or the first 7 as a 2-bit vector) and the symbol starts the
     * next. With {@code out == null} nothing is written and encoding stops before the first status that would make
     * the padded packet longer than {@code limit}.
     *
     * @return statuses encoded in the high 32 bits, chunks in the low 32 bits
     */
    private static long encodeChunks(byte[] out, int chunkAt, int[] deltaTicks, int from, int count, int limit) {
        int emitted = 0;
        int deltaBytes = 0;
        int size = 0;
        int symbols = 0; // symbol i in bits 2i..2i+1, for the first 14
        boolean allSame = true;
        boolean hasLarge = false;
        int n = 0;
        for (; n < count; n++) {
            int t = deltaTicks[from + n];
            int s = t == NOT_RECEIVED ? SYMBOL_NOT_RECEIVED
                    : t >= 0 && t <= 0xFF ? SYMBOL_SMALL_DELTA : SYMBOL_LARGE_DELTA;
            boolean canAdd = size < TWO_BIT_CAPACITY
                    || (size < ONE_BIT_CAPACITY && !hasLarge && s != SYMBOL_LARGE_DELTA)
                    || (size < MAX_RUN_LENGTH && allSame && (symbols & 0x3) == s);
            if (out == null) {
                int chunksAfter = emitted + (canAdd ? 1 : 2);
                if (padded(HEADER_LENGTH + CHUNK_LENGTH * chunksAfter + deltaBytes + s) > limit) {
                    break;
                }
            }
            if (!canAdd) {
                int word;
                if (allSame) {
                    word = runLength(symbols & 0x3, size);
                    size = 0;
                    symbols = 0;
                } else if (size == ONE_BIT_CAPACITY) {
                    word = oneBit(symbols, size);
                    size = 0;
                    symbols = 0;
                } else {
                    word = twoBit(symbols, TWO_BIT_CAPACITY);
                    symbols >>>= 2 * TWO_BIT_CAPACITY;
                    size -= TWO_BIT_CAPACITY;
                }
                if (out != null) {
                    Bytes.put16(out, chunkAt + CHUNK_LENGTH * emitted, word);
                }
                emitted++;
                allSame = true;
                hasLarge = false;
                for (int i = 0; i < size; i++) {
                    int r = (symbols >>> (2 * i)) & 0x3;
                    allSame &= r == (symbols & 0x3);
                    hasLarge |= r == SYMBOL_LARGE_DELTA;
                }
            }
            if (size < ONE_BIT_CAPACITY) {
                symbols |= s << (2 * size);
            }
            allSame &= size == 0 || (symbols & 0x3) == s;
            hasLarge |= s == SYMBOL_LARGE_DELTA;
            size++;
            deltaBytes += s;
        }
        if (size > 0) {
            int word = allSame ? runLength(symbols & 0x3, size)
                    : size <= TWO_BIT_CAPACITY ? twoBit(symbols, size) : oneBit(symbols, size);
            if (out != null) {
                Bytes.put16(out, chunkAt + CHUNK_LENGTH * emitted, word);
            }
            emitted++;
        }
        return (long) n << 32 | emitted;
    }

    private static int runLength(int s, int size) {
        return s << 13 | size;
    }

    private static int oneBit(int symbols, int size) {
        int word = 0x8000;
        for (int i = 0; i < size; i++) {
            word |= ((symbols >>> (2 * i)) & 0x1) << (ONE_BIT_CAPACITY - 1 - i);
        }
        return word;
    }

    private static int twoBit(int symbols, int size) {
        int word = 0xC000;
        for (int i = 0; i < size; i++) {
            word |= ((symbols >>> (2 * i)) & 0x3) << (2 * (TWO_BIT_CAPACITY - 1 - i));
        }
        return word;
    }

    /** How many statuses a chunk describes before the status count cuts it. */
    private static int capacity(int word) {
        if ((word & 0x8000) == 0) {
            return word & MAX_RUN_LENGTH;
        }
        return (word & 0x4000) == 0 ? ONE_BIT_CAPACITY : TWO_BIT_CAPACITY;
    }

    /** Symbol {@code i} of a status vector chunk. */
    private static int symbolOf(int word, int i) {
        if ((word & 0x4000) == 0) {
            return (word >>> (ONE_BIT_CAPACITY - 1 - i)) & 0x1;
        }
        return (word >>> (2 * (TWO_BIT_CAPACITY - 1 - i))) & 0x3;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
