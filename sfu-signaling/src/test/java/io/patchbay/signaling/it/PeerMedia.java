package io.patchbay.signaling.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.LocalSdp;
import io.patchbay.load.peer.MediaKind;
import io.patchbay.load.peer.MediaPattern;
import io.patchbay.load.peer.ReceivedStream;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.StreamCheck;
import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.room.SessionTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the session-lifecycle tests read from {@link TestPeer}s: media received from whom, errors, figures. */
final class PeerMedia {
    static final Duration CONNECT = Duration.ofSeconds(10);
    static final Duration TICK = Duration.ofMillis(10);

    private PeerMedia() {
    }

    /** The server in this JVM on 127.0.0.1, ephemeral HTTP and media ports; the peers' crypto warmed up once. */
    static PatchbayServer startServer() throws Exception {
        return startServer(SignalingLimits.DEFAULTS);
    }

    /** As {@link #startServer()} with other limits on what clients may hold. */
    static PatchbayServer startServer(SignalingLimits limits) throws Exception {
        return startServer(SessionTimeouts.DEFAULTS, limits);
    }

    /** As {@link #startServer(SignalingLimits)} with other session timeouts (a test of a timeout shortens it). */
    static PatchbayServer startServer(SessionTimeouts timeouts, SignalingLimits limits) throws Exception {
        TestPeer.warmUp(List.of(SrtpProfile.AEAD_AES_128_GCM));
        return PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")), timeouts, limits);
    }

    /** Connects a peer named {@code name} (AES-GCM), joins {@code room}; it is added to {@code peers} for closing. */
    static TestPeer joined(PatchbayServer server, String room, String name, List<TestPeer> peers) throws Exception {
        TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        p.join(room);
        return p;
    }

    /** As {@link #joined}, then publishes audio+video and starts sending. */
    static TestPeer publishing(PatchbayServer server, String room, String name, List<TestPeer> peers) throws Exception {
        TestPeer p = joined(server, room, name, peers);
        p.publish(CONNECT).sender().start(TICK);
        return p;
    }

    /** Waits until {@code subscriber} gets decrypted video from {@code publisher}; returns that track. */
    static SubscriberConnection.RemoteTrack awaitVideo(TestPeer subscriber, TestPeer publisher) throws Exception {
        SubscriberConnection.RemoteTrack video = subscriber.subscriber().awaitTrack(publisher.participantId(), "video",
                CONNECT);
        subscriber.subscriber().transport().awaitConnected(CONNECT);
        Await.until(CONNECT, () -> packetsFrom(subscriber, video.mediaSsrc(), publisher) > 0,
                () -> subscriber.name() + " gets no video from " + publisher.name() + ": "
                        + subscriber.subscriber().transport().diagnostics() + " errors " + errors(subscriber));
        return video;
    }

    /** Decrypted RTP packets on {@code ssrc} whose payload says {@code publisher} sent them. */
    static int packetsFrom(TestPeer subscriber, long ssrc, TestPeer publisher) {
        ReceivedStream s = subscriber.subscriber().stream(ssrc);
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (ReceivedStream.ReceivedPacket p : s.packets()) {
            MediaPattern m = MediaPattern.read(p.payload());
            if (m != null && m.publisherTag() == publisher.publisherTag()) {
                n++;
            }
        }
        return n;
    }

    /** Arrival time of the first packet on {@code ssrc} that was sent at or after {@code sentAfterNanos}, or -1. */
    static long firstArrivalSentAfter(TestPeer subscriber, long ssrc, long sentAfterNanos) {
        ReceivedStream s = subscriber.subscriber().stream(ssrc);
        if (s == null) {
            return -1;
        }
        for (ReceivedStream.ReceivedPacket p : s.packets()) {
            MediaPattern m = MediaPattern.read(p.payload());
            if (m != null && m.sendNanos() >= sentAfterNanos) {
                return p.arrivalNanos();
            }
        }
        return -1;
    }

    /** Compares what arrived on a track's SSRC with what {@code publisher} sent (payload, mid, seq/ts deltas). */
    static StreamCheck.Report check(TestPeer subscriber, SubscriberConnection.RemoteTrack track, TestPeer publisher,
                                    MediaKind kind) {
        ReceivedStream s = subscriber.subscriber().stream(track.mediaSsrc());
        List<ReceivedStream.ReceivedPacket> packets = s == null ? List.of() : s.packets();
        return StreamCheck.check(packets, publisher.publisher().sender().log(), new StreamCheck.Expectation(kind,
                publisher.publisherTag(), kind == MediaKind.AUDIO ? LocalSdp.PT_OPUS : LocalSdp.PT_VP8,
                LocalSdp.EXT_MID, track.mid(), -1, -1, -1));
    }

    static List<JsonNode> messages(TestPeer peer, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : peer.signaling().history()) {
            if (type.equals(m.path("type").asText())) {
                out.add(m);
            }
        }
        return out;
    }

    static List<JsonNode> errors(TestPeer peer) {
        return messages(peer, "error");
    }

    static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** "p50=.. p90=.. max=.. ms" of a list of durations in nanoseconds. */
    static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return String.format("p50=%.1f p90=%.1f max=%.1f ms (n=%d)",
                millis(sorted.get(sorted.size() / 2)), millis(sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10))),
                millis(sorted.get(sorted.size() - 1)), sorted.size());
    }

    /** The first 400 characters of a diagnostic (some embed whole SDPs). */
    static String brief(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }

    static long nanosSince(long start) {
        return System.nanoTime() - start;
    }

    static long toMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
