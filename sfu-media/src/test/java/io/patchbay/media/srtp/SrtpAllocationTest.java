package io.patchbay.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
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
    private static final int WARM_UP = 150_000; // until the JIT has compiled (and inlined) the whole path
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
        long before = 0;
        for (int seq = 0; seq < WARM_UP + MEASURED; seq++) {
            if (seq == WARM_UP) before = bean.getThreadAllocatedBytes(threadId);
            System.arraycopy(template, 0, packet, 0, plainLength);
            packet[2] = (byte) (seq >> 8);
            packet[3] = (byte) seq;
            if (server.protectRtp(packet, 0, plainLength, length) != SrtpResult.OK
                    || client.unprotectRtp(packet, 0, length[0], length) != SrtpResult.OK) {
                throw new AssertionError("packet " + seq + " did not go through");
            }
        }
        long bytes = bean.getThreadAllocatedBytes(threadId) - before;
        double perPacket = bytes / (double) MEASURED;
        System.out.printf("%s: protect + unprotect allocated %d bytes over %d packets (%.2f B/packet)%n",
                profile, bytes, MEASURED, perPacket);
        // AES-CM: jitsi-srtp's HMAC returns a new 20-byte tag array (40 B with its header) on each side.
        double allowed = profile == SrtpProfile.AEAD_AES_128_GCM ? 1 : 2 * 40 + 1;
        assertTrue(perPacket < allowed, perPacket + " B/packet, allowed below " + allowed);
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
