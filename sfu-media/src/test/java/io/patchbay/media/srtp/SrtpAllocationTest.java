package io.patchbay.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP protect and unprotect on the media thread's steady state: the cipher that reuses its IV spec
 * ({@link ReusedIvCipher}) writes exactly the bytes jitsi-srtp's own cipher writes, and allocates nothing per packet
 * with AES-GCM; with AES-CM only the HMAC tag array jitsi-srtp's {@code Mac.doFinal()} returns is left.
 */
class SrtpAllocationTest {
    /**
     * Packets before the first measured window; then windows of {@link #MEASURED} until one is clean, at most
     * {@link #MAX_WINDOWS}. Nothing allocates once the JIT has compiled and inlined the whole path (which drops
     * jitsi-srtp's logging lambda); when that happens depends on the compiler's queue, so the steady state is the
     * first window at the floor, and a path that keeps allocating fails.
     */
    private static final int WARM_UP = 100_000;
    private static final int MAX_WINDOWS = 12;
    private static final int MEASURED = 50_000;
    private static final int PAYLOAD = 1100;
    private static final long SSRC = 0x11223344L;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectedPacketsAreTheBytesJitsiSrtpWritesAndDecryptWithIt(SrtpProfile profile) throws Exception {
        SrtpKeys keys = keys(profile);
        SrtpSession server = new SrtpSession(keys, true);
        // The library's own context and cipher for the server's sending keys (the same logger: a second logger
        // class would make jitsi-srtp's logging calls polymorphic for the JIT, and the allocation test below
        // would measure that instead of the cipher).
        SrtpContextFactory plain = new SrtpContextFactory(true, keys.serverKey(), keys.serverSalt(),
                profile.srtpPolicy(), profile.srtcpPolicy(), SilentSrtpLogger.INSTANCE);
        SrtpCryptoContext reference = plain.deriveContext((int) SSRC, 0);
        SrtpSession client = new SrtpSession(keys, false);
        Random random = new Random(3);
        int[] length = new int[1];
        for (int seq = 0; seq < 2_000; seq++) {
            byte[] packet = new byte[12 + PAYLOAD + 32];
            int plainLength = writePacket(packet, seq, random);
            byte[] expected = Arrays.copyOf(packet, packet.length);
            ByteArrayView view = new ByteArrayView().reset(expected, 0, plainLength);
            assertEquals(org.jitsi.srtp.SrtpErrorStatus.OK, reference.transformPacket(view));
            assertEquals(SrtpResult.OK, server.protectRtp(packet, 0, plainLength, length));
            assertEquals(view.getLength(), length[0], "protected length, packet " + seq);
            assertArrayEquals(Arrays.copyOf(expected, length[0]), Arrays.copyOf(packet, length[0]), "packet " + seq);
            byte[] decrypted = Arrays.copyOf(packet, packet.length);
            assertEquals(SrtpResult.OK, client.unprotectRtp(decrypted, 0, length[0], length), "packet " + seq);
            assertEquals(plainLength, length[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectAndUnprotectAllocateNothingPerPacketBeyondTheHmacTag(SrtpProfile profile) {
        assertTrue(ReusedIvCiphers.available(), "jitsi-srtp's cipher fields were not found: see the warning");
        com.sun.management.ThreadMXBean bean = threadBean();
        assertNotNull(bean, "this JVM cannot count a thread's allocated bytes");
        SrtpKeys keys = keys(profile);
        SrtpSession server = new SrtpSession(keys, true);
        SrtpSession client = new SrtpSession(keys, false);
        byte[] packet = new byte[12 + PAYLOAD + 32];
        byte[] template = new byte[packet.length];
        int plainLength = writePacket(template, 0, new Random(5));
        int[] length = new int[1];
        long threadId = Thread.currentThread().getId();
        // AES-CM: jitsi-srtp's HMAC returns a new 20-byte tag array (40 B with its header) on each side.
        // Otherwise nothing: a window is clean under 1,000 bytes (0.02 B/packet), what a timer or the JIT's own
        // bookkeeping may leave on the thread, far below one object per packet.
        double allowed = (profile == SrtpProfile.AEAD_AES_128_GCM ? 0 : 2 * 40) + 0.02;
        List<String> windows = new ArrayList<>();
        int seq = 0;
        for (int window = 0; window < MAX_WINDOWS; window++) {
            long before = bean.getThreadAllocatedBytes(threadId);
            for (int end = seq + (window == 0 ? WARM_UP : MEASURED); seq < end; seq++) {
                System.arraycopy(template, 0, packet, 0, plainLength);
                packet[2] = (byte) (seq >> 8);
                packet[3] = (byte) seq;
                if (server.protectRtp(packet, 0, plainLength, length) != SrtpResult.OK
                        || client.unprotectRtp(packet, 0, length[0], length) != SrtpResult.OK) {
                    throw new AssertionError("packet " + seq + " did not go through");
                }
            }
            if (window == 0) continue;
            double perPacket = (bean.getThreadAllocatedBytes(threadId) - before) / (double) MEASURED;
            windows.add(String.format("%.2f", perPacket));
            if (perPacket < allowed) {
                System.out.printf("%s: protect + unprotect allocated %.2f B/packet over %d packets (windows of %d"
                        + " after %d of warm-up: %s)%n", profile, perPacket, MEASURED, MEASURED, WARM_UP, windows);
                return;
            }
        }
        throw new AssertionError(profile + ": every window allocated " + allowed + " B/packet or more: " + windows);
    }

    /** An RTP header (version 2, PT 96, the test SSRC) and a random payload; returns the packet's length. */
    private static int writePacket(byte[] packet, int seq, Random random) {
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        packet[4] = (byte) (seq >> 4);
        packet[8] = (byte) (SSRC >> 24);
        packet[9] = (byte) (SSRC >> 16);
        packet[10] = (byte) (SSRC >> 8);
        packet[11] = (byte) SSRC;
        byte[] payload = new byte[PAYLOAD];
        random.nextBytes(payload);
        System.arraycopy(payload, 0, packet, 12, PAYLOAD);
        return 12 + PAYLOAD;
    }

    private static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(profile.ordinal() + 17).nextBytes(material);
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean b) || !b.isThreadAllocatedMemorySupported()) return null;
        b.setThreadAllocatedMemoryEnabled(true);
        return b;
    }
}
