package io.patchbay.media.codec;

/**
 * Reads bits and exp-Golomb codes (H.264 section 9.1) from a NAL unit's payload in a caller-owned array, dropping
 * emulation prevention bytes (the 0x03 of 0x00 0x00 0x03, section 7.4.1) on the way. Never throws and never reads
 * outside its region: reading past the end returns 0 and sets {@link #overrun()}; a code longer than 31 bits returns
 * 0 and sets {@link #invalid()}, after which nothing more is read. Both flags stick until {@link #reset}. Not thread-safe; reused per parse, no
 * allocation. Bit by bit: it only runs on parameter sets, a few dozen bytes per key frame.
 */
final class ExpGolombReader {
    /** Leading zero bits of the longest code read: values up to 2^31 - 2. */
    private static final int MAX_LEADING_ZEROS = 30;

    private byte[] buf;
    private int pos;
    private int end;
    private int current;
    private int bitsLeft;
    private int zeroBytes;
    private boolean overrun;
    private boolean invalid;

    /** Starts reading {@code buf[off, off + len)}; the caller has checked the bounds. */
    void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.current = 0;
        this.bitsLeft = 0;
        this.zeroBytes = 0;
        this.overrun = false;
        this.invalid = false;
    }

    /** A read went past the end of the region. */
    boolean overrun() {
        return overrun;
    }

    /** An exp-Golomb code had more than 30 leading zero bits. */
    boolean invalid() {
        return invalid;
    }

    /** True when either flag is set: later reads mean nothing. */
    boolean failed() {
        return overrun || invalid;
    }

    /** u(1); 0 without reading once {@link #invalid()}, so the first failure is the one reported. */
    int readBit() {
        if (invalid || bitsLeft == 0 && !loadByte()) {
            return 0;
        }
        bitsLeft--;
        return (current >>> bitsLeft) & 1;
    }

    /** u(n) for n in 0..31. */
    int readBits(int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            value = value << 1 | readBit();
        }
        return value;
    }

    /** ue(v): 0..2^31 - 2. */
    int readUe() {
        int leadingZeros = 0;
        while (readBit() == 0) {
            if (overrun) {
                return 0;
            }
            if (++leadingZeros > MAX_LEADING_ZEROS) {
                invalid = true;
                return 0;
            }
        }
        return (1 << leadingZeros) - 1 + readBits(leadingZeros);
    }

    /** se(v): -(2^30 - 1) .. 2^30 - 1. */
    int readSe() {
        int k = readUe();
        return (k & 1) != 0 ? (k + 1) >>> 1 : -(k >>> 1);
    }

    private boolean loadByte() {
        if (zeroBytes >= 2 && pos < end && buf[pos] == 0x03) {
            pos++;
            zeroBytes = 0;
        }
        if (pos >= end) {
            overrun = true;
            return false;
        }
        current = buf[pos++] & 0xFF;
        zeroBytes = current == 0 ? zeroBytes + 1 : 0;
        bitsLeft = 8;
        return true;
    }
}
