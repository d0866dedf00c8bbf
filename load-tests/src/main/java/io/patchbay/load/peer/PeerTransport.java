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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The client side of one WebRTC peer connection: a {@link UdpMux} on 127.0.0.1, a {@link ControllingIceAgent},
 * a DTLS 1.2 client ({@link PeerDtlsClient}) and an {@link SrtpSession}. {@link #start} runs ICE then DTLS on
 * a thread of its own; decrypted RTP and RTCP go to the {@link Listener} on the socket's reader thread.
 *
 * <p>ICE restart (RFC 8445 section 9): {@link #prepareIceRestart} makes new local credentials (and, if asked, a
 * new socket, i.e. a new local address) for the next offer or answer; {@link #restartIce} runs checks with the
 * remote's new credentials while the current pair keeps carrying media, then moves media to the new pair. DTLS
 * and SRTP are untouched: the keys stay ({@link #dtlsHandshakes} stays 1).
 */
public final class PeerTransport implements AutoCloseable {
    /** Receives decrypted media; called on the socket reader thread. */
    interface Listener {
        void onRtp(RtpPacket packet, long arrivalNanos);

        void onRtcp(List<Rtcp.Packet> packets, long arrivalNanos);
    }

    /** The socket media uses and the remote address ICE selected on it; replaced as a whole by an ICE restart. */
    private record Path(UdpMux mux, InetSocketAddress remote) { }

    /** An ICE restart in progress: the new generation's identity, socket and agent. */
    private record Restart(LocalSdp.Identity identity, UdpMux mux, ControllingIceAgent agent) { }

    /**
     * Diagnostic only (default 0, browser-like): delays the ClientHello after ICE succeeds, to tell a server-side
     * race between DTLS and ICE pair selection from other faults. Set with -Dpatchbay.testpeer.dtlsDelayMs=N.
     */
    static final long DTLS_START_DELAY_MS = Long.getLong("patchbay.testpeer.dtlsDelayMs", 0);

    private final String name;
    private final PeerCertificate certificate;
    private final List<SrtpProfile> profiles;
    private final Listener listener;
    private final CountDownLatch done = new CountDownLatch(1);
    private final ScheduledExecutorService timers;
    private final Object generationLock = new Object();
    /** Before ICE selects a pair: the first socket, remote null. */
    private volatile Path path;
    private volatile ControllingIceAgent ice;
    private volatile LocalSdp.Identity identity;
    private volatile Restart restart;
    private volatile int iceGeneration;
    private volatile Throwable restartFailure;
    private volatile boolean blackholed;
    private volatile boolean deafToDtls;
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
    private final AtomicInteger dtlsHandshakes = new AtomicInteger();

    PeerTransport(String name, PeerCertificate certificate, List<SrtpProfile> profiles, Listener listener)
            throws IOException {
        this.name = name;
        this.certificate = certificate;
        this.profiles = List.copyOf(profiles);
        this.listener = listener;
        this.identity = newIdentity();
        UdpMux mux = newMux();
        this.path = new Path(mux, null);
        this.ice = new ControllingIceAgent(mux, identity.iceUfrag(), identity.icePwd());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timers-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    private LocalSdp.Identity newIdentity() {
        return new LocalSdp.Identity(ControllingIceAgent.randomToken(8), ControllingIceAgent.randomToken(24),
                certificate.sha256Fingerprint());
    }

    /** A socket whose datagrams all come here, each handler knowing which socket it came on. */
    private UdpMux newMux() throws IOException {
        UdpMux mux = new UdpMux(name);
        mux.onStun((data, from) -> onStun(mux, data, from));
        mux.onDtls(this::onDtls);
        mux.onRtp(this::onSrtp);
        mux.onRtcp(this::onSrtcp);
        mux.blackhole(blackholed);
        return mux;
    }

    /** The identity of the current ICE generation. */
    LocalSdp.Identity identity() {
        return identity;
    }

    /** The identity our next offer or answer carries: the restarting generation's, if a restart is under way. */
    LocalSdp.Identity negotiatedIdentity() {
        Restart r = restart;
        return r == null ? identity : r.identity();
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    public InetSocketAddress localAddress() {
        return path.mux().localAddress();
    }

    /** The remote address ICE selected, or null before. */
    public InetSocketAddress remoteAddress() {
        return path.remote();
    }

    /** Our single host candidate for the negotiated generation, as a browser would trickle it (RFC 8839 section 5.1). */
    String localCandidate() {
        Restart r = restart;
        UdpMux mux = r == null ? path.mux() : r.mux();
        String ufrag = r == null ? identity.iceUfrag() : r.identity().iceUfrag();
        return "candidate:1 1 udp 2130706431 127.0.0.1 " + mux.localAddress().getPort()
                + " typ host generation 0 ufrag " + ufrag;
    }

    /**
     * Adds a trickled remote candidate: {@code candidate:<foundation> <component> <transport> <priority>
     * <address> <port> typ <type> ...}. Only UDP, component 1, 127.0.0.1 are used (the test runs on loopback).
     * During an ICE restart candidates belong to the new generation. Returns whether it was used.
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
        Restart r = restart;
        ControllingIceAgent agent = r == null ? ice : r.agent();
        agent.addRemoteCandidate(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(f[5])));
        return true;
    }

    /** Starts ICE and then the DTLS handshake on a new thread, against the remote SDP's credentials. */
    void start(String remoteUfrag, String remotePwd, String remoteFingerprint) {
        start(remoteUfrag, remotePwd, remoteFingerprint, false);
    }

    /** As above; with an ICE-lite remote (its SDP has a=ice-lite) we do not wait for a check from it. */
    void start(String remoteUfrag, String remotePwd, String remoteFingerprint, boolean remoteLite) {
        ice.setRemoteCredentials(remoteUfrag, remotePwd);
        Thread t = new Thread(() -> connect(remoteFingerprint, remoteLite), "connect-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void connect(String remoteFingerprint, boolean remoteLite) {
        try {
            InetSocketAddress selected = ice.connect(Duration.ofSeconds(10));
            path = new Path(path.mux(), selected);
            if (!remoteLite) {
                // Give the controlled side a moment to complete its own (triggered) check before DTLS starts.
                ice.awaitRemoteCheck(Duration.ofSeconds(1));
            }
            if (DTLS_START_DELAY_MS > 0) {
                Thread.sleep(DTLS_START_DELAY_MS);
            }
            timers.scheduleAtFixedRate(() -> ice.sendKeepalive(), 2, 2, TimeUnit.SECONDS);
            DtlsDatagramTransport datagrams = new DtlsDatagramTransport((b, off, len) -> {
                Path p = path;
                p.mux().send(b, off, len, p.remote());
            });
            dtlsDatagrams = datagrams;
            dtlsClient = new PeerDtlsClient(new BcTlsCrypto(new SecureRandom()), certificate, remoteFingerprint, profiles);
            dtlsHandshakes.incrementAndGet();
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

    /**
     * First half of an ICE restart: new local ufrag/pwd (same certificate) and, with {@code newLocalPort}, a new
     * socket (an address change). The current pair keeps working until {@link #restartIce} selects a new one.
     * Returns the identity to put in the offer or answer.
     */
    LocalSdp.Identity prepareIceRestart(boolean newLocalPort) throws IOException {
        synchronized (generationLock) {
            if (restart != null) {
                throw new IllegalStateException(name + ": an ICE restart is already under way");
            }
            LocalSdp.Identity id = newIdentity();
            UdpMux mux = newLocalPort ? newMux() : path.mux();
            restart = new Restart(id, mux, new ControllingIceAgent(mux, id.iceUfrag(), id.icePwd()));
            restartFailure = null;
            return id;
        }
    }

    /**
     * Second half: checks with the remote's new credentials on a thread of its own (candidates trickled from now
     * on are the new generation's); once one succeeds, media moves to the new pair and {@link #iceGeneration}
     * grows. No DTLS handshake.
     */
    void restartIce(String remoteUfrag, String remotePwd, boolean remoteLite) {
        Restart r = restart;
        if (r == null) {
            throw new IllegalStateException(name + ": no ICE restart was prepared");
        }
        r.agent().setRemoteCredentials(remoteUfrag, remotePwd);
        Thread t = new Thread(() -> runRestart(r, remoteLite), "ice-restart-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void runRestart(Restart r, boolean remoteLite) {
        try {
            InetSocketAddress selected = r.agent().connect(Duration.ofSeconds(10));
            if (!remoteLite) {
                r.agent().awaitRemoteCheck(Duration.ofSeconds(1));
            }
            UdpMux old;
            synchronized (generationLock) {
                old = path.mux();
                path = new Path(r.mux(), selected);
                ice = r.agent();
                identity = r.identity();
                restart = null;
                iceGeneration++;
                generationLock.notifyAll();
            }
            if (old != r.mux()) {
                old.close();
            }
        } catch (Throwable e) {
            abandonIceRestart(e);
        }
    }

    /** Gives up a prepared restart (e.g. the server refused the offer): the current pair stays. */
    void abandonIceRestart(Throwable why) {
        synchronized (generationLock) {
            Restart r = restart;
            restart = null;
            restartFailure = why;
            if (r != null && r.mux() != path.mux()) {
                r.mux().close();
            }
            generationLock.notifyAll();
        }
    }

    /** How many ICE restarts completed. */
    public int iceGeneration() {
        return iceGeneration;
    }

    /** Waits until {@link #iceGeneration} reaches {@code generation}; throws if the restart failed. */
    void awaitIceGeneration(int generation, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (generationLock) {
            while (iceGeneration < generation) {
                if (restartFailure != null) {
                    throw new IllegalStateException(name + ": ICE restart failed: " + restartFailure + "; "
                            + diagnostics(), restartFailure);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException(name + ": ICE restart not done after " + timeout + "; " + diagnostics());
                }
                generationLock.wait(left);
            }
        }
    }

    /** System.nanoTime() at which the current pair was selected (the last successful check of its generation). */
    public long iceSelectedAtNanos() {
        return ice.selectedAtNanos();
    }

    /** How many DTLS handshakes this connection started (1 after connecting; an ICE restart adds none). */
    public int dtlsHandshakes() {
        return dtlsHandshakes.get();
    }

    /**
     * Simulates a vanished network: every socket of this connection stops delivering and sending (STUN
     * included), until turned off.
     */
    public void blackhole(boolean on) {
        blackholed = on;
        path.mux().blackhole(on);
        Restart r = restart;
        if (r != null) {
            r.mux().blackhole(on);
        }
    }

    /** Decodes once and hands the message to the generation it belongs to (the current one if neither claims it). */
    private void onStun(UdpMux via, byte[] data, InetSocketAddress from) {
        ControllingIceAgent current = ice;
        StunMessage m = StunMessage.decode(data, data.length);
        if (m == null || !m.hasValidFingerprintOrNone()) {
            current.countMalformed();
            return;
        }
        Restart r = restart;
        ControllingIceAgent agent = r != null && r.agent().isFor(m) ? r.agent() : current;
        agent.onStun(m, from, via);
    }

    /**
     * Abuse tests: from now on this side ignores every DTLS record from the server, so a handshake it starts stays
     * at its ClientHello (retransmitted) until the connection closes: an abandoned handshake.
     */
    public void deafToDtls() {
        deafToDtls = true;
    }

    private void onDtls(byte[] data, InetSocketAddress from) {
        if (deafToDtls) {
            return;
        }
        DtlsDatagramTransport d = dtlsDatagrams;
        if (d != null && from.equals(path.remote())) {
            d.offer(data);
        } else {
            dtlsFromOthers.incrementAndGet();
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
        Path p = path;
        Restart r = restart;
        return "ICE[" + ice.summary() + " selected=" + p.remote() + " local=" + p.mux().localAddress()
                + " generation=" + iceGeneration + (r == null ? "" : " restarting[" + r.agent().summary() + "]")
                + (restartFailure == null ? "" : " restartFailure=" + restartFailure)
                + "] DTLS[handshakes=" + dtlsHandshakes + " alerts=" + (c == null ? "[]" : c.alerts)
                + " recordsFromOthers=" + dtlsFromOthers + "] SRTP[profile="
                + (s == null ? null : s.profile()) + " rtpFailures=" + (s == null ? "{}" : s.rtpFailures)
                + " rtcpFailures=" + (s == null ? "{}" : s.rtcpFailures) + "] rtp=" + rtpReceived + " rtcp="
                + rtcpReceived + " rtpBeforeKeys=" + rtpBeforeKeys + " rtpFromOthers=" + rtpFromOthers
                + " malformedRtp=" + malformedRtp + " malformedRtcp=" + malformedRtcp
                + " udp[in=" + p.mux().received + " out=" + p.mux().sent + " unknown=" + p.mux().unknown
                + (blackholed ? " blackholed in=" + p.mux().blackholedIn + " out=" + p.mux().blackholedOut : "") + "]";
    }

    public void sendRtp(RtpPacket packet) throws IOException, GeneralSecurityException {
        byte[] out = requireSrtp().protectRtp(packet.toBytes());
        Path p = path;
        p.mux().send(out, 0, out.length, p.remote());
    }

    public void sendRtcp(byte[] plainCompound) throws IOException, GeneralSecurityException {
        byte[] out = requireSrtp().protectRtcp(plainCompound);
        Path p = path;
        p.mux().send(out, 0, out.length, p.remote());
    }

    /** Sends bytes as they are to the selected remote address (for malformed-input tests). */
    public void sendRaw(byte[] data) throws IOException {
        Path p = path;
        p.mux().send(data, 0, data.length, p.remote());
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
        if (!from.equals(path.remote())) {
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
        if (!from.equals(path.remote())) {
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
        Restart r = restart;
        if (r != null) {
            r.mux().close();
        }
        path.mux().close();
    }
}
