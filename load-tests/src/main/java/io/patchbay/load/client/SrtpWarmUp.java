package io.patchbay.load.client;

import io.patchbay.load.peer.PacketBuffer;
import io.patchbay.load.peer.SrtpProfile;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * jitsi-srtp picks its AES implementation by a micro-benchmark the first time each cipher is used in a JVM (about a
 * second). Run that once at start-up so it does not land in the first participant's join time.
 */
final class SrtpWarmUp {
    private SrtpWarmUp() {
    }

    static void run() {
        for (SrtpProfile p : SrtpProfile.values()) {
            try {
                SrtpContextFactory f = new SrtpContextFactory(true, new byte[p.keyLength()], new byte[p.saltLength()],
                        p.newPolicy(), p.newPolicy(), new LoggerImpl("patchbay-load-srtp-warmup"));
                SrtpCryptoContext ctx = f.deriveContext(1, 0);
                byte[] rtp = new byte[64];
                rtp[0] = (byte) 0x80;
                ctx.transformPacket(PacketBuffer.view().set(rtp, 0, 40));
                f.close();
            } catch (Exception ignored) {
                // Only a warm-up.
            }
        }
    }
}
