package io.patchbay.media.codec;

/**
 * Reads f(n) and ns(n) fields (AV1 RTP payload format, appendix A.8.2), most significant bit first, from a region of
 * a caller-owned array. Never throws and never reads outside its region: a read past the end returns 0 and sets
 * {@link #overrun()}, which sticks until {@link #reset}. Unlike {@link ExpGolombReader} there are no emulation
 * prevention bytes to drop, so it reads up to a byte at a time. Not thread-safe; reused per parse, no allocation.
 */
final class BitReader {
    private byte[] buf;
    private int off;
    /** Bits read and bits in the region, counted from {@code off}; the caller keeps regions below 2^28 bytes. */
    private int bitPos;
    private int bitEnd;
    private boolean overrun;

    /** Starts reading {@code buf[off, off + len)}; the caller has checked the bounds. */
    void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.bitPos = 0;
        this.bitEnd = len * 8;
        this.overrun = false;
    }

    /** A read went past the end of the region; every read since returned 0. */
    boolean overrun() {
        return overrun;
    }

    /** Bits consumed so far (the spec's TotalConsumedBits). */
    int bitsRead() {
        return bitPos;
    }

    /** f(1). */
    int readBit() {
        return readBits(1);
    }

    /** f(n) for n in 0..32 (f(32) comes back as an int with its top bit in the sign). */
    int readBits(int n) {
        if (overrun || n > bitEnd - bitPos) {
            overrun = true;
            bitPos = bitEnd;
            return 0;
        }
        int value = 0;
        while (n > 0) {
            int bitInByte = bitPos & 7;
            int take = Math.min(8 - bitInByte, n);
            int bits = (buf[off + (bitPos >>> 3)] & 0xFF) >>> (8 - bitInByte - take) & (1 << take) - 1;
            value = value << take | bits;
            bitPos += take;
            n -= take;
        }
        return value;
    }

    /**
     * ns(n) for n in 1..2^16: a value in 0..n-1 in w - 1 or w bits, w being the bit length of n; the low values,
     * those below m = 2^w - n, take the shorter code.
     */
    int readNs(int n) {
        int w = 32 - Integer.numberOfLeadingZeros(n);
        int m = (1 << w) - n;
        int v = readBits(w - 1);
        if (v < m) {
            return v;
        }
        return (v << 1) - m + readBit();
    }
}
