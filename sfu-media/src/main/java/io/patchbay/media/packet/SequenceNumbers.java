package io.patchbay.media.packet;

/**
 * Arithmetic on 16-bit RTP sequence numbers (RFC 3550 and RFC 1982 serial number arithmetic). Values are masked with
 * 0xFFFF. Exactly half the space apart (32768) is ambiguous; as in libwebrtc, the numerically larger value is then
 * the newer one, so {@code isNewer(a, b) == diff(a, b) > 0} always holds. Stateless; any thread.
 */
public final class SequenceNumbers {
    private SequenceNumbers() {
    }

    /** True when {@code a} comes after {@code b} in 16-bit serial order. */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /**
     * Signed distance from {@code b} to {@code a} in 16-bit space, in -32767..32768: positive when {@code a} is newer.
     * {@code diff(0, 65535) == 1}, {@code diff(65535, 0) == -1}.
     */
    public static int diff(int a, int b) {
        int d = (a - b) & 0xFFFF;
        if (d == 0x8000) {
            return (a & 0xFFFF) > (b & 0xFFFF) ? 0x8000 : -0x8000;
        }
        return (short) d;
    }

    /** {@code seq + delta} masked to 16 bits. */
    public static int add(int seq, int delta) {
        return (seq + delta) & 0xFFFF;
    }
}
