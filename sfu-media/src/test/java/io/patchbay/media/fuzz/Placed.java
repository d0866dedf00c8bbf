package io.patchbay.media.fuzz;

/**
 * Places fuzz input inside a larger array, between junk bytes, so that a parser reading before its offset or past its
 * length reads junk (and a result that depends on it differs from the exact-size copy) instead of going unnoticed.
 */
final class Placed {
    final byte[] buf;
    final int off;
    final int len;

    private Placed(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    /** The input at offset {@code 1 + input.length % 13} of an array with 0xA5 before and after it. */
    static Placed of(byte[] input) {
        int off = 1 + input.length % 13;
        byte[] buf = new byte[off + input.length + 7];
        java.util.Arrays.fill(buf, (byte) 0xA5);
        System.arraycopy(input, 0, buf, off, input.length);
        return new Placed(buf, off, input.length);
    }

    int end() {
        return off + len;
    }

    /** A copy of {@link #buf} for an in-place writer to write into. */
    byte[] copy() {
        return buf.clone();
    }

    /**
     * True when {@code written} (a {@link #copy()}) still equals {@link #buf} everywhere outside the first
     * {@code prefix} bytes of the input: a writer that should touch only a header kept to it.
     */
    boolean unchangedOutside(byte[] written, int prefix) {
        int end = off + prefix;
        return java.util.Arrays.equals(buf, 0, off, written, 0, off)
                && java.util.Arrays.equals(buf, end, buf.length, written, end, written.length);
    }
}
