package io.patchbay.load.client;

/**
 * The last {@value #LENGTH} bytes of every payload the generator's publishers send: {@code "PBLD" | publisher
 * tag (32) | send time (64, System.nanoTime of the generator, one clock for publishers and sinks)}. A sink finds it
 * at the end of the decrypted payload whatever the server rewrote in the header.
 */
final class MediaTrailer {
    static final int LENGTH = 16;
    private static final int MAGIC = 0x50424C44; // "PBLD"

    private MediaTrailer() {
    }

    static void write(byte[] d, int payloadEnd, int publisherTag, long sendNanos) {
        int at = payloadEnd - LENGTH;
        Bytes.put32(d, at, MAGIC);
        Bytes.put32(d, at + 4, publisherTag);
        Bytes.put64(d, at + 8, sendNanos);
    }

    /** The send time from a plain RTP packet {@code d[0..length)}, or -1 if it carries no trailer. */
    static long sendNanos(byte[] d, int length) {
        int end = length;
        if ((d[0] & 0x20) != 0) { // RFC 3550 5.1: padding, its length in the last byte
            end -= d[length - 1] & 0xFF;
        }
        int at = end - LENGTH;
        if (at < 12 || Bytes.i32(d, at) != MAGIC) return -1;
        return Bytes.i64(d, at + 8);
    }
}
