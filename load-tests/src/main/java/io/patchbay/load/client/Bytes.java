package io.patchbay.load.client;

/** Big-endian reads and writes on byte arrays (network byte order). */
final class Bytes {
    private Bytes() {
    }

    static int u16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    static int i32(byte[] d, int off) {
        return ((d[off] & 0xFF) << 24) | ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
    }

    static long i64(byte[] d, int off) {
        return ((long) i32(d, off) << 32) | (i32(d, off + 4) & 0xFFFFFFFFL);
    }

    static void put16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    static void put32(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 24);
        d[off + 1] = (byte) (v >>> 16);
        d[off + 2] = (byte) (v >>> 8);
        d[off + 3] = (byte) v;
    }

    static void put64(byte[] d, int off, long v) {
        put32(d, off, (int) (v >>> 32));
        put32(d, off + 4, (int) v);
    }
}
