package io.patchbay.load.peer;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class SubscriberConnection implements PeerTransport.Listener, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeerTransport transport;
    private final long ownSsrc = (RANDOM.nextInt() & 0xFFFFFFFFL) | 1;
    private final List<RemoteSdp> offers = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final Map<Long, ReceivedStream> streams = new ConcurrentHashMap<>();
    private volatile boolean started;
    /** Codecs this subscriber leaves out of its answers (lower-case encoding names), e.g. "red". */
    public volatile java.util.Set<String> refusedCodecs = java.util.Set.of();

    public final AtomicLong plisSent = new AtomicLong();
    public final AtomicLong receiverReportsSent = new AtomicLong();
    public final AtomicLong senderReports = new AtomicLong();
    public final AtomicLong otherRtcp = new AtomicLong();

    SubscriberConnection(String name, PeerCertificate certificate, List<SrtpProfile> profiles) throws IOException {
        this.transport = new PeerTransport(name + "-sub", certificate, profiles, this);
    }

    /** Records the offer, builds our answer, and starts the transport the first time there is media. */
    synchronized String onOffer(RemoteSdp offer) {
        offers.add(offer);
        String answer = LocalSdp.subscriberAnswer(transport.identity(), offer, refusedCodecs);
        answers.add(answer);
        synchronized (offers) {
            offers.notifyAll();
        }
        return answer;
    }

    /** Whether this offer should start ICE+DTLS (the first with an active m-section); marks it started. */
    synchronized boolean startIfNeeded(RemoteSdp offer) {
        if (started || offer.activeSections().isEmpty()) {
            return false;
        }
        if (!"actpass".equals(offer.setup()) && !"passive".equals(offer.setup())) {
            throw new IllegalStateException("subscriber offer has a=setup:" + offer.setup()
                    + "; the test peer only acts as DTLS client");
        }
        started = true;
        transport.start(offer.iceUfrag(), offer.icePwd(), offer.fingerprint());
        transport.timers().scheduleAtFixedRate(this::sendReceiverReport, 1, 1, TimeUnit.SECONDS);
        return true;
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
        for (ReceivedStream s : streams.values()) {
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
                .append(" offers=").append(offers.size()).toString();
    }

    @Override
    public void close() {
        transport.close();
    }
}
