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
}
