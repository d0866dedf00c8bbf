package io.patchbay.load.client;

import io.patchbay.load.peer.PacketBuffer;
import io.patchbay.load.peer.SrtpKeys;
import io.patchbay.load.peer.SrtpProfile;
import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP/SRTCP of one client connection (the DTLS client side: protect with the client key half, unprotect with the
 * server half; RFC 5764 section 4.2), with jitsi-srtp. Contexts per SSRC live in small arrays (a connection sees a
 * handful of SSRCs at a time), so the steady state allocates nothing. When a receive table is full the oldest entry
 * makes room: a long-lived connection sees streams come and go (the join scenario's publishers see two new ones per
 * join), and a gone stream's context is never needed again. Protect runs on the driver thread, unprotect on the
 * connection's receive-loop thread: each direction has one owner.
 */
final class SrtpEndpoint implements AutoCloseable {
    private static final int MAX_SSRCS = 64;

    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final int[] sendSsrcs = new int[MAX_SSRCS];
    private final SrtpCryptoContext[] sendContexts = new SrtpCryptoContext[MAX_SSRCS];
    private int sendCount;
    private final int[] receiveSsrcs = new int[MAX_SSRCS];
    private final SrtpCryptoContext[] receiveContexts = new SrtpCryptoContext[MAX_SSRCS];
    private int receiveCount;
    private int receiveEvict;
    private final int[] rtcpSsrcs = new int[MAX_SSRCS];
    private final SrtcpCryptoContext[] rtcpContexts = new SrtcpCryptoContext[MAX_SSRCS];
    private int rtcpCount;
    private int rtcpEvict;
    private SrtcpCryptoContext sendRtcpContext;
    private int sendRtcpSsrc;
    private final PacketBuffer sendView = PacketBuffer.view();
    private final PacketBuffer receiveView = PacketBuffer.view();

    SrtpEndpoint(SrtpProfile profile, byte[] keyingMaterial) {
        this.profile = profile;
        SrtpKeys keys = SrtpKeys.split(profile, keyingMaterial);
        LoggerImpl logger = new LoggerImpl("patchbay-load-srtp");
        sendFactory = keys.clientFactory(logger);
        receiveFactory = keys.serverFactory(logger);
    }

    SrtpProfile profile() {
        return profile;
    }

    /**
     * Protects the RTP packet in {@code data[0..length)} in place; the array needs room for the tag. Returns the
     * SRTP length, or -1 on failure.
     */
    int protectRtp(byte[] data, int length) {
        int ssrc = Bytes.i32(data, 8);
        SrtpCryptoContext ctx = null;
        for (int i = 0; i < sendCount; i++) {
            if (sendSsrcs[i] == ssrc) {
                ctx = sendContexts[i];
                break;
            }
        }
        try {
            if (ctx == null) {
                if (sendCount == MAX_SSRCS) return -1;
                ctx = sendFactory.deriveContext(ssrc, 0);
                sendSsrcs[sendCount] = ssrc;
                sendContexts[sendCount++] = ctx;
            }
            PacketBuffer view = sendView.set(data, 0, length);
            if (ctx.transformPacket(view) != SrtpErrorStatus.OK || view.getBuffer() != data) return -1;
            return view.getLength();
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /**
     * Authenticates and decrypts the SRTP packet in {@code data[0..length)} in place. Returns the plain RTP length,
     * or -1 if it fails (bad tag, replay, too short).
     */
    int unprotectRtp(byte[] data, int length) {
        if (length < 12) return -1;
        int ssrc = Bytes.i32(data, 8);
        SrtpCryptoContext ctx = null;
        for (int i = 0; i < receiveCount; i++) {
            if (receiveSsrcs[i] == ssrc) {
                ctx = receiveContexts[i];
                break;
            }
        }
        try {
            if (ctx == null) {
                ctx = receiveFactory.deriveContext(ssrc, 0);
                int slot = receiveCount < MAX_SSRCS ? receiveCount++ : receiveEvict++ % MAX_SSRCS;
                receiveSsrcs[slot] = ssrc;
                receiveContexts[slot] = ctx;
            }
            PacketBuffer view = receiveView.set(data, 0, length);
            if (ctx.reverseTransformPacket(view, false) != SrtpErrorStatus.OK || view.getBuffer() != data
                    || view.getOffset() != 0) {
                return -1;
            }
            return view.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Protects an RTCP packet in place (driver thread, like RTP protection; one sender SSRC per connection); the
     * array needs room for the tag and the SRTCP index. Returns the SRTCP length, or -1.
     */
    int protectRtcp(byte[] data, int length) {
        if (length < 8) return -1;
        int ssrc = Bytes.i32(data, 4);
        try {
            if (sendRtcpContext == null || sendRtcpSsrc != ssrc) {
                sendRtcpContext = sendFactory.deriveControlContext(ssrc);
                sendRtcpSsrc = ssrc;
            }
            PacketBuffer view = sendView.set(data, 0, length);
            if (sendRtcpContext.transformPacket(view) != SrtpErrorStatus.OK || view.getBuffer() != data) return -1;
            return view.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    /** Unprotects SRTCP in place (receive-loop thread); returns the plain length or -1. */
    int unprotectRtcp(byte[] data, int length) {
        if (length < 8) return -1;
        int ssrc = Bytes.i32(data, 4);
        SrtcpCryptoContext ctx = null;
        for (int i = 0; i < rtcpCount; i++) {
            if (rtcpSsrcs[i] == ssrc) {
                ctx = rtcpContexts[i];
                break;
            }
        }
        try {
            if (ctx == null) {
                ctx = receiveFactory.deriveControlContext(ssrc);
                int slot = rtcpCount < MAX_SSRCS ? rtcpCount++ : rtcpEvict++ % MAX_SSRCS;
                rtcpSsrcs[slot] = ssrc;
                rtcpContexts[slot] = ctx;
            }
            PacketBuffer view = receiveView.set(data, 0, length);
            if (ctx.reverseTransformPacket(view) != SrtpErrorStatus.OK || view.getBuffer() != data
                    || view.getOffset() != 0) {
                return -1;
            }
            return view.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }


    @Override
    public void close() {
        sendFactory.close();
        receiveFactory.close();
    }
}
