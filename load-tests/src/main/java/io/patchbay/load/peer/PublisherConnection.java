package io.patchbay.load.peer;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code publisher} peer connection: our offer (audio mid 0 + video mid 1, sendonly), the server's answer,
 * the transport, the {@link MediaSender}, and counters of the RTCP the server sends back. Nothing but RTCP
 * should ever arrive here; {@link #echoedRtp} counts RTP that does. A later offer with a new identity is an ICE
 * restart (RFC 8445 section 9; RFC 8839 section 4.4.1.1.1): same tracks, SSRCs and fingerprint, new ufrag/pwd.
 */
public final class PublisherConnection implements PeerTransport.Listener, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeerTransport transport;
    private final LocalSdp.PublishPlan plan;
    private final MediaSender sender;
    private final long sessionId = LocalSdp.newSessionId();
    private long offerVersion = 1;
    private volatile RemoteSdp answer;

    public final AtomicLong plis = new AtomicLong();
    public final AtomicLong firs = new AtomicLong();
    public final AtomicLong nacks = new AtomicLong();
    public final AtomicLong receiverReports = new AtomicLong();
    public final AtomicLong rembs = new AtomicLong();
    public volatile long lastRembBps = -1;
    /** Offer transport-wide CC; false makes this a REMB-only publisher. */
    volatile boolean transportCc = true;
    public final AtomicLong reportBlocksForOurSsrcs = new AtomicLong();
    public final AtomicLong otherRtcp = new AtomicLong();
    public final AtomicLong echoedRtp = new AtomicLong();
    public final AtomicLong pliForUnknownSsrc = new AtomicLong();
    /** System.nanoTime() of every PLI for our video SSRC. */
    public final List<Long> pliTimesNanos = new CopyOnWriteArrayList<>();

    PublisherConnection(String name, PeerCertificate certificate, List<SrtpProfile> profiles, int publisherTag)
            throws IOException {
        this.transport = new PeerTransport(name + "-pub", certificate, profiles, this);
        String streamId = "stream-" + ControllingIceAgent.randomToken(6).replaceAll("[^A-Za-z0-9]", "x");
        this.plan = new LocalSdp.PublishPlan(streamId, "cname-" + name, "audio-" + streamId, randomSsrc(),
                "video-" + streamId, randomSsrc());
        this.sender = new MediaSender(transport, plan.audioSsrc(), plan.videoSsrc(), publisherTag, "0", "1");
    }

    private static long randomSsrc() {
        return (RANDOM.nextInt() & 0xFFFFFFFFL) | 1;
    }

    /** Our offer with the negotiated identity (the restarting one during an ICE restart); the version grows. */
    synchronized String offer() {
        return LocalSdp.publisherOffer(transport.negotiatedIdentity(), plan, transportCc, sessionId, ++offerVersion);
    }

    /** Applies the server's answer: it must take the DTLS server role (setup:passive), then ICE+DTLS start. */
    void onAnswer(RemoteSdp sdp) {
        requirePassive(sdp);
        this.answer = sdp;
        transport.start(sdp.iceUfrag(), sdp.icePwd(), sdp.fingerprint(), sdp.iceLite());
    }

    /**
     * Applies the answer to an ICE-restart offer: same DTLS fingerprint and role (no new handshake), then checks
     * with its credentials. Returns the previous answer.
     */
    RemoteSdp onRestartAnswer(RemoteSdp sdp) {
        requirePassive(sdp);
        RemoteSdp previous = answer;
        if (previous != null && !java.util.Objects.equals(previous.fingerprint(), sdp.fingerprint())) {
            throw new IllegalStateException("the ICE restart answer changes the DTLS fingerprint from "
                    + previous.fingerprint() + " to " + sdp.fingerprint() + "; the test peer keeps one DTLS session");
        }
        this.answer = sdp;
        transport.restartIce(sdp.iceUfrag(), sdp.icePwd(), sdp.iceLite());
        return previous;
    }

    private static void requirePassive(RemoteSdp sdp) {
        if (!"passive".equals(sdp.setup())) {
            throw new IllegalStateException("publisher answer has a=setup:" + sdp.setup()
                    + "; the test peer only acts as DTLS client");
        }
    }

    public RemoteSdp answer() {
        return answer;
    }

    public String answerText() {
        RemoteSdp a = answer;
        return a == null ? null : a.text;
    }

    public PeerTransport transport() {
        return transport;
    }

    public MediaSender sender() {
        return sender;
    }

    public long audioSsrc() {
        return plan.audioSsrc();
    }

    public long videoSsrc() {
        return plan.videoSsrc();
    }

    @Override
    public void onRtp(RtpPacket packet, long arrivalNanos) {
        echoedRtp.incrementAndGet();
    }

    @Override
    public void onRtcp(List<Rtcp.Packet> packets, long arrivalNanos) {
        for (Rtcp.Packet p : packets) {
            if (p.isPli()) {
                if (p.mediaSsrc() == plan.videoSsrc()) {
                    plis.incrementAndGet();
                    pliTimesNanos.add(arrivalNanos);
                } else {
                    pliForUnknownSsrc.incrementAndGet();
                }
            } else if (p.rembBps() >= 0) {
                rembs.incrementAndGet();
                lastRembBps = p.rembBps();
            } else if (p.packetType() == Rtcp.PSFB && p.countOrFmt() == Rtcp.FMT_FIR) {
                firs.incrementAndGet();
            } else if (p.packetType() == Rtcp.RTPFB && p.countOrFmt() == Rtcp.FMT_NACK) {
                nacks.incrementAndGet();
            } else if (p.packetType() == Rtcp.RR) {
                receiverReports.incrementAndGet();
                for (long ssrc : p.reportedSsrcs()) {
                    if (ssrc == plan.audioSsrc() || ssrc == plan.videoSsrc()) {
                        reportBlocksForOurSsrcs.incrementAndGet();
                    }
                }
            } else {
                otherRtcp.incrementAndGet();
            }
        }
    }

    public String counters() {
        return "plis=" + plis + " firs=" + firs + " nacks=" + nacks + " rr=" + receiverReports
                + " rrBlocksForUs=" + reportBlocksForOurSsrcs + " otherRtcp=" + otherRtcp + " echoedRtp=" + echoedRtp
                + " pliForUnknownSsrc=" + pliForUnknownSsrc + " sent[audio=" + sender.sent(MediaKind.AUDIO)
                + " video=" + sender.sent(MediaKind.VIDEO) + " errors=" + sender.sendErrors + "]";
    }

    @Override
    public void close() {
        sender.stop();
        transport.close();
    }
}
