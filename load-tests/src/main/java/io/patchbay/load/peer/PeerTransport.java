package io.patchbay.load.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The client side of one WebRTC peer connection: a {@link UdpMux} on 127.0.0.1, a {@link ControllingIceAgent},
 * a DTLS 1.2 client ({@link PeerDtlsClient}) and an {@link SrtpSession}. {@link #start} runs ICE then DTLS on
 * a thread of its own; decrypted RTP and RTCP go to the {@link Listener} on the socket's reader thread.
 */
public final class PeerTransport implements AutoCloseable {
    /** Receives decrypted media; called on the socket reader thread. */
    interface Listener {
        void onRtp(RtpPacket packet, long arrivalNanos);

        void onRtcp(List<Rtcp.Packet> packets, long arrivalNanos);
    }

    /**
     * Diagnostic only (default 0, browser-like): delays the ClientHello after ICE succeeds, to tell a server-side
     * race between DTLS and ICE pair selection from other faults. Set with -Dpatchbay.testpeer.dtlsDelayMs=N.
     */
    static final long DTLS_START_DELAY_MS = Long.getLong("patchbay.testpeer.dtlsDelayMs", 0);

    private final String name;
    private final UdpMux mux;
    private final ControllingIceAgent ice;
    private final PeerCertificate certificate;
    private final List<SrtpProfile> profiles;
    private final Listener listener;
    private final LocalSdp.Identity identity;
    private final CountDownLatch done = new CountDownLatch(1);
    private final ScheduledExecutorService timers;
    private volatile InetSocketAddress remote;
    private volatile SrtpSession srtp;
    private volatile DTLSTransport dtls;
    private volatile DtlsDatagramTransport dtlsDatagrams;
    private volatile PeerDtlsClient dtlsClient;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile long connectedAtNanos;

    public final AtomicLong rtpReceived = new AtomicLong();
    public final AtomicLong rtcpReceived = new AtomicLong();
    public final AtomicLong rtpBeforeKeys = new AtomicLong();
    public final AtomicLong rtpFromOthers = new AtomicLong();
    public final AtomicLong malformedRtp = new AtomicLong();
    public final AtomicLong malformedRtcp = new AtomicLong();
    public final AtomicLong dtlsAppData = new AtomicLong();
    /** DTLS records from an address other than the ICE-selected one: dropped. */
    public final AtomicLong dtlsFromOthers = new AtomicLong();

    PeerTransport(String name, PeerCertificate certificate, List<SrtpProfile> profiles, Listener listener)
            throws IOException {
        this.name = name;
        this.certificate = certificate;
        this.profiles = List.copyOf(profiles);
        this.listener = listener;
        this.mux = new UdpMux(name);
        this.identity = new LocalSdp.Identity(ControllingIceAgent.randomToken(8), ControllingIceAgent.randomToken(24),
                certificate.sha256Fingerprint());
        this.ice = new ControllingIceAgent(mux, identity.iceUfrag(), identity.icePwd());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timers-" + name);
            t.setDaemon(true);
            return t;
        });
        mux.onRtp(this::onSrtp);
        mux.onRtcp(this::onSrtcp);
    }

    LocalSdp.Identity identity() {
        return identity;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    public InetSocketAddress localAddress() {
        return mux.localAddress();
    }

    /** The remote address ICE selected, or null before. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Our single host candidate, as a browser would trickle it (RFC 8839 section 5.1). */
    String localCandidate() {
        return "candidate:1 1 udp 2130706431 127.0.0.1 " + localAddress().getPort()
                + " typ host generation 0 ufrag " + identity.iceUfrag();
    }

    /**
     * Adds a trickled remote candidate: {@code candidate:<foundation> <component> <transport> <priority>
     * <address> <port> typ <type> ...}. Only UDP, component 1, 127.0.0.1 are used (the test runs on loopback).
     * Returns whether it was used.
     */
    boolean addRemoteCandidate(String line) {
        String s = line.startsWith("a=") ? line.substring(2) : line;
        if (!s.startsWith("candidate:")) {
            return false;
        }
        String[] f = s.substring("candidate:".length()).split(" ");
        if (f.length < 8 || !f[1].equals("1") || !f[2].equalsIgnoreCase("udp") || !f[6].equals("typ")) {
            return false;
        }
        if (!f[4].equals("127.0.0.1")) {
            return false;
        }
        ice.addRemoteCandidate(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(f[5])));
        return true;
    }

    /** Starts ICE and then the DTLS handshake on a new thread, against the remote SDP's credentials. */
    void start(String remoteUfrag, String remotePwd, String remoteFingerprint) {
        ice.setRemoteCredentials(remoteUfrag, remotePwd);
        Thread t = new Thread(() -> connect(remoteFingerprint), "connect-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void connect(String remoteFingerprint) {
        try {
            remote = ice.connect(Duration.ofSeconds(10));
            // Give the controlled side a moment to complete its own (triggered) check before DTLS starts.
            ice.awaitRemoteCheck(Duration.ofSeconds(1));
            if (DTLS_START_DELAY_MS > 0) {
                Thread.sleep(DTLS_START_DELAY_MS);
            }
            timers.scheduleAtFixedRate(ice::sendKeepalive, 2, 2, TimeUnit.SECONDS);
            InetSocketAddress selected = remote;
            DtlsDatagramTransport datagrams = new DtlsDatagramTransport((b, off, len) -> mux.send(b, off, len, selected));
            mux.onDtls((data, from) -> {
                if (selected.equals(from)) {
                    datagrams.offer(data);
                } else {
                    dtlsFromOthers.incrementAndGet();
                }
            });
            dtlsDatagrams = datagrams;
            dtlsClient = new PeerDtlsClient(new BcTlsCrypto(new SecureRandom()), certificate, remoteFingerprint, profiles);
            dtls = new DTLSClientProtocol().connect(dtlsClient, dtlsDatagrams);
            srtp = new SrtpSession(dtlsClient.selectedProfile(), dtlsClient.keyingMaterial());
            connectedAtNanos = System.nanoTime();
            Thread reader = new Thread(this::dtlsReadLoop, "dtls-" + name);
            reader.setDaemon(true);
            reader.start();
        } catch (Throwable e) {
            failure = e;
        } finally {
            done.countDown();
        }
    }

    /** Keeps BouncyCastle reading after the handshake so alerts and retransmitted flights are handled. */
    private void dtlsReadLoop() {
        byte[] buf = new byte[2048];
        while (!closed) {
            try {
                int n = dtls.receive(buf, 0, buf.length, 100);
                if (n > 0) {
                    dtlsAppData.incrementAndGet();
                }
            } catch (IOException e) {
                if (!closed) {
                    dtlsClient.alerts.add("after handshake: " + e);
                }
                return;
            }
        }
    }

    /** Waits for ICE and DTLS; throws with what was seen if they did not complete. */
    public void awaitConnected(Duration timeout) throws TimeoutException, InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(name + ": not connected after " + timeout + "; " + diagnostics());
        }
        if (failure != null) {
            throw new IllegalStateException(name + ": connect failed: " + failure + "; " + diagnostics(), failure);
        }
    }

    public boolean isConnected() {
        return srtp != null;
    }

    public long connectedAtNanos() {
        return connectedAtNanos;
    }

    public SrtpProfile srtpProfile() {
        SrtpSession s = srtp;
        return s == null ? null : s.profile();
    }

    public String diagnostics() {
        SrtpSession s = srtp;
        PeerDtlsClient c = dtlsClient;
        return "ICE[" + ice.summary() + " selected=" + remote + "] DTLS[alerts=" + (c == null ? "[]" : c.alerts)
                + " recordsFromOthers=" + dtlsFromOthers + "] SRTP[profile="
                + (s == null ? null : s.profile()) + " rtpFailures=" + (s == null ? "{}" : s.rtpFailures)
                + " rtcpFailures=" + (s == null ? "{}" : s.rtcpFailures) + "] rtp=" + rtpReceived + " rtcp="
                + rtcpReceived + " rtpBeforeKeys=" + rtpBeforeKeys + " rtpFromOthers=" + rtpFromOthers
                + " malformedRtp=" + malformedRtp + " malformedRtcp=" + malformedRtcp
                + " udp[in=" + mux.received + " out=" + mux.sent + " unknown=" + mux.unknown + "]";
    }

    public void sendRtp(RtpPacket packet) throws IOException, GeneralSecurityException {
        byte[] out = requireSrtp().protectRtp(packet.toBytes());
        mux.send(out, 0, out.length, remote);
    }

    public void sendRtcp(byte[] plainCompound) throws IOException, GeneralSecurityException {
        byte[] out = requireSrtp().protectRtcp(plainCompound);
        mux.send(out, 0, out.length, remote);
    }

    /** Sends bytes as they are to the selected remote address (for malformed-input tests). */
    public void sendRaw(byte[] data) throws IOException {
        mux.send(data, 0, data.length, remote);
    }

    private SrtpSession requireSrtp() {
        SrtpSession s = srtp;
        if (s == null) {
            throw new IllegalStateException(name + ": not connected");
        }
        return s;
    }

    private void onSrtp(byte[] data, InetSocketAddress from) {
        SrtpSession s = srtp;
        if (s == null) {
            rtpBeforeKeys.incrementAndGet();
            return;
        }
        if (!from.equals(remote)) {
            rtpFromOthers.incrementAndGet();
            return;
        }
        byte[] plain = s.unprotectRtp(data);
        if (plain == null) {
            return;
        }
        RtpPacket p = RtpPacket.parse(plain);
        if (p == null) {
            malformedRtp.incrementAndGet();
            return;
        }
        rtpReceived.incrementAndGet();
        listener.onRtp(p, System.nanoTime());
    }

    private void onSrtcp(byte[] data, InetSocketAddress from) {
        SrtpSession s = srtp;
        if (s == null) {
            rtpBeforeKeys.incrementAndGet();
            return;
        }
        if (!from.equals(remote)) {
            rtpFromOthers.incrementAndGet();
            return;
        }
        byte[] plain = s.unprotectRtcp(data);
        if (plain == null) {
            return;
        }
        List<Rtcp.Packet> packets = Rtcp.parseCompound(plain);
        if (packets == null) {
            malformedRtcp.incrementAndGet();
            return;
        }
        rtcpReceived.incrementAndGet();
        listener.onRtcp(packets, System.nanoTime());
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        DTLSTransport d = dtls;
        if (d != null) {
            try {
                d.close();
            } catch (IOException ignored) {
                // Best effort close_notify.
            }
        }
        DtlsDatagramTransport dd = dtlsDatagrams;
        if (dd != null) {
            dd.close();
        }
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
        mux.close();
    }
}
