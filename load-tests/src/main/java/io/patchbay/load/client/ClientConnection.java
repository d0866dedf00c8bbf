package io.patchbay.load.client;

import io.patchbay.load.peer.DtlsDatagramTransport;
import io.patchbay.load.peer.LocalSdp;
import io.patchbay.load.peer.PeerCertificate;
import io.patchbay.load.peer.PeerDtlsClient;
import io.patchbay.load.peer.SrtpProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One simulated WebRTC peer connection of the load generator: a non-blocking UDP socket, {@link IceClient}, a
 * BouncyCastle DTLS 1.2 client handshake ({@link PeerDtlsClient}) and {@link SrtpEndpoint}. Publishing connections
 * carry a {@link SyntheticMedia}; subscribing ones count, authenticate a sample and time what arrives. Shares no
 * code with the server.
 *
 * <p>Threads: datagrams arrive on its {@link ReceiveLoop} thread; ICE timers and media sends run on the
 * {@link Driver} thread; the handshake runs on a {@link ClientRuntime} handshake thread.
 */
public final class ClientConnection implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long DTLS waits for the remote agent's own check before starting anyway. */
    private static final long REMOTE_CHECK_WAIT_NANOS = 500_000_000L;
    /** While a watched stream waits for a keyframe, a PLI at most this often (libwebrtc's 200 ms key-frame wait). */
    private static final long PLI_INTERVAL_NANOS = 200_000_000L;

    final String name;
    final boolean publishing;
    final DatagramChannel channel;
    private final ClientRuntime runtime;
    private final PeerCertificate certificate;
    private final List<SrtpProfile> profiles;
    private final LocalSdp.Identity identity;
    final IceClient ice;
    private final CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
    private volatile DtlsDatagramTransport dtls;
    private volatile String remoteFingerprint;
    volatile SrtpEndpoint srtp;
    private volatile boolean channelConnected;
    private volatile boolean closed;
    volatile SyntheticMedia media;
    final SinkStreams sink = new SinkStreams();
    /** System.nanoTime of the first media packet received, 0 before. */
    volatile long firstMediaNanos;
    final AtomicLong rtcpReceived = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong keyframeRequests = new AtomicLong();
    private volatile ConnectionEvents events = ConnectionEvents.NONE;
    /** Payload types whose packets are decrypted until each stream's first keyframe (receive-loop reads), or null. */
    private volatile boolean[] keyframePayloadTypes;
    /**
     * Payload types (VP8) whose streams' layers are followed: the first packet of each frame (a new RTP timestamp) is
     * decrypted and a keyframe's height noted, and packets are counted per height; or null.
     */
    private volatile boolean[] layerPayloadTypes;
    /** Streams (SSRCs) to send a PLI for: the receive loop adds, the driver sends. */
    private final java.util.Queue<Integer> pliWanted = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The sender SSRC of the RTCP we send. */
    private final int rtcpSsrc = RANDOM.nextInt();

    ClientConnection(ClientRuntime runtime, String name, boolean publishing, boolean iceControlling,
                     PeerCertificate certificate, List<SrtpProfile> profiles) throws IOException {
        this.runtime = runtime;
        this.name = name;
        this.publishing = publishing;
        this.certificate = certificate;
        this.profiles = List.copyOf(profiles);
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(runtime.bindAddress(), 0));
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        this.identity = new LocalSdp.Identity(token(8), token(24), certificate.sha256Fingerprint());
        this.ice = new IceClient(this::sendStun, identity.iceUfrag(), identity.icePwd(), iceControlling);
        ice.onRemoteCheck(nanos -> events.remoteIceCheck(nanos));
        ice.onSelected(() -> {
            events.iceConnected(System.nanoTime());
            runtime.handshakes().execute(this::handshake);
        });
    }

    public LocalSdp.Identity identity() {
        return identity;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Our one host candidate as an {@code a=candidate} value (RFC 8839 section 5.1). */
    public String localCandidate() throws IOException {
        InetSocketAddress a = localAddress();
        return "candidate:1 1 udp 2130706431 " + a.getAddress().getHostAddress() + " " + a.getPort()
                + " typ host generation 0 ufrag " + identity.iceUfrag();
    }

    /** Starts ICE toward the remote credentials; the DTLS handshake follows the selected pair. */
    public void start(String remoteUfrag, String remotePwd, String remoteFingerprint) {
        start(remoteUfrag, remotePwd, remoteFingerprint, false);
    }

    /**
     * As {@link #start(String, String, String)}; {@code remoteIceLite} when the remote description says
     * {@code a=ice-lite}: DTLS then starts as soon as our check succeeded, without waiting for a check of the remote's
     * own (it sends none).
     */
    public void start(String remoteUfrag, String remotePwd, String remoteFingerprint, boolean remoteIceLite) {
        this.remoteFingerprint = remoteFingerprint;
        ice.setRemoteLite(remoteIceLite);
        ice.setRemoteCredentials(remoteUfrag, remotePwd);
        runtime.register(this);
    }

    /**
     * Adds a remote candidate ({@code candidate:<foundation> <component> <transport> <priority> <address> <port>
     * typ ...}); only UDP component 1 with an IPv4 address is used. Returns whether it was used.
     */
    public boolean addRemoteCandidate(String line) {
        String s = line.startsWith("a=") ? line.substring(2) : line;
        if (!s.startsWith("candidate:")) return false;
        String[] f = s.substring("candidate:".length()).split(" ");
        if (f.length < 8 || !f[1].equals("1") || !f[2].equalsIgnoreCase("udp") || !f[6].equals("typ")
                || !f[4].matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            return false;
        }
        try {
            ice.addRemoteCandidate(new InetSocketAddress(InetAddress.getByName(f[4]), Integer.parseInt(f[5])));
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Completes with the negotiated SRTP profile when ICE and DTLS are up. */
    public CompletableFuture<SrtpProfile> connected() {
        return connected;
    }

    public long firstMediaNanos() {
        return firstMediaNanos;
    }

    /** Reports this connection's moments (ICE, DTLS, first RTP, keyframes) to {@code e}; set it before {@link #start}. */
    public void observe(ConnectionEvents e) {
        events = e == null ? ConnectionEvents.NONE : e;
    }

    /**
     * Decrypts every packet of these (VP8) payload types until the stream's first keyframe and reports it to the
     * {@link #observe observer}: a sink otherwise decrypts 1 packet in {@code sampleEvery}. Like a browser, asks for
     * a keyframe (PLI) when such a stream starts with a delta frame. Adds to earlier calls.
     */
    public void watchKeyframes(java.util.Collection<Integer> vp8PayloadTypes) {
        boolean[] pts = keyframePayloadTypes == null ? new boolean[128] : keyframePayloadTypes.clone();
        for (int pt : vp8PayloadTypes) {
            if (pt >= 0 && pt < 128) pts[pt] = true;
        }
        keyframePayloadTypes = pts;
    }

    /** Sets what this connection publishes once it is connected. */
    /**
     * Follows which simulcast layer arrives on each stream of these (VP8) payload types, from the heights its
     * keyframes state: costs one decryption per frame. Adds to earlier calls.
     */
    public void trackLayers(java.util.Collection<Integer> vp8PayloadTypes) {
        boolean[] pts = layerPayloadTypes == null ? new boolean[128] : layerPayloadTypes.clone();
        for (int pt : vp8PayloadTypes) pts[pt & 0x7F] = true;
        layerPayloadTypes = pts;
    }

    /** Per stream followed by {@link #trackLayers}: video packets received per keyframe height (lines). */
    public java.util.Map<Integer, Long> videoPacketsByHeight() {
        java.util.Map<Integer, Long> m = new java.util.TreeMap<>();
        for (StreamCounter c : sink.streams()) c.addPacketsByHeight(m);
        return m;
    }

    /** Height of the last keyframe of each stream that had one (streams followed by {@link #trackLayers}). */
    public List<Integer> lastKeyframeHeights() {
        List<Integer> l = new java.util.ArrayList<>();
        for (StreamCounter c : sink.streams()) {
            int h = c.lastKeyframeHeight();
            if (h >= 0) l.add(h);
        }
        return l;
    }

    public void setMedia(SyntheticMedia m) {
        media = m;
    }

    public SyntheticMedia media() {
        return media;
    }

    /**
     * Adds this connection's sink counters to {@code into}: [packets received, sum of extended highest seq + 1, bytes
     * of the RTP datagrams received].
     */
    public void addSinkTotals(long[] into) {
        sink.sum(into);
    }

    /** The address the connection's socket is connected to (the SFU's side of the selected pair), or null. */
    public InetSocketAddress remoteAddress() {
        try {
            return channelConnected ? (InetSocketAddress) channel.getRemoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    public String diagnostics() {
        SyntheticMedia m = media;
        return name + ": ICE[" + ice.summary() + "] srtp=" + (srtp == null ? null : srtp.profile()) + " streams="
                + sink.size() + " authFailures=" + sink.authFailures + " noTrailer=" + sink.withoutTrailer + " rtcp="
                + rtcpReceived + " keyframeRequests=" + keyframeRequests + " dropped=" + dropped
                + (m == null ? "" : " sent=" + m.packetsSent() + " keyframes=" + m.keyframesSent()
                + " protectFailures=" + m.protectFailures);
    }

    private void handshake() {
        InetSocketAddress remote = ice.selected();
        try {
            ice.awaitRemoteCheck(REMOTE_CHECK_WAIT_NANOS);
            // From here on the kernel filters other sources and reads need no source address. Connect before DTLS:
            // the JDK's connect discards every datagram already queued on the socket, which after the handshake
            // would be the server's first media (often the keyframe a new subscriber waits for). Before our
            // ClientHello nothing but a repeated STUN check can be waiting.
            channel.connect(remote);
            channelConnected = true;
            DtlsDatagramTransport transport = new DtlsDatagramTransport((b, off, len) -> send(b, off, len, remote));
            dtls = transport;
            PeerDtlsClient client = new PeerDtlsClient(new BcTlsCrypto(RANDOM), certificate, remoteFingerprint, profiles);
            events.dtlsStarted(System.nanoTime());
            new DTLSClientProtocol().connect(client, transport);
            long handshakeDone = System.nanoTime();
            srtp = new SrtpEndpoint(client.selectedProfile(), client.keyingMaterial());
            events.dtlsConnected(handshakeDone);
            connected.complete(client.selectedProfile());
        } catch (Exception e) {
            connected.completeExceptionally(new IOException(name + ": DTLS failed: " + e + "; " + diagnostics(), e));
        }
    }

    /** Receive-loop thread: one datagram in {@code data[0..length)} (the loop's scratch array). */
    void onDatagram(byte[] data, int length, InetSocketAddress from, long nowNanos) {
        if (length < 2) {
            dropped.incrementAndGet();
            return;
        }
        int first = data[0] & 0xFF;
        if (first <= 3) { // RFC 7983 section 7
            ice.onStun(data, length, from != null ? from : ice.selected());
        } else if (first >= 20 && first <= 63) {
            DtlsDatagramTransport t = dtls;
            if (t != null) {
                byte[] copy = new byte[length];
                System.arraycopy(data, 0, copy, 0, length);
                t.offer(copy);
            }
        } else if (first >= 128 && first <= 191) {
            int second = data[1] & 0xFF;
            if (second >= 192 && second <= 223) { // RFC 5761 section 4: RTCP
                onRtcp(data, length);
            } else {
                onRtp(data, length, nowNanos);
            }
        } else {
            dropped.incrementAndGet();
        }
    }

    private void onRtp(byte[] d, int length, long nowNanos) {
        SrtpEndpoint s = srtp;
        if (s == null || length < 12) {
            if (s == null) events.rtpBeforeKeys(nowNanos);
            dropped.incrementAndGet();
            return;
        }
        if (firstMediaNanos == 0) {
            firstMediaNanos = nowNanos;
            // Read after the keys: never earlier than dtlsConnected's time.
            events.firstRtp(System.nanoTime());
        }
        StreamCounter stream = sink.stream(Bytes.i32(d, 8));
        if (stream == null) {
            dropped.incrementAndGet();
            return;
        }
        sink.addBytes(length);
        boolean sample = stream.onPacket(Bytes.u16(d, 2), runtime.sampleEvery());
        boolean[] watched = keyframePayloadTypes;
        boolean watch = watched != null && !stream.keyframeSeen && watched[d[1] & 0x7F];
        boolean[] layered = layerPayloadTypes;
        boolean frameStart = false;
        if (layered != null && layered[d[1] & 0x7F]) {
            int ts = Bytes.i32(d, 4);
            frameStart = !stream.tsSeen || ts != stream.lastTs;
            stream.lastTs = ts;
            stream.tsSeen = true;
            if (!frameStart) stream.countAtHeight(); // a frame start counts once its keyframe height is read
        }
        if (sample || watch || frameStart) {
            int plain = s.unprotectRtp(d, length);
            if (plain < 0) {
                sink.authFailures.incrementAndGet();
                return;
            }
            if (watch) watchKeyframe(stream, d, plain, nowNanos);
            if (frameStart) {
                int height = Vp8Keyframe.keyframeHeight(d, plain);
                if (height >= 0) stream.onKeyframeHeight(height);
                stream.countAtHeight();
            }
            if (!sample) return;
            long sent = MediaTrailer.sendNanos(d, plain);
            if (sent > 0) {
                runtime.delays().record(nowNanos - sent);
            } else {
                sink.withoutTrailer.incrementAndGet();
            }
        }
    }

    /** A packet of a watched stream that has had no keyframe yet (receive-loop thread). */
    private void watchKeyframe(StreamCounter stream, byte[] plainRtp, int length, long nowNanos) {
        int start = Vp8Keyframe.frameStart(plainRtp, length);
        if (start == Vp8Keyframe.KEYFRAME_START) {
            stream.keyframeSeen = true;
            events.keyframeReceived(stream.ssrc, System.nanoTime());
        } else if (start == Vp8Keyframe.DELTA_FRAME_START && nowNanos - stream.nextPliNanos >= 0) {
            // A frame we cannot decode: its keyframe was missed (e.g. it arrived before our keys).
            stream.nextPliNanos = nowNanos + PLI_INTERVAL_NANOS;
            pliWanted.add(stream.ssrc);
        }
    }

    /** Publishers look for PLI (RFC 4585 6.3.1) and FIR (RFC 5104 4.3.1) to send a keyframe; sinks only count. */
    private void onRtcp(byte[] d, int length) {
        rtcpReceived.incrementAndGet();
        SyntheticMedia m = media;
        SrtpEndpoint s = srtp;
        if (m == null || s == null) return;
        int plain = s.unprotectRtcp(d, length);
        if (plain < 0) return;
        int off = 0;
        while (off + 4 <= plain) {
            int fmt = d[off] & 0x1F;
            int pt = d[off + 1] & 0xFF;
            int words = Bytes.u16(d, off + 2);
            if ((pt == 206 && (fmt == 1 || fmt == 4))) {
                keyframeRequests.incrementAndGet();
                events.keyframeRequested(System.nanoTime());
                int mediaSsrc = fmt == 1 ? Bytes.i32(d, off + 8) : off + 16 <= plain ? Bytes.i32(d, off + 12) : 0;
                m.requestKeyframe(mediaSsrc);
            }
            off += (words + 1) * 4;
        }
    }

    /** Driver thread: ICE timers and, once connected and unless {@code sendMedia} is false, media. */
    void tick(long nowNanos, ByteBuffer scratch, boolean sendMedia) {
        if (closed) return;
        ice.tick(nowNanos);
        SyntheticMedia m = media;
        SrtpEndpoint s = srtp;
        if (sendMedia && m != null && s != null && channelConnected) {
            m.tick(nowNanos, scratch, this, s);
        }
        Integer ssrc;
        while (s != null && channelConnected && (ssrc = pliWanted.poll()) != null) sendPli(ssrc, scratch, s);
    }

    /** RFC 4585 section 6.3.1: PLI for {@code mediaSsrc}, protected and sent (driver thread). */
    private void sendPli(int mediaSsrc, ByteBuffer scratch, SrtpEndpoint s) {
        byte[] d = scratch.array();
        d[0] = (byte) 0x81; // V=2, FMT=1
        d[1] = (byte) 206; // PSFB
        Bytes.put16(d, 2, 2);
        Bytes.put32(d, 4, rtcpSsrc);
        Bytes.put32(d, 8, mediaSsrc);
        int len = s.protectRtcp(d, 12);
        if (len < 0) return;
        scratch.clear().limit(len);
        sendMedia(scratch);
        events.keyframeRequestSent(mediaSsrc, System.nanoTime());
    }

    /** Driver thread: media was paused; it goes on from {@code nowNanos} (sequence numbers continue, no burst). */
    void resumeMedia(long nowNanos) {
        SyntheticMedia m = media;
        if (m != null) m.resume(nowNanos);
    }

    /** Sends a protected packet (position 0 to limit of the driver's scratch buffer) on the connected channel. */
    void sendMedia(ByteBuffer packet) {
        try {
            channel.write(packet);
        } catch (IOException e) {
            dropped.incrementAndGet();
        }
    }

    private void sendStun(byte[] data, InetSocketAddress to) {
        send(data, 0, data.length, to);
    }

    private void send(byte[] data, int off, int len, InetSocketAddress to) {
        try {
            if (channelConnected) {
                channel.write(ByteBuffer.wrap(data, off, len));
            } else {
                channel.send(ByteBuffer.wrap(data, off, len), to);
            }
        } catch (IOException e) {
            if (!closed) dropped.incrementAndGet();
        }
    }

    boolean isChannelConnected() {
        return channelConnected;
    }

    @Override
    public void close() {
        closed = true;
        runtime.unregister(this);
        DtlsDatagramTransport t = dtls;
        if (t != null) t.close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        SrtpEndpoint s = srtp;
        if (s != null) s.close();
        if (!connected.isDone()) connected.completeExceptionally(new IOException(name + ": closed"));
    }

    private static String token(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }
}
