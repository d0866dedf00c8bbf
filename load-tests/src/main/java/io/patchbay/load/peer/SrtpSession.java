package io.patchbay.load.peer;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP of one peer connection on the DTLS client side, with jitsi-srtp. The exported keying
 * material is laid out client_key | server_key | client_salt | server_salt (RFC 5764 section 4.2); as the
 * DTLS client we protect with the client half and unprotect with the server half. Contexts are made per
 * SSRC on first use with rollover counter 0 (both ends start fresh streams).
 */
final class SrtpSession implements AutoCloseable {
    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final Map<Long, SrtpCryptoContext> sendRtp = new ConcurrentHashMap<>();
    private final Map<Long, SrtcpCryptoContext> sendRtcp = new ConcurrentHashMap<>();
    private final Map<Long, SrtpCryptoContext> receiveRtp = new ConcurrentHashMap<>();
    private final Map<Long, SrtcpCryptoContext> receiveRtcp = new ConcurrentHashMap<>();
    final Map<SrtpErrorStatus, AtomicLong> rtpFailures = new ConcurrentHashMap<>();
    final Map<SrtpErrorStatus, AtomicLong> rtcpFailures = new ConcurrentHashMap<>();

    SrtpSession(SrtpProfile profile, byte[] keyingMaterial) {
        this.profile = profile;
        SrtpKeys keys = SrtpKeys.split(profile, keyingMaterial);
        LoggerImpl logger = new LoggerImpl("patchbay-test-peer-srtp");
        sendFactory = keys.clientFactory(logger);
        receiveFactory = keys.serverFactory(logger);
        warmUp();
    }

    /**
     * jitsi-srtp picks its AES implementation by a benchmark the first time a cipher is used in the JVM (about a
     * second). Do that here, on the connecting thread, rather than on the first media packet.
     */
    private void warmUp() {
        warmUp(profile);
    }

    /** The JVM-wide first-use cost of {@code profile}'s cipher, paid now (see above). */
    static void warmUp(SrtpProfile profile) {
        try {
            byte[] rtp = new RtpPacket(false, 0, 0, 0, 0, java.util.Map.of(), new byte[16]).toBytes();
            PacketBuffer buf = new PacketBuffer(rtp, 0, rtp.length);
            SrtpCryptoContext ctx = derive(new SrtpContextFactory(true, new byte[profile.keyLength],
                    new byte[profile.saltLength], profile.newPolicy(), profile.newPolicy(),
                    new LoggerImpl("patchbay-test-peer-srtp-warmup")), 0);
            ctx.transformPacket(buf);
        } catch (GeneralSecurityException | RuntimeException ignored) {
            // Only a warm-up.
        }
    }

    SrtpProfile profile() {
        return profile;
    }

    /** Protects a plain RTP packet; returns the SRTP bytes. */
    byte[] protectRtp(byte[] rtp) throws GeneralSecurityException {
        long ssrc = RtpPacket.ssrcOf(rtp);
        SrtpCryptoContext ctx = sendRtp.computeIfAbsent(ssrc, x -> derive(sendFactory, x));
        PacketBuffer buf = new PacketBuffer(rtp, 0, rtp.length);
        SrtpErrorStatus status = ctx.transformPacket(buf);
        if (status != SrtpErrorStatus.OK) {
            throw new GeneralSecurityException("SRTP protect failed: " + status);
        }
        return buf.toByteArray();
    }

    /** Protects a plain RTCP compound packet (its first sender SSRC picks the context). */
    byte[] protectRtcp(byte[] rtcp) throws GeneralSecurityException {
        long ssrc = RtpPacket.u32(rtcp, 4);
        SrtcpCryptoContext ctx = sendRtcp.computeIfAbsent(ssrc, x -> deriveControl(sendFactory, x));
        PacketBuffer buf = new PacketBuffer(rtcp, 0, rtcp.length);
        SrtpErrorStatus status = ctx.transformPacket(buf);
        if (status != SrtpErrorStatus.OK) {
            throw new GeneralSecurityException("SRTCP protect failed: " + status);
        }
        return buf.toByteArray();
    }

    /** Unprotects SRTP; returns the plain RTP packet, or null (counted by reason) if it fails. */
    byte[] unprotectRtp(byte[] srtp) {
        if (srtp.length < 12) {
            count(rtpFailures, SrtpErrorStatus.INVALID_PACKET);
            return null;
        }
        long ssrc = RtpPacket.ssrcOf(srtp);
        SrtpCryptoContext ctx = receiveRtp.computeIfAbsent(ssrc, x -> derive(receiveFactory, x));
        PacketBuffer buf = new PacketBuffer(srtp, 0, srtp.length);
        try {
            SrtpErrorStatus status = ctx.reverseTransformPacket(buf, false);
            if (status != SrtpErrorStatus.OK) {
                count(rtpFailures, status);
                return null;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            count(rtpFailures, SrtpErrorStatus.FAIL);
            return null;
        }
        return buf.toByteArray();
    }

    /** Unprotects SRTCP; returns the plain compound packet, or null (counted by reason). */
    byte[] unprotectRtcp(byte[] srtcp) {
        if (srtcp.length < 8) {
            count(rtcpFailures, SrtpErrorStatus.INVALID_PACKET);
            return null;
        }
        long ssrc = RtpPacket.u32(srtcp, 4);
        SrtcpCryptoContext ctx = receiveRtcp.computeIfAbsent(ssrc, x -> deriveControl(receiveFactory, x));
        PacketBuffer buf = new PacketBuffer(srtcp, 0, srtcp.length);
        try {
            SrtpErrorStatus status = ctx.reverseTransformPacket(buf);
            if (status != SrtpErrorStatus.OK) {
                count(rtcpFailures, status);
                return null;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            count(rtcpFailures, SrtpErrorStatus.FAIL);
            return null;
        }
        return buf.toByteArray();
    }

    private static SrtpCryptoContext derive(SrtpContextFactory factory, long ssrc) {
        try {
            return factory.deriveContext((int) ssrc, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SrtcpCryptoContext deriveControl(SrtpContextFactory factory, long ssrc) {
        try {
            return factory.deriveControlContext((int) ssrc);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void count(Map<SrtpErrorStatus, AtomicLong> map, SrtpErrorStatus status) {
        map.computeIfAbsent(status, x -> new AtomicLong()).incrementAndGet();
    }


    @Override
    public void close() {
        sendFactory.close();
        receiveFactory.close();
    }
}
