package io.patchbay.media.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * SRTP and SRTCP for one transport, in place over caller-owned arrays (jitsi-srtp). The server is the DTLS server,
 * so it sends with the server write keys and receives with the client write keys (RFC 5764 4.2).
 *
 * <p>Owned by one media thread; not thread-safe, with one exception: when a transport's RTP is protected and sent by
 * another media thread (a large room's fan-out spread over threads, {@code EgressLane}), that thread calls
 * {@link #protectRtp} and {@link #releaseSendRtpSsrc} only, and the owner everything else: the RTP send table and its
 * scratch view are used by nothing else. Crypto contexts are per SSRC and per direction, found by a linear
 * scan of a small array (a transport carries a handful of SSRCs) so the lookup allocates nothing. A received SSRC
 * gets a context only once one of its packets authenticates, so bytes from a bound address that are not the peer's
 * cannot take entries. A stream that ends releases its SSRC ({@link #releaseSendSsrc}, {@link #releaseReceiveSsrc});
 * a table that is full anyway (a peer churning SSRCs) evicts its least recently used entry, so a new stream is
 * never refused.
 */
public final class SrtpSession {
    /** Upper bound on SSRCs per direction; a peer sending more is misbehaving. */
    static final int MAX_SSRCS = 64;

    static {
        // jitsi-srtp picks its AES implementation by benchmarking every provider (11,000 warm-up rounds each) the
        // first time a context is made, holding a global lock: on a fresh server that stalled the first joins by
        // seconds. OpenSSL (AES-NI through JNI) wins that benchmark anyway; naming it skips the benchmark, and if
        // the native library cannot load, jitsi-srtp falls back to benchmarking the others.
        org.jitsi.srtp.crypto.Aes.setFactoryClassName("OpenSSL");
    }


    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final ContextTable<SrtpCryptoContext> sendRtp;
    private final ContextTable<SrtpCryptoContext> receiveRtp;
    private final ContextTable<SrtcpCryptoContext> sendRtcp;
    private final ContextTable<SrtcpCryptoContext> receiveRtcp;
    private final ByteArrayView view = new ByteArrayView();
    /** {@link #protectRtp}'s own: that method may run on another thread than the others (see above). */
    private final ByteArrayView sendRtpView = new ByteArrayView();

    /**
     * @param localIsDtlsServer true on the server side (uses server keys to send); the test peer passes false
     */
    public SrtpSession(SrtpKeys keys, boolean localIsDtlsServer) {
        this(keys, localIsDtlsServer, MAX_SSRCS);
    }

    /**
     * As above, with room for {@code maxSsrcs} streams per direction: a node-to-node relay carries every layer of
     * every track of a room's publishers on one node, far more than one peer's {@value #MAX_SSRCS}.
     */
    public SrtpSession(SrtpKeys keys, boolean localIsDtlsServer, int maxSsrcs) {
        if (maxSsrcs < 1) throw new IllegalArgumentException("maxSsrcs must be positive");
        this.sendRtp = new ContextTable<>(maxSsrcs);
        this.receiveRtp = new ContextTable<>(maxSsrcs);
        this.sendRtcp = new ContextTable<>(maxSsrcs);
        this.receiveRtcp = new ContextTable<>(maxSsrcs);
        this.profile = keys.profile();
        SilentSrtpLogger logger = SilentSrtpLogger.INSTANCE;
        byte[] sendKey = localIsDtlsServer ? keys.serverKey() : keys.clientKey();
        byte[] sendSalt = localIsDtlsServer ? keys.serverSalt() : keys.clientSalt();
        byte[] receiveKey = localIsDtlsServer ? keys.clientKey() : keys.serverKey();
        byte[] receiveSalt = localIsDtlsServer ? keys.clientSalt() : keys.serverSalt();
        this.sendFactory = new SrtpContextFactory(true, sendKey, sendSalt,
                profile.srtpPolicy(), profile.srtcpPolicy(), logger);
        this.receiveFactory = new SrtpContextFactory(false, receiveKey, receiveSalt,
                profile.srtpPolicy(), profile.srtcpPolicy(), logger);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes of tail room a protected RTP packet needs. */
    public int rtpOverhead() {
        return profile.srtpOverhead();
    }

    /** Bytes of tail room a protected RTCP packet needs (tag plus the 4-byte E|index word). */
    public int rtcpOverhead() {
        return profile.srtpOverhead() + 4;
    }

    /** Decrypts and authenticates an SRTP packet in place; returns the new length in {@code lengthOut[0]}. */
    public SrtpResult unprotectRtp(byte[] buf, int off, int len, int[] lengthOut) {
        if (len < 12) return SrtpResult.MALFORMED;
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext ctx = receiveRtp.get(ssrc);
            if (ctx != null) return finish(view, ctx.reverseTransformPacket(view.reset(buf, off, len), false), lengthOut);
            // A new SSRC earns a table entry only with a packet that authenticates: junk cannot fill the table.
            ctx = derived(receiveFactory.deriveContext(ssrc, 0));
            SrtpResult result = finish(view, ctx.reverseTransformPacket(view.reset(buf, off, len), false), lengthOut);
            if (result == SrtpResult.OK) receiveRtp.put(ssrc, ctx);
            return result;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.CRYPTO_ERROR;
        }
    }

    /** Encrypts an RTP packet in place; the array needs {@link #rtpOverhead()} bytes of tail room. */
    public SrtpResult protectRtp(byte[] buf, int off, int len, int[] lengthOut) {
        if (len < 12) return SrtpResult.MALFORMED;
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext ctx = sendRtp.get(ssrc);
            if (ctx == null) {
                ctx = derived(sendFactory.deriveContext(ssrc, 0));
                sendRtp.put(ssrc, ctx);
            }
            return finish(sendRtpView, ctx.transformPacket(sendRtpView.reset(buf, off, len)), lengthOut);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.CRYPTO_ERROR;
        }
    }

    /** Decrypts and authenticates an SRTCP compound packet in place (keyed by the first packet's sender SSRC). */
    public SrtpResult unprotectRtcp(byte[] buf, int off, int len, int[] lengthOut) {
        if (len < 8 + 4 + profile.srtpOverhead()) return SrtpResult.MALFORMED;
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext ctx = receiveRtcp.get(ssrc);
            if (ctx != null) return finish(view, ctx.reverseTransformPacket(view.reset(buf, off, len)), lengthOut);
            ctx = derived(receiveFactory.deriveControlContext(ssrc));
            SrtpResult result = finish(view, ctx.reverseTransformPacket(view.reset(buf, off, len)), lengthOut);
            if (result == SrtpResult.OK) receiveRtcp.put(ssrc, ctx);
            return result;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.CRYPTO_ERROR;
        }
    }

    /** Encrypts an RTCP compound packet in place; needs {@link #rtcpOverhead()} bytes of tail room. */
    public SrtpResult protectRtcp(byte[] buf, int off, int len, int[] lengthOut) {
        if (len < 8) return SrtpResult.MALFORMED;
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext ctx = sendRtcp.get(ssrc);
            if (ctx == null) {
                ctx = derived(sendFactory.deriveControlContext(ssrc));
                sendRtcp.put(ssrc, ctx);
            }
            return finish(view, ctx.transformPacket(view.reset(buf, off, len)), lengthOut);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.CRYPTO_ERROR;
        }
    }

    /**
     * An outbound stream ended (a consumer closed): forget its SRTP and SRTCP contexts. Sending on it again later
     * starts a fresh context with rollover counter 0, as a new stream does.
     */
    public void releaseSendSsrc(long ssrc) {
        releaseSendRtpSsrc(ssrc);
        releaseSendRtcpSsrc(ssrc);
    }

    /** The RTP half of {@link #releaseSendSsrc}, for the thread that protects this session's RTP. */
    public void releaseSendRtpSsrc(long ssrc) {
        sendRtp.remove((int) ssrc);
    }

    /** The RTCP half of {@link #releaseSendSsrc}. */
    public void releaseSendRtcpSsrc(long ssrc) {
        sendRtcp.remove((int) ssrc);
    }

    /** An inbound stream ended (a producer closed): forget its SRTP and SRTCP contexts. */
    public void releaseReceiveSsrc(long ssrc) {
        receiveRtp.remove((int) ssrc);
        receiveRtcp.remove((int) ssrc);
    }

    /** SSRCs with a context, per direction (RTP tables); for tests and diagnostics. */
    public int sendSsrcCount() {
        return sendRtp.size;
    }

    public int receiveSsrcCount() {
        return receiveRtp.size;
    }

    /** Contexts evicted from full tables (SSRC churn beyond {@value #MAX_SSRCS} live streams), both directions. */
    public long evictedSsrcs() {
        return sendRtp.evicted + receiveRtp.evicted + sendRtcp.evicted + receiveRtcp.evicted;
    }

    private static SrtpResult finish(ByteArrayView view, SrtpErrorStatus status, int[] lengthOut) {
        lengthOut[0] = view.getLength();
        switch (status) {
            case OK:
                return SrtpResult.OK;
            case AUTH_FAIL:
                return SrtpResult.AUTH_FAILED;
            case REPLAY_FAIL:
            case REPLAY_OLD:
                return SrtpResult.REPLAYED;
            case INVALID_PACKET:
                return SrtpResult.MALFORMED;
            default:
                return SrtpResult.CRYPTO_ERROR;
        }
    }

    public void close() {
        sendRtp.closeAll();
        receiveRtp.closeAll();
        sendRtcp.closeAll();
        receiveRtcp.closeAll();
        sendFactory.close();
        receiveFactory.close();
    }

    /** A new context, with the cipher that sets its IV without allocating where it can ({@link ReusedIvCiphers}). */
    private static <C extends BaseSrtpCryptoContext> C derived(C context) {
        ReusedIvCiphers.install(context);
        return context;
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    /** SSRC -> context by linear scan; a handful of entries per transport; full: the least recently used goes. */
    private static final class ContextTable<C extends BaseSrtpCryptoContext> {
        private final int[] ssrcs;
        private final Object[] contexts;
        private final long[] lastUse;
        private long uses;
        private int size;
        private long evicted;

        ContextTable(int capacity) {
            ssrcs = new int[capacity];
            contexts = new Object[capacity];
            lastUse = new long[capacity];
        }

        @SuppressWarnings("unchecked")
        C get(int ssrc) {
            for (int i = 0; i < size; i++) {
                if (ssrcs[i] == ssrc) {
                    lastUse[i] = ++uses;
                    return (C) contexts[i];
                }
            }
            return null;
        }

        void put(int ssrc, C context) {
            int slot = size;
            if (size == ssrcs.length) {
                slot = leastRecentlyUsed();
                evicted++;
            } else {
                size++;
            }
            ssrcs[slot] = ssrc;
            contexts[slot] = context;
            lastUse[slot] = ++uses;
        }

        private int leastRecentlyUsed() {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                if (lastUse[i] < lastUse[oldest]) oldest = i;
            }
            return oldest;
        }

        /** Forgets one SSRC; the last entry moves into its place. */
        void remove(int ssrc) {
            for (int i = 0; i < size; i++) {
                if (ssrcs[i] == ssrc) {
                    size--;
                    ssrcs[i] = ssrcs[size];
                    contexts[i] = contexts[size];
                    lastUse[i] = lastUse[size];
                    contexts[size] = null;
                    return;
                }
            }
        }

        void closeAll() {
            for (int i = 0; i < size; i++) {
                contexts[i] = null;
            }
            size = 0;
        }
    }
}
