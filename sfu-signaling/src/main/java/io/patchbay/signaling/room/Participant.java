package io.patchbay.signaling.room;

import io.patchbay.core.room.ParticipantId;
import io.patchbay.core.room.ReconnectToken;
import io.patchbay.core.room.TrackId;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.sdp.SessionDescription;
import io.patchbay.media.transport.WebRtcTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A participant's signaling state: its two peer connections' transports, the tracks it publishes, and the
 * m-sections of its subscriber connection with the offer/answer state machine. Event-loop thread only.
 */
final class Participant {
    final ParticipantId id;
    /** The node it is connected to when that is another node (a room across nodes), else null. */
    String remoteNode;
    /** The token's {@code sub}, when access control is on: one live participant per identity and room. */
    String identity;
    final String name;
    /** Its current WebSocket; replaced when the session is resumed on a new one. */
    MessageSink sink;
    /** Resumes this session on a new WebSocket; a new one is issued with every {@code joined}. */
    ReconnectToken reconnectToken = ReconnectToken.random();
    /** Epoch ms when its WebSocket was lost (closed without {@code leave}), or 0 while it has one. */
    long socketLostAtMillis;
    /** When the client last got ICE servers (in {@code joined} or {@code ice-servers}): TURN credentials expire. */
    long iceServersSentAtMillis;
    /** Epoch ms when ICE or DTLS failed on the publisher / subscriber connection, or 0 (cleared by an ICE restart). */
    long publisherFailedAtMillis;
    long subscriberFailedAtMillis;
    /** The client asked for an ICE restart of the subscriber connection: the next offer carries new credentials. */
    boolean subscriberIceRestartRequested;
    /** Subscriber answers the server could not accept, in a row (it stops re-offering after a few). */
    int rejectedAnswers;
    /** Source of subscriber mids: never reused, even when an m-section is recycled (RFC 8829 section 5.2.2). */
    private int midCounter;
    final java.time.Instant joinedAt;
    final Map<TrackId, PublishedTrack> published = new LinkedHashMap<>();
    final List<SubscriptionSlot> slots = new ArrayList<>();

    WebRtcTransport publisherTransport;
    String publisherRemoteUfrag;
    WebRtcTransport subscriberTransport;
    boolean subscriberStarted;
    String subscriberRemoteUfrag;
    /** Publisher candidates that arrived before the first offer (trickle may race the offer). */
    final List<String> earlyPublisherCandidates = new ArrayList<>();

    /** The subscriber offer waiting for an answer, or null. */
    SessionDescription pendingOffer;
    /** The track set changed while an offer was pending: send another after the answer. */
    boolean renegotiationNeeded;
    final long publisherSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    long publisherSessionVersion = 1;
    final long subscriberSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    long subscriberSessionVersion = 1;
    boolean left;
    /** A media connection of this participant has connected (its join time was recorded). */
    boolean mediaConnected;
    /** Grants from the join token (both true when access control is off). */
    boolean canPublish = true;
    boolean canSubscribe = true;
    /** {@code join.autoSubscribe}: receive every track of the room; false: only those asked for with {@code subscribe}. */
    boolean autoSubscribe = true;
    /** {@code pin}: participants whose video it receives besides its last N (docs/protocol.md). */
    List<ParticipantId> pinned = List.of();
    /** {@code update-subscription} per received track, kept until the track ends (re-applied to new consumers). */
    final Map<TrackId, io.patchbay.media.forward.ConsumerPreferences> preferences = new java.util.HashMap<>();

    Participant(ParticipantId id, String name, MessageSink sink, java.time.Instant joinedAt) {
        this.id = id;
        this.joinedAt = joinedAt;
        this.name = name;
        this.sink = sink;
    }

    /** Connected to another node: this node only shows it and its tracks (relayed) to its own participants. */
    boolean isRemote() {
        return remoteNode != null;
    }

    /** As the room core sees it. */
    io.patchbay.core.room.Member member() {
        return new io.patchbay.core.room.Member(id, name, joinedAt,
                new io.patchbay.core.room.Grants(canPublish, canSubscribe, autoSubscribe), remoteNode);
    }

    List<TrackInfo> trackInfos() {
        List<TrackInfo> out = new ArrayList<>();
        for (PublishedTrack t : published.values()) out.add(t.info);
        return out;
    }

    ParticipantSnapshot snapshot() {
        return new ParticipantSnapshot(id.value(), name, joinedAt, trackInfos());
    }

    PublishedTrack trackByMid(String mid) {
        for (PublishedTrack t : published.values()) {
            if (t.publisherMid.equals(mid)) return t;
        }
        return null;
    }

    /** The publisher-connection mids of the tracks it publishes. */
    java.util.Set<String> publishedMids() {
        java.util.Set<String> mids = new java.util.HashSet<>();
        for (PublishedTrack t : published.values()) mids.add(t.publisherMid);
        return mids;
    }

    String nextMid() {
        return Integer.toString(midCounter++);
    }
}
