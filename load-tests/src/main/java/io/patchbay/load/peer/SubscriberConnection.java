package io.patchbay.load.peer;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The {@code subscriber} peer connection: answers every offer the server makes (recvonly), starts ICE+DTLS on
 * the first offer with an active m-section, records each decrypted RTP packet per SSRC ({@link ReceivedStream}),
 * counts RTCP Sender Reports per SSRC, sends a Receiver Report every second and a PLI on demand.
 *
 * <p>Which track an SSRC carries is read from the offers ({@link #remoteTrack}): the server ends a track by
 * giving its m-section port 0 and may later reuse that index with a new mid and kind (RFC 8829 section 5.2.2),
 * so a section's meaning is only that of one offer. An offer with new ICE credentials is an ICE restart
 * (RFC 8445 section 9): the answer carries new credentials of ours and checks rerun, DTLS stays.
 * {@link #onOffer} runs on the peer's single offer thread, the listener methods on the socket reader.
 */
public final class SubscriberConnection implements PeerTransport.Listener, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the transport must do once our answer is sent. */
    enum Step { NONE, START, RESTART_ICE }

    /** Our answer to one offer and the step that follows it. */
    record Answer(String sdp, Step step) { }

    /** What an SSRC carries according to an offer: its section's mid and kind and its msid. */
    public record RemoteTrack(int index, String mid, String kind, String participantId, String trackId,
                              long mediaSsrc, long rtxSsrc) { }

    private final PeerTransport transport;
    private final long ownSsrc = (RANDOM.nextInt() & 0xFFFFFFFFL) | 1;
    private final long sessionId = LocalSdp.newSessionId();
    private final List<RemoteSdp> offers = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final Map<Long, ReceivedStream> streams = new ConcurrentHashMap<>();
    private long answerVersion = 1;
    private volatile boolean started;
    private volatile String remoteUfrag;
    private volatile String remoteFingerprint;
    private volatile int maxMediaSections;
    /** Media SSRCs of the latest offer's live sections: the ones our Receiver Reports cover. */
    private volatile Set<Long> liveSsrcs = Set.of();
    /** Codecs this subscriber leaves out of its answers (lower-case encoding names), e.g. "red". */
    public volatile java.util.Set<String> refusedCodecs = java.util.Set.of();
    /** Whether the next ICE restart the server offers moves to a new local socket (an address change). */
    volatile boolean nextRestartNewLocalPort;

    public final AtomicLong plisSent = new AtomicLong();
    public final AtomicLong receiverReportsSent = new AtomicLong();
    public final AtomicLong senderReports = new AtomicLong();
    public final AtomicLong otherRtcp = new AtomicLong();

    SubscriberConnection(String name, PeerCertificate certificate, List<SrtpProfile> profiles) throws IOException {
        this.transport = new PeerTransport(name + "-sub", certificate, profiles, this);
    }

    /**
     * Records the offer and builds our answer. The first offer with an active m-section starts ICE+DTLS; one
     * with a new ice-ufrag restarts ICE (prepared here, run by {@link #afterAnswer}). An offer identical to the
     * current remote description (the server re-sends a pending offer after a resume) is answered the same way.
     */
    synchronized Answer onOffer(RemoteSdp offer) throws IOException {
        Step step = Step.NONE;
        if (!started && !offer.activeSections().isEmpty()) {
            if (!"actpass".equals(offer.setup()) && !"passive".equals(offer.setup())) {
                throw new IllegalStateException("subscriber offer has a=setup:" + offer.setup()
                        + "; the test peer only acts as DTLS client");
            }
            started = true;
            step = Step.START;
            remoteUfrag = offer.iceUfrag();
            remoteFingerprint = offer.fingerprint();
        } else if (started && offer.iceUfrag() != null && !offer.iceUfrag().equals(remoteUfrag)) {
            if (!java.util.Objects.equals(remoteFingerprint, offer.fingerprint())) {
                throw new IllegalStateException("subscriber offer changes the DTLS fingerprint from "
                        + remoteFingerprint + " to " + offer.fingerprint() + "; the test peer keeps one DTLS session");
            }
            transport.prepareIceRestart(nextRestartNewLocalPort);
            remoteUfrag = offer.iceUfrag();
            step = Step.RESTART_ICE;
        }
        String answer = LocalSdp.subscriberAnswer(transport.negotiatedIdentity(), offer, refusedCodecs, sessionId,
                ++answerVersion);
        Set<Long> live = new HashSet<>();
        for (RemoteSdp.Section section : offer.liveSections()) {
            if (section.mediaSsrc() >= 0) {
                live.add(section.mediaSsrc());
            }
        }
        liveSsrcs = Set.copyOf(live);
        maxMediaSections = Math.max(maxMediaSections, offer.sections().size());
        offers.add(offer);
        answers.add(answer);
        synchronized (offers) {
            offers.notifyAll();
        }
        return new Answer(answer, step);
    }

    /** Runs the answer's step (after it was sent, or failed to send: the server may get it again later). */
    void afterAnswer(Answer answer, RemoteSdp offer) {
        switch (answer.step()) {
            case START -> {
                transport.start(offer.iceUfrag(), offer.icePwd(), offer.fingerprint(), offer.iceLite());
                transport.timers().scheduleAtFixedRate(this::sendReceiverReport, 1, 1, TimeUnit.SECONDS);
            }
            case RESTART_ICE -> transport.restartIce(offer.iceUfrag(), offer.icePwd(), offer.iceLite());
            case NONE -> { }
        }
    }

    /** The ice-ufrag of the server's latest offer that we started or restarted with, or null. */
    public String remoteUfrag() {
        return remoteUfrag;
    }

    /** The most m-sections any offer had (ended ones included). */
    public int maxMediaSectionsSeen() {
        return maxMediaSections;
    }

    /** What {@code ssrc} (media or RTX) carries according to the latest offer that has it live, or null. */
    public RemoteTrack remoteTrack(long ssrc) {
        for (int i = offers.size() - 1; i >= 0; i--) {
            for (RemoteSdp.Section s : offers.get(i).liveSections()) {
                if (s.mediaSsrc() == ssrc || s.rtxSsrc() == ssrc || s.ssrcs().contains(ssrc)) {
                    return track(s);
                }
            }
        }
        return null;
    }

    /** The tracks of the latest offer's live sections, in m-line order. */
    public List<RemoteTrack> currentTracks() {
        RemoteSdp latest = latestOffer();
        return latest == null ? List.of() : latest.liveSections().stream().map(SubscriberConnection::track).toList();
    }

    /** Waits for an offer with a live section of {@code participantId}'s track of {@code kind}; returns it. */
    public RemoteTrack awaitTrack(String participantId, String kind, Duration timeout)
            throws TimeoutException, InterruptedException {
        RemoteSdp offer = awaitOffer(o -> section(o, participantId, kind) != null, timeout);
        return track(section(offer, participantId, kind));
    }

    private static RemoteSdp.Section section(RemoteSdp offer, String participantId, String kind) {
        for (RemoteSdp.Section s : offer.liveSections()) {
            if (s.kind().equals(kind) && participantId.equals(s.msidStream())) {
                return s;
            }
        }
        return null;
    }

    private static RemoteTrack track(RemoteSdp.Section s) {
        return new RemoteTrack(s.index(), s.mid(), s.kind(), s.msidStream(), s.msidTrack(), s.mediaSsrc(), s.rtxSsrc());
    }

    public PeerTransport transport() {
        return transport;
    }

    public List<RemoteSdp> offers() {
        return List.copyOf(offers);
    }

    public List<String> answers() {
        return List.copyOf(answers);
    }

    public RemoteSdp latestOffer() {
        return offers.isEmpty() ? null : offers.get(offers.size() - 1);
    }

    /** Waits for an offer (already received or future) that matches. */
    public RemoteSdp awaitOffer(Predicate<RemoteSdp> predicate, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (offers) {
            while (true) {
                for (RemoteSdp o : offers) {
                    if (predicate.test(o)) {
                        return o;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException("no matching subscriber offer; offers: " + offers);
                }
                offers.wait(left);
            }
        }
    }

    public ReceivedStream stream(long ssrc) {
        return streams.get(ssrc);
    }

    public Map<Long, ReceivedStream> streams() {
        return Map.copyOf(streams);
    }

    /** Sends a PLI (RFC 4585 6.3.1) for {@code mediaSsrc}. */
    public void sendPli(long mediaSsrc) throws IOException, GeneralSecurityException {
        transport.sendRtcp(Rtcp.pli(ownSsrc, mediaSsrc));
        plisSent.incrementAndGet();
    }

    private void sendReceiverReport() {
        if (!transport.isConnected() || streams.isEmpty()) {
            return;
        }
        List<Rtcp.ReportBlock> blocks = new ArrayList<>();
        Set<Long> live = liveSsrcs;
        for (ReceivedStream s : streams.values()) {
            if (!live.contains(s.ssrc())) {
                continue;
            }
            ReceivedStream.ReceivedPacket last = s.last();
            if (last != null) {
                blocks.add(new Rtcp.ReportBlock(s.ssrc(), last.sequenceNumber(), 0));
            }
        }
        try {
            transport.sendRtcp(Rtcp.receiverReport(ownSsrc, blocks));
            receiverReportsSent.incrementAndGet();
        } catch (IOException | GeneralSecurityException | RuntimeException ignored) {
            // Closing; the next report will tell.
        }
    }

    @Override
    public void onRtp(RtpPacket p, long arrivalNanos) {
        streams.computeIfAbsent(p.ssrc(), ReceivedStream::new).add(new ReceivedStream.ReceivedPacket(
                p.sequenceNumber(), p.timestamp(), p.payloadType(), p.marker(), p.extensions(), p.payload(),
                arrivalNanos));
    }

    @Override
    public void onRtcp(List<Rtcp.Packet> packets, long arrivalNanos) {
        for (Rtcp.Packet p : packets) {
            if (p.packetType() == Rtcp.SR) {
                senderReports.incrementAndGet();
                streams.computeIfAbsent(p.senderSsrc(), ReceivedStream::new).onSenderReport(arrivalNanos);
            } else {
                otherRtcp.incrementAndGet();
            }
        }
    }

    public String counters() {
        StringBuilder sb = new StringBuilder("streams{");
        for (ReceivedStream s : streams.values()) {
            sb.append(s.ssrc()).append(": packets=").append(s.size()).append(" srs=").append(s.senderReports())
                    .append("; ");
        }
        return sb.append("} srs=").append(senderReports).append(" otherRtcp=").append(otherRtcp)
                .append(" plisSent=").append(plisSent).append(" rrSent=").append(receiverReportsSent)
                .append(" offers=").append(offers.size()).append(" maxSections=").append(maxMediaSections).toString();
    }

    @Override
    public void close() {
        transport.close();
    }
}
