package io.patchbay.signaling.room;

import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.ice.IceCandidate;
import io.patchbay.core.room.LeaveReason;
import io.patchbay.core.room.ParticipantId;
import io.patchbay.core.room.ReconnectToken;
import io.patchbay.core.room.RoomId;
import io.patchbay.core.room.TrackId;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.core.room.TrackKind;
import io.patchbay.core.room.TrackSource;
import io.patchbay.core.sdp.CodecTable;
import io.patchbay.core.sdp.Fingerprint;
import io.patchbay.core.sdp.HeaderExtensionIds;
import io.patchbay.core.sdp.LocalTransport;
import io.patchbay.core.sdp.MediaKind;
import io.patchbay.core.sdp.PublisherNegotiation;
import io.patchbay.core.sdp.RtcpFeedback;
import io.patchbay.core.sdp.RtpCodec;
import io.patchbay.core.sdp.SdpNegotiationException;
import io.patchbay.core.sdp.SdpNegotiator;
import io.patchbay.core.sdp.SdpParseException;
import io.patchbay.core.sdp.SessionDescription;
import io.patchbay.core.sdp.SubscribedTrack;
import io.patchbay.core.sdp.SubscriberAnswer;
import io.patchbay.media.forward.CodecMapping;
import io.patchbay.media.forward.ConsumerSpec;
import io.patchbay.media.forward.ExtensionIds;
import io.patchbay.media.forward.LayerSpec;
import io.patchbay.media.forward.ProducerSpec;
import io.patchbay.media.forward.Router;
import io.patchbay.media.transport.WebRtcTransport;
import io.patchbay.signaling.ws.ErrorCode;
import io.patchbay.signaling.ws.PeerConnectionRole;
import io.patchbay.signaling.ws.SignalingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * A room: its participants and its media {@link Router}. Translates signaling (offers, answers, candidates, mute,
 * leave) into router commands and keeps every participant's subscriber connection in step with the published tracks.
 * Event-loop thread only.
 */
public final class Room {
    private static final Logger LOG = Logger.getLogger(Room.class.getName());
    /** Canonical header extension ids of subscriber offers (see CodecTable / SdpNegotiator). */
    private static final ExtensionIds SUBSCRIBER_AUDIO_EXTENSIONS = new ExtensionIds(1, 2, 3, 4);
    private static final ExtensionIds SUBSCRIBER_VIDEO_EXTENSIONS = new ExtensionIds(0, 2, 3, 4, 0, 0,
            io.patchbay.core.sdp.RtpHeaderExtensions.SUBSCRIBER_DEPENDENCY_DESCRIPTOR_ID);

    private final RoomId id;
    private final Router router;
    private final String fingerprint;
    /** STUN/TURN servers for one participant (TURN credentials are minted per participant). */
    private final java.util.function.Function<ParticipantId, List<IceServer>> iceServers;
    private final Map<ParticipantId, Participant> participants = new LinkedHashMap<>();
    /**
     * Who is in the room, what each publishes, who receives what: the decisions ({@link RoomState}); this class
     * carries out their effects (messages, media, subscriber negotiation). {@link #participants} holds each one's
     * signaling state and always has the same ids.
     */
    private final io.patchbay.core.room.RoomState state;
    /** Runs a task on the signaling event loop (results from the media thread hop back through it). */
    private final java.util.concurrent.Executor eventLoop;
    private final RoomSettings settings;
    private final SessionTimeouts timeouts;
    private final java.time.Instant createdAt;
    /** The other nodes holding participants of this room (set by the registry in a cluster). */
    RoomSpan span = RoomSpan.NONE;
    /** Where lifecycle events go (set by the registry). */
    RoomEvents events = RoomEvents.NONE;
    /** Lifecycle counts for metrics (set by the registry). */
    LifecycleCounters counters = new LifecycleCounters();
    /** Tracks one participant may publish at once (set by the registry). */
    int maxTracksPerParticipant = io.patchbay.signaling.limits.SignalingLimits.DEFAULTS.tracksPerParticipant();
    /** update-subscription, subscribe, unsubscribe, layers-wanted. */
    final SubscriptionControl subscriptions = new SubscriptionControl(this);
    private final ActiveSpeakersNotice speakers = new ActiveSpeakersNotice(this);
    /** pin: per subscriber, the participants whose video it receives besides its last N. */
    final Pins pins = new Pins(this);

    Room(RoomId id, RoomSettings settings, java.time.Instant createdAt, Router router, String fingerprintSha256,
         java.util.function.Function<ParticipantId, List<IceServer>> iceServers,
         java.util.concurrent.Executor eventLoop) {
        this(id, settings, SessionTimeouts.DEFAULTS, createdAt, router, fingerprintSha256, iceServers, eventLoop);
    }

    Room(RoomId id, RoomSettings settings, SessionTimeouts timeouts, java.time.Instant createdAt, Router router,
         String fingerprintSha256, java.util.function.Function<ParticipantId, List<IceServer>> iceServers,
         java.util.concurrent.Executor eventLoop) {
        this.id = id;
        this.timeouts = timeouts;
        this.settings = settings;
        this.createdAt = createdAt;
        this.eventLoop = eventLoop;
        this.router = router;
        this.state = new io.patchbay.core.room.RoomState(settings.maxParticipants());
        this.fingerprint = fingerprintSha256;
        this.iceServers = iceServers;
    }

    public RoomId id() {
        return id;
    }

    public int participantCount() {
        return participants.size();
    }

    /** No participant of this node's is in it (those on other nodes do not keep it open here). */
    public boolean isEmpty() {
        return !state.hasLocalMembers();
    }

    public RoomSettings settings() {
        return settings;
    }

    Router router() {
        return router;
    }

    /** A read-only copy of the room for the REST API. */
    public RoomSnapshot snapshot() {
        List<ParticipantSnapshot> list = new ArrayList<>();
        for (Participant p : participants.values()) list.add(p.snapshot());
        return new RoomSnapshot(id.value(), settings, createdAt, list);
    }

    /** The id of the participant that joined with token {@code identity}, or null. */
    String participantWithIdentity(String identity) {
        for (Participant p : participants.values()) {
            if (identity.equals(p.identity)) return p.id.value();
        }
        return null;
    }

    /** Adds a participant and tells everyone; {@code room-full} when {@code maxParticipants} are already in. */
    ParticipantHandle join(String name, MessageSink sink, java.time.Instant now) throws SignalingException {
        return join(name, sink, now, true, true);
    }

    /** As {@link #join(String, MessageSink, java.time.Instant)}, with the grants of the participant's token. */
    ParticipantHandle join(String name, MessageSink sink, java.time.Instant now, boolean canPublish, boolean canSubscribe)
            throws SignalingException {
        return join(name, sink, now, canPublish, canSubscribe, true);
    }

    /** As above; with {@code autoSubscribe} false it receives only the tracks it asks for with {@code subscribe}. */
    ParticipantHandle join(String name, MessageSink sink, java.time.Instant now, boolean canPublish, boolean canSubscribe,
                           boolean autoSubscribe) throws SignalingException {
        Participant p = new Participant(ParticipantId.random(), name, sink, now);
        p.canPublish = canPublish;
        p.canSubscribe = canSubscribe;
        p.autoSubscribe = autoSubscribe;
        List<io.patchbay.core.room.RoomEffect> effects;
        try {
            effects = state.join(p.member());
        } catch (io.patchbay.core.room.RoomRefusal e) {
            throw new SignalingException(ErrorCode.ROOM_FULL,
                    "room " + id + " already has its maximum of " + settings.maxParticipants() + " participants");
        }
        participants.put(p.id, p);
        apply(effects);
        return new ParticipantHandle(this, p);
    }

    /**
     * Resumes a participant's session on a new socket (docs/protocol.md, Session lifecycle): same participant, its
     * connections and tracks intact, nothing sent to the others. A socket that still speaks for it is detached.
     *
     * @throws SignalingException {@code resume-failed} for an unknown token or after the resume window
     */
    ParticipantHandle resume(String token, MessageSink sink, long nowMillis) throws SignalingException {
        Participant p = null;
        for (Participant candidate : participants.values()) {
            if (candidate.reconnectToken.matches(token)) p = candidate;
        }
        if (p == null || (p.socketLostAtMillis != 0
                && nowMillis - p.socketLostAtMillis > timeouts.resumeWindow().toMillis())) {
            counters.countResumeFailed();
            throw new SignalingException(ErrorCode.RESUME_FAILED,
                    "this session cannot be resumed (unknown or expired reconnectToken): join again");
        }
        counters.countResumed();
        MessageSink old = p.sink;
        p.sink = sink;
        if (p.socketLostAtMillis == 0 && old != sink) old.detach("replaced by a resumed session");
        p.socketLostAtMillis = 0;
        p.reconnectToken = ReconnectToken.random();
        List<Participant> others = new ArrayList<>();
        for (Participant o : participants.values()) if (o != p) others.add(o);
        sink.send(Messages.joined(p, id.value(), settings.e2ee(), iceServers.apply(p.id), others, true));
        speakers.tell(p); // it may have missed changes while its socket was lost
        p.iceServersSentAtMillis = nowMillis;
        // The client may never have seen the offer that is waiting for its answer.
        if (p.pendingOffer != null) {
            sink.send(Messages.sdp("offer", PeerConnectionRole.SUBSCRIBER, p.pendingOffer.toSdp()));
        }
        LOG.fine("room " + id + ": " + p.id + " resumed its session");
        return new ParticipantHandle(this, p);
    }

    /** Its WebSocket closed without {@code leave}: it keeps its place for the resume window. */
    void onSocketLost(Participant p, long nowMillis) {
        if (p.left || p.socketLostAtMillis != 0) return;
        p.socketLostAtMillis = nowMillis;
        counters.countSocketLost();
    }

    /**
     * Sends fresh ICE servers to each participant whose last ones are {@code intervalMillis} old, so that its TURN
     * credentials are renewed before they expire (a participant that left gets none: its credentials run out).
     */
    void refreshIceServers(long nowMillis, long intervalMillis) {
        for (Participant p : participants.values()) {
            if (p.isRemote() || p.socketLostAtMillis != 0 || nowMillis - p.iceServersSentAtMillis < intervalMillis) continue;
            p.sink.send(Messages.iceServers(iceServers.apply(p.id)));
            p.iceServersSentAtMillis = nowMillis;
        }
    }

    /**
     * Removes participants that are unreachable (docs/protocol.md, Session lifecycle): socket lost past the resume
     * window, a connection silent too long, or a failed connection not restarted in time. Returns how many.
     */
    int removeUnreachable(long nowMillis) {
        int removed = 0;
        for (Participant p : new ArrayList<>(participants.values())) {
            String why = unreachableReason(p, nowMillis);
            if (why == null) continue;
            LOG.info("room " + id + ": " + p.id + " removed (" + why + ")");
            if (p.socketLostAtMillis == 0) {
                p.sink.send(Messages.error(ErrorCode.TIMEOUT.wire(), "removed from the room: " + why));
                p.sink.close(ErrorCode.TIMEOUT.wire());
            }
            leave(p, LeaveReason.TIMEOUT);
            removed++;
        }
        return removed;
    }

    private String unreachableReason(Participant p, long nowMillis) {
        if (p.socketLostAtMillis != 0 && nowMillis - p.socketLostAtMillis > timeouts.resumeWindow().toMillis()) {
            return "socket lost and not resumed";
        }
        long grace = timeouts.transportFailureGrace().toMillis();
        if (p.publisherFailedAtMillis != 0 && nowMillis - p.publisherFailedAtMillis > grace) return "publisher connection failed";
        if (p.subscriberFailedAtMillis != 0 && nowMillis - p.subscriberFailedAtMillis > grace) return "subscriber connection failed";
        long silence = timeouts.mediaSilence().toMillis();
        if (silentFor(p.publisherTransport, nowMillis) > silence) return "publisher connection silent";
        if (silentFor(p.subscriberTransport, nowMillis) > silence) return "subscriber connection silent";
        return null;
    }

    /** How long a started connection has heard nothing (ms), 0 if not started. */
    private static long silentFor(WebRtcTransport t, long nowMillis) {
        if (t == null) return 0;
        long heard = t.lastHeardMillis();
        return heard == 0 ? 0 : nowMillis - heard;
    }

    // ---- publisher connection ----

    void onPublisherOffer(Participant p, String sdpText) throws SignalingException {
        onPublisherOffer(p, sdpText, Map.of());
    }

    /**
     * A publisher {@code offer}; {@code sources} says what some of its m-sections capture (by mid): the tracks it
     * publishes get that source, the others their kind's default. A track keeps the source it was published with.
     */
    void onPublisherOffer(Participant p, String sdpText, Map<String, TrackSource> sources) throws SignalingException {
        if (!p.canPublish) throw new SignalingException(ErrorCode.FORBIDDEN, "this participant's token does not allow publishing");
        SessionDescription offer = parseSdp(sdpText);
        checkSources(offer, sources);
        if (p.publisherTransport == null) {
            p.publisherTransport = createTransport(p, PeerConnectionRole.PUBLISHER);
            pairTransportsIfBoth(p);
            pins.onPublisherConnection(p);
        }
        WebRtcTransport transport = p.publisherTransport;
        // Every answer on this connection keeps one session id with a growing version (RFC 8866 5.2).
        long version = p.publisherSessionVersion++;
        PublisherNegotiation negotiation = answerPublisher(p, offer, version);
        boolean iceRestart = p.publisherRemoteUfrag != null
                && !p.publisherRemoteUfrag.equals(negotiation.remoteIceUfrag());
        if (iceRestart) {
            // RFC 8839 section 4.4.1.1.1: new remote credentials restart ICE; the answer carries new local ones.
            restartIce(transport);
            p.publisherFailedAtMillis = 0;
            negotiation = answerPublisher(p, offer, version);
        }
        boolean firstOffer = p.publisherRemoteUfrag == null || iceRestart;
        p.publisherRemoteUfrag = negotiation.remoteIceUfrag();
        List<IceCandidate> candidates = new ArrayList<>();
        for (String c : negotiation.remoteCandidates()) addParsed(candidates, c);
        for (String c : p.earlyPublisherCandidates) addParsed(candidates, c);
        p.earlyPublisherCandidates.clear();
        transport.start(negotiation.remoteIceUfrag(), negotiation.remoteIcePwd(),
                negotiation.remoteFingerprint().algorithm(), negotiation.remoteFingerprint().value(), candidates);

        // Tracks: new mids are published, mids no longer sending are unpublished.
        Set<String> sendingMids = new java.util.HashSet<>();
        List<TrackInfo> added = new ArrayList<>();
        for (io.patchbay.core.sdp.PublishedTrack t : negotiation.tracks()) {
            sendingMids.add(t.mid());
            if (p.trackByMid(t.mid()) != null) continue;
            added.add(publish(p, t, sources.get(t.mid())));
        }
        for (PublishedTrack existing : new ArrayList<>(p.published.values())) {
            if (!sendingMids.contains(existing.publisherMid)) unpublish(p, existing);
        }
        p.sink.send(Messages.sdp("answer", PeerConnectionRole.PUBLISHER, negotiation.answer().toSdp()));
        if (firstOffer) {
            String firstMid = negotiation.answer().media().isEmpty() ? "0" : negotiation.answer().media().get(0).mid().orElse("0");
            for (IceCandidate c : transport.localCandidates()) {
                p.sink.send(Messages.candidate(PeerConnectionRole.PUBLISHER, c, firstMid, 0));
            }
        }
        List<io.patchbay.core.room.RoomEffect> effects = new ArrayList<>();
        for (TrackInfo info : added) {
            try {
                effects.addAll(state.publish(p.id, info));
            } catch (io.patchbay.core.room.RoomRefusal e) {
                throw new IllegalStateException("track " + info.id() + " of " + p.id + ": " + e.getMessage(), e);
            }
        }
        apply(effects);
        if (!negotiation.refusedMids().isEmpty()) {
            // Reported after the answer: the accepted tracks are published and flow; only the extra ones are not.
            counters.countTracksRefused(negotiation.refusedMids().size());
            throw new SignalingException(ErrorCode.TOO_MANY_TRACKS, "at most " + maxTracksPerParticipant
                    + " tracks per participant: m-sections " + negotiation.refusedMids() + " were rejected (port 0)");
        }
    }

    private PublisherNegotiation answerPublisher(Participant p, SessionDescription offer, long version)
            throws SignalingException {
        try {
            return SdpNegotiator.answerPublisherOffer(offer, localTransport(p.publisherTransport),
                    p.publisherSessionId, version, maxTracksPerParticipant, p.publishedMids(), settings.codecPolicy());
        } catch (SdpNegotiationException e) {
            throw new SignalingException(e.code(), e.getMessage());
        }
    }

    private void restartIce(WebRtcTransport transport) throws SignalingException {
        try {
            transport.restartIce();
            counters.countIceRestart();
        } catch (IOException | RuntimeException e) {
            LOG.warning("ICE restart failed: " + e);
            throw new SignalingException(ErrorCode.INTERNAL, "the server could not restart ICE");
        }
    }

    /** {@code restart-ice} for the subscriber connection: the next offer carries new ICE credentials. */
    void onRestartSubscriberIce(Participant p) throws SignalingException {
        if (p.subscriberTransport == null || !p.subscriberStarted && p.subscriberRemoteUfrag == null) {
            throw new SignalingException(ErrorCode.BAD_STATE, "the subscriber connection has not been set up yet");
        }
        p.subscriberIceRestartRequested = true;
        negotiateSubscriber(p);
    }

    /** Every mid of {@code sources} must be an audio or video section of the offer that can have that source. */
    private static void checkSources(SessionDescription offer, Map<String, TrackSource> sources) throws SignalingException {
        for (Map.Entry<String, TrackSource> e : sources.entrySet()) {
            MediaKind kind = null;
            for (io.patchbay.core.sdp.MediaSection m : offer.media()) {
                if (m.mid().filter(e.getKey()::equals).isPresent()) kind = m.kind();
            }
            if (kind == null || kind == MediaKind.APPLICATION) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "'sources' names mid " + e.getKey() + ", which is no audio or video section of this offer");
            }
            if (!e.getValue().fits(kind == MediaKind.AUDIO ? TrackKind.AUDIO : TrackKind.VIDEO)) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE, "mid " + e.getKey() + " is " + kind.token()
                        + ": its source cannot be " + e.getValue().wireName());
            }
        }
    }

    /** Publishes one m-section of the offer; {@code source} null: its kind's default. */
    private TrackInfo publish(Participant p, io.patchbay.core.sdp.PublishedTrack t, TrackSource source) {
        TrackKind kind = t.kind() == MediaKind.AUDIO ? TrackKind.AUDIO : TrackKind.VIDEO;
        List<LayerSpec> layers = new ArrayList<>();
        for (io.patchbay.core.sdp.SimulcastLayer l : t.layers()) layers.add(new LayerSpec(l.rid(), l.ssrc(), l.rtxSsrc()));
        TrackInfo info = new TrackInfo(TrackId.random(), kind, false, layers.stream().map(LayerSpec::rid).toList(),
                source == null ? TrackSource.defaultFor(kind) : source);
        // Every codec the answer accepted: the publisher sends the first and may be asked to move to another
        // (publish-codec) when a subscriber decodes only that one.
        RtpCodec preferred = t.codecs().get(0);
        HeaderExtensionIds ext = t.extensionIds();
        List<CodecMapping> codecs = new ArrayList<>();
        List<RtpCodec> subscriberCodecs = new ArrayList<>();
        for (RtpCodec c : t.codecs()) {
            int canonicalPt = CodecTable.canonicalPayloadType(c);
            codecs.add(new CodecMapping(c.payloadType(), canonicalPt, c.name(), c.clockRateHz()));
            subscriberCodecs.add(c.withPayloadType(canonicalPt));
        }
        if (t.redPayloadType() > 0) {
            codecs.add(new CodecMapping(t.redPayloadType(), CodecTable.RED_PT, "red", preferred.clockRateHz()));
        }
        ProducerSpec spec = new ProducerSpec(
                info.id().value(), kind, t.mid(),
                codecs,
                t.rtxPayloadTypes(),
                t.mediaSsrc().orElse(0L),
                t.rtxSsrc().orElse(0L),
                new ExtensionIds(ext.audioLevel(), ext.absSendTime(), ext.transportCc(), ext.mid(), ext.rid(),
                        ext.repairedRid(), ext.dependencyDescriptor()),
                preferred.hasFeedback(RtcpFeedback.NACK_PLI),
                preferred.hasFeedback(RtcpFeedback.NACK),
                t.redPayloadType(),
                layers,
                info.source());
        router.createProducer(p.publisherTransport, spec);
        PublishedTrack published = new PublishedTrack(info, t.mid(), subscriberCodecs, t.redPayloadType() > 0);
        published.spec = spec;
        p.published.put(info.id(), published); // announced to the room (RoomState) once the answer is out
        emit(RoomEvent.TRACK_PUBLISHED, p, info);
        LOG.fine(() -> "room " + id + ": " + p.id + " publishes " + kind.wireName() + " " + preferred.name());
        return info;
    }

    /** A track ends (its m-section stopped sending, or it was announced ended by another node). */
    void unpublish(Participant p, PublishedTrack track) {
        apply(state.unpublish(p.id, track.info.id()));
    }

    /** Effect of a track's end, after its subscribers' sections were ended. */
    private void onUnpublished(Participant p, TrackInfo track) {
        p.published.remove(track.id());
        router.closeProducer(track.id().value());
        broadcast(p, Messages.trackUnpublished(p, track));
        if (!p.isRemote()) {
            emit(RoomEvent.TRACK_UNPUBLISHED, p, track);
            span.unpublished(p.id.value(), track.id().value());
        }
        subscriptions.forget(track.id());
    }

    void onCandidate(Participant p, PeerConnectionRole pc, String candidate) throws SignalingException {
        if (candidate == null || candidate.isEmpty()) return; // end of candidates
        IceCandidate.ParseResult parsed = IceCandidate.parse(candidate);
        if (!parsed.ok()) {
            // mDNS (.local) and TCP candidates are expected from browsers: peer-reflexive candidates cover them.
            if (parsed.error() == IceCandidate.ParseError.MALFORMED) {
                throw new SignalingException(ErrorCode.BAD_CANDIDATE, "candidate could not be parsed");
            }
            if (parsed.error() == IceCandidate.ParseError.NOT_IP_LITERAL) {
                throw new SignalingException(ErrorCode.BAD_CANDIDATE,
                        "a candidate's address must be an IPv4 or IPv6 literal (names are never looked up)");
            }
            return;
        }
        WebRtcTransport t = pc == PeerConnectionRole.PUBLISHER ? p.publisherTransport : p.subscriberTransport;
        if (t == null) {
            if (pc == PeerConnectionRole.PUBLISHER && p.earlyPublisherCandidates.size() < 64) {
                p.earlyPublisherCandidates.add(candidate);
            }
            return;
        }
        if (!t.addRemoteCandidate(parsed.candidate())) {
            counters.countCandidateRefused();
            throw new SignalingException(ErrorCode.TOO_MANY_CANDIDATES, "at most "
                    + WebRtcTransport.MAX_REMOTE_CANDIDATES + " candidates per connection (until an ICE restart)");
        }
    }

    /** Server-side mute of any participant's track: the same path as the publisher's own {@code mute}. */
    RoomCommandResult mute(String participantId, String trackId, boolean muted) {
        Participant p = participants.get(new ParticipantId(participantId));
        if (p == null || p.isRemote()) return RoomCommandResult.UNKNOWN_PARTICIPANT;
        try {
            onMute(p, trackId, muted);
            return RoomCommandResult.DONE;
        } catch (SignalingException e) {
            return RoomCommandResult.UNKNOWN_TRACK;
        }
    }

    /** REST {@code subscriptions} of a participant: the same path as its own {@code unsubscribe} and {@code subscribe}. */
    RoomCommandResult updateSubscriptions(String participantId, List<String> subscribe, List<String> unsubscribe) {
        Participant p = participants.get(new ParticipantId(participantId));
        if (p == null || p.isRemote()) return RoomCommandResult.UNKNOWN_PARTICIPANT;
        try {
            subscriptions.update(p, subscribe, unsubscribe);
            return RoomCommandResult.DONE;
        } catch (SignalingException e) {
            // bad-message here means more ids than the room has tracks: some of them are unknown.
            return e.code().equals(ErrorCode.FORBIDDEN.wire()) ? RoomCommandResult.NOT_ALLOWED : RoomCommandResult.UNKNOWN_TRACK;
        }
    }

    /** REST {@code pins} of a participant: the same path as its own {@code pin}. */
    RoomCommandResult pin(String participantId, List<String> participantIds) {
        Participant p = participants.get(new ParticipantId(participantId));
        if (p == null || p.isRemote()) return RoomCommandResult.UNKNOWN_PARTICIPANT;
        try {
            pins.set(p, participantIds);
            return RoomCommandResult.DONE;
        } catch (SignalingException e) {
            return RoomCommandResult.UNKNOWN_PINNED_PARTICIPANT;
        }
    }

    /**
     * Removes a participant: it gets an {@code error} with {@code code}, leaves (everyone else gets
     * {@code participant-left}) and its socket closes.
     */
    boolean remove(String participantId, ErrorCode code, String message) {
        Participant p = participants.get(new ParticipantId(participantId));
        if (p == null || p.isRemote()) return false; // one on another node is removed there
        p.sink.send(Messages.error(code.wire(), message));
        leave(p, LeaveReason.REMOVED);
        p.sink.close(code.wire());
        return true;
    }

    /**
     * Disconnects everyone at once (each gets an {@code error} with {@code code} and its socket closes), without
     * the per-participant renegotiation a series of leaves would cause. Returns how many were disconnected.
     */
    int disconnectAll(ErrorCode code, String message) {
        List<Participant> all = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (!p.isRemote()) all.add(p);
        }
        participants.clear();
        for (Participant p : all) {
            state.leave(p.id, LeaveReason.ROOM_CLOSED); // the room is being removed: no effects to carry out
            p.left = true;
            p.sink.send(Messages.error(code.wire(), message));
            p.sink.close(code.wire());
            if (p.publisherTransport != null) router.closeTransport(p.publisherTransport);
            if (p.subscriberTransport != null) router.closeTransport(p.subscriberTransport);
            for (PublishedTrack t : p.published.values()) emit(RoomEvent.TRACK_UNPUBLISHED, p, t.info);
            emit(RoomEvent.PARTICIPANT_LEFT, p, null);
            counters.countDeparture(LeaveReason.ROOM_CLOSED);
        }
        return all.size();
    }

    void onMute(Participant p, String trackId, boolean muted) throws SignalingException {
        PublishedTrack track = null;
        for (PublishedTrack t : p.published.values()) {
            if (t.info.id().value().equals(trackId)) track = t;
        }
        if (track == null) throw new SignalingException(ErrorCode.UNKNOWN_TRACK, "you publish no track " + trackId);
        setMuted(p, trackId, muted);
    }

    /**
     * A participant's media statistics as the JSON of the {@code stats} message (without {@code type}), completed
     * on the event loop; null if there is no such participant.
     */
    java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.node.ObjectNode> statsJson(String participantId) {
        Participant p = participants.get(new ParticipantId(participantId));
        if (p == null) return null;
        java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.node.ObjectNode> result =
                new java.util.concurrent.CompletableFuture<>();
        router.participantStats(p.publisherTransport, p.subscriberTransport).thenAccept(snapshot ->
                eventLoop.execute(() -> {
                    com.fasterxml.jackson.databind.node.ObjectNode n = Messages.stats(p, snapshot);
                    n.remove("type");
                    result.complete(n);
                }));
        return result;
    }

    /** Sends the participant its media statistics as a {@code stats} message. */
    void sendStats(Participant p) {
        router.participantStats(p.publisherTransport, p.subscriberTransport).thenAccept(snapshot ->
                eventLoop.execute(() -> {
                    if (!p.left) p.sink.send(Messages.stats(p, snapshot));
                }));
    }

    // ---- subscriber connection ----

    void addSlot(Participant subscriber, Participant publisher, PublishedTrack track) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long ssrc = random.nextLong(1, 0x1_0000_0000L);
        // Video is retransmitted as RTX (RFC 4588) on its own SSRC; audio is not NACKed by browsers.
        long rtxSsrc = 0;
        while (track.info.kind() == TrackKind.VIDEO && (rtxSsrc == 0 || rtxSsrc == ssrc)) {
            rtxSsrc = random.nextLong(1, 0x1_0000_0000L);
        }
        List<SubscriptionSlot> slots = subscriber.slots;
        for (int i = 0; i < slots.size(); i++) {
            SubscriptionSlot old = slots.get(i);
            if (!old.recyclable) continue;
            if (i == 0 && old.kind != track.info.kind()) continue;
            // The first m-section is the BUNDLE tag and was kept as an idle section of its kind: it takes the new
            // track under its own mid. Others were rejected (port 0) and come back with a new mid, any kind.
            String mid = i == 0 ? old.mid : subscriber.nextMid();
            slots.set(i, new SubscriptionSlot(mid, track.info.id(), publisher.id, track.info.kind(),
                    track.subscriberCodecs, ssrc, rtxSsrc, track.red));
            return;
        }
        slots.add(new SubscriptionSlot(subscriber.nextMid(), track.info.id(), publisher.id,
                track.info.kind(), track.subscriberCodecs, ssrc, rtxSsrc, track.red));
    }

    /** Sends a new subscriber offer, or marks that one is needed once the pending offer is answered. */
    void negotiateSubscriber(Participant p) {
        if (p.left) return;
        if (p.pendingOffer != null) {
            p.renegotiationNeeded = true;
            return;
        }
        p.renegotiationNeeded = false;
        if (p.subscriberTransport == null) {
            try {
                p.subscriberTransport = createTransport(p, PeerConnectionRole.SUBSCRIBER);
                pairTransportsIfBoth(p);
                pins.apply(p);
            } catch (SignalingException e) {
                p.sink.send(Messages.error(e.code(), e.getMessage()));
                return;
            }
        }
        if (p.subscriberIceRestartRequested) {
            p.subscriberIceRestartRequested = false;
            try {
                restartIce(p.subscriberTransport);
            } catch (SignalingException e) {
                p.sink.send(Messages.error(e.code(), e.getMessage()));
                return;
            }
            // The answer to this offer carries the client's new credentials and starts the new ICE generation.
            p.subscriberStarted = false;
            p.subscriberRemoteUfrag = null;
            p.subscriberFailedAtMillis = 0;
        }
        List<SubscribedTrack> tracks = new ArrayList<>();
        for (SubscriptionSlot s : p.slots) {
            tracks.add(new SubscribedTrack(s.mid, s.kind == TrackKind.AUDIO ? MediaKind.AUDIO : MediaKind.VIDEO,
                    s.active, s.codecs, s.ssrc, s.publisherId.value(), s.publisherId.value(), s.trackId.value(), s.rtxSsrc,
                    s.red));
        }
        SessionDescription offer = SdpNegotiator.buildSubscriberOffer(localTransport(p.subscriberTransport),
                p.subscriberSessionId, p.subscriberSessionVersion++, tracks);
        p.pendingOffer = offer;
        p.sink.send(Messages.sdp("offer", PeerConnectionRole.SUBSCRIBER, offer.toSdp()));
    }

    void onSubscriberAnswer(Participant p, String sdpText) throws SignalingException {
        if (p.pendingOffer == null) {
            throw new SignalingException(ErrorCode.UNEXPECTED_ANSWER, "no subscriber offer is waiting for an answer");
        }
        SubscriberAnswer result;
        try {
            result = SdpNegotiator.readSubscriberAnswer(p.pendingOffer, parseSdp(sdpText));
            io.patchbay.core.sdp.RemoteTransport r = result.remote().orElse(null);
            if (r != null && p.subscriberRemoteUfrag != null && !p.subscriberRemoteUfrag.equals(r.iceUfrag())) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "an answer may change ICE credentials only after restart-ice");
            }
        } catch (SdpNegotiationException e) {
            rejectSubscriberAnswer(p);
            throw new SignalingException(e.code(), e.getMessage());
        } catch (SignalingException e) {
            rejectSubscriberAnswer(p);
            throw e;
        }
        io.patchbay.core.sdp.RemoteTransport remote = result.remote().orElse(null);
        p.rejectedAnswers = 0;
        for (SubscriptionSlot s : p.slots) {
            // Recyclable only once the client has seen the section ended, not merely when the track ended.
            if (!s.active && p.pendingOffer.media().stream().anyMatch(m -> m.mid().orElse("").equals(s.mid)
                    && (m.port() == 0 || m.direction() == io.patchbay.core.sdp.Direction.INACTIVE))) {
                s.recyclable = true;
            }
        }
        p.pendingOffer = null;
        WebRtcTransport transport = p.subscriberTransport;
        if (!p.subscriberStarted && remote != null) {
            p.subscriberStarted = true;
            p.subscriberRemoteUfrag = remote.iceUfrag();
            transport.start(remote.iceUfrag(), remote.icePwd(), remote.fingerprint().algorithm(),
                    remote.fingerprint().value(), List.of());
            String firstMid = null;
            int index = 0;
            for (int i = 0; i < p.slots.size(); i++) {
                if (p.slots.get(i).active) {
                    firstMid = p.slots.get(i).mid;
                    index = i;
                    break;
                }
            }
            for (IceCandidate c : transport.localCandidates()) {
                p.sink.send(Messages.candidate(PeerConnectionRole.SUBSCRIBER, c, firstMid == null ? "0" : firstMid, index));
            }
        }
        boolean codecChoiceNeeded = false;
        // Ended sections first: a track unsubscribed and subscribed again has an ended and a new section at once.
        for (SubscriptionSlot s : p.slots) {
            if (!s.active && s.consumerCreated) {
                router.closeConsumer(transport, s.trackId.value());
                s.consumerCreated = false;
            }
        }
        for (SubscriptionSlot s : p.slots) {
            if (s.active && s.decodable == null && (result.accepted(s.mid) || result.undecodable(s.mid))) {
                s.decodable = result.decodable(s.mid);
                codecChoiceNeeded = true;
            }
            if (s.active && !s.consumerCreated && result.accepted(s.mid)) {
                s.consumerCreated = true;
                boolean audio = s.kind == TrackKind.AUDIO;
                Map<Integer, Integer> rtxPayloadTypes = new java.util.HashMap<>();
                if (s.rtxSsrc != 0) {
                    for (RtpCodec c : s.codecs) {
                        rtxPayloadTypes.put(c.payloadType(), CodecTable.canonicalRtxPayloadType(c.payloadType()));
                    }
                }
                router.createConsumer(transport, new ConsumerSpec(s.trackId.value(), s.ssrc, s.mid,
                        s.publisherId.value(), audio ? SUBSCRIBER_AUDIO_EXTENSIONS : SUBSCRIBER_VIDEO_EXTENSIONS,
                        s.rtxSsrc, s.rtxSsrc == 0 ? 0 : rtxPayloadTypes.get(s.codecs.get(0).payloadType()),
                        s.red && result.acceptsRed(s.mid), result.decodable(s.mid), rtxPayloadTypes));
                io.patchbay.media.forward.ConsumerPreferences preferences = p.preferences.get(s.trackId);
                if (preferences != null) router.setConsumerPreferences(transport, s.trackId.value(), preferences);
            }
        }
        for (SubscriptionSlot s : p.slots) {
            if (s.active && !s.undecodableReported && result.undecodable(s.mid)) {
                s.undecodableReported = true;
                p.sink.send(Messages.codecNotSupported(s.trackId.value(), s.publisherId.value(), s.kind, s.codecs));
            }
        }
        if (codecChoiceNeeded) chooseCodecs();
        if (p.renegotiationNeeded) negotiateSubscriber(p);
    }

    /**
     * The client applied our offer but we cannot accept its answer: forget the offer and offer again, so the
     * subscriber is never left without a working description; give up after a few in a row (until the next change).
     */
    private void rejectSubscriberAnswer(Participant p) {
        p.pendingOffer = null;
        p.rejectedAnswers++;
        if (p.rejectedAnswers <= 3) {
            eventLoop.execute(() -> negotiateSubscriber(p));
        } else {
            LOG.info("room " + id + ": " + p.id + " sent " + p.rejectedAnswers + " unacceptable answers in a row");
        }
    }

    // ---- leaving ----

    void leave(Participant p, LeaveReason reason) {
        if (p.left) return;
        p.left = true;
        List<io.patchbay.core.room.RoomEffect> effects = state.leave(p.id, reason);
        if (effects.isEmpty()) {
            onLeft(p, reason); // not in the room core (cannot happen): still take it out
        } else {
            apply(effects);
        }
    }

    /** Effect of a departure, after its tracks ended for their subscribers. */
    private void onLeft(Participant p, LeaveReason reason) {
        participants.remove(p.id);
        p.left = true;
        if (p.publisherTransport != null) router.closeTransport(p.publisherTransport);
        if (p.subscriberTransport != null) router.closeTransport(p.subscriberTransport);
        pins.onLeft(p);
        broadcast(p, Messages.participantLeft(p, reason));
        if (p.isRemote()) return; // its own node counts it and tells the backend
        counters.countDeparture(reason);
        emit(RoomEvent.PARTICIPANT_LEFT, p, null);
        span.left(p.id.value(), reason);
        chooseCodecs(); // one who needed another codec may be gone
    }

    /** Set when a codec move is held back ({@link CodecChoice#PREFERENCE_MOVE_HOLD_MILLIS}): the registry's tick retries. */
    private boolean codecChoicePending;

    /** The registry's periodic tick: a codec switch held back may be due. */
    void chooseCodecsIfPending() {
        if (codecChoicePending) chooseCodecs();
    }

    /**
     * Subscribers of {@code t} that decode some of its codecs but not {@code sending} get {@code codec-not-sent}, once
     * per codec sent; remote ones are told by their own node.
     */
    private void tellThoseLeftOut(PublishedTrack t, Participant publisher, RtpCodec sending, List<SlotOf> slots) {
        for (SlotOf slotOf : slots) {
            SubscriptionSlot s = slotOf.slot();
            if (slotOf.subscriber().isRemote() || s.decodable.isEmpty()) continue;
            if (s.decodable.contains(sending.payloadType())) {
                s.notSentReported = -1;
            } else if (s.notSentReported != sending.payloadType()) {
                s.notSentReported = sending.payloadType();
                List<RtpCodec> theirs = t.subscriberCodecs.stream()
                        .filter(c -> s.decodable.contains(c.payloadType())).toList();
                slotOf.subscriber().sink.send(Messages.codecNotSent(t.info.id().value(), publisher.id.value(),
                        t.info.kind(), sending, theirs));
            }
        }
    }

    /** A subscriber's section of a track. */
    private record SlotOf(Participant subscriber, SubscriptionSlot slot) {
    }

    /**
     * For each video track published here in several codecs: the codec its subscribers decode
     * ({@link CodecChoice}); a publisher whose track should move to another codec is asked to ({@code publish-codec}),
     * once per change. Subscribers on other nodes are not counted (their node serves them what the relay brings).
     */
    private void chooseCodecs() {
        codecChoicePending = false;
        Map<io.patchbay.core.room.TrackId, List<SlotOf>> subscribers = new java.util.HashMap<>();
        for (Participant subscriber : participants.values()) {
            if (subscriber.left) continue;
            for (SubscriptionSlot s : subscriber.slots) {
                if (s.active && s.decodable != null && s.kind == TrackKind.VIDEO) {
                    subscribers.computeIfAbsent(s.trackId, k -> new ArrayList<>()).add(new SlotOf(subscriber, s));
                }
            }
        }
        long now = System.currentTimeMillis();
        for (Participant publisher : participants.values()) {
            if (publisher.left || publisher.isRemote()) continue;
            for (PublishedTrack t : publisher.published.values()) {
                if (t.subscriberCodecs.size() < 2 || t.info.kind() != TrackKind.VIDEO) continue;
                List<SlotOf> slots = subscribers.getOrDefault(t.info.id(), List.of());
                CodecChoice.Decision d = CodecChoice.decide(t.subscriberCodecs, t.chosenCodec,
                        slots.stream().map(slot -> slot.slot().decodable).toList(), now, t.codecSwitchedAtMillis);
                if (d.heldBack()) codecChoicePending = true;
                tellThoseLeftOut(t, publisher, d.sending(), slots);
                if (!d.move()) continue;
                t.chosenCodec = d.sending();
                t.codecSwitchedAtMillis = now;
                counters.countCodecSwitch();
                LOG.fine(() -> "room " + id + ": " + publisher.id + " asked to send " + t.info.id() + " in "
                        + d.sending().name());
                publisher.sink.send(Messages.publishCodec(t.info.id().value(), t.info.kind(), d.sending()));
            }
        }
    }

    private void emit(String type, Participant p, io.patchbay.core.room.TrackInfo track) {
        try {
            events.emit(new RoomEvent(type, id.value(), java.time.Instant.now(), p == null ? null : p.snapshot(), track));
        } catch (RuntimeException e) {
            LOG.warning("room event " + type + " failed: " + e);
        }
    }

    /** Closes the router once the room is empty (called by the registry). */
    void close() {
        span.closed();
        router.close();
    }

    /** ICE or DTLS failed on a connection: the client has the failure grace period to restart ICE on it. */
    /** A media connection is up: the first one of a participant ends its join (join-to-media time, for metrics). */
    void onTransportConnected(String transportId, long nowMillis) {
        for (Participant p : participants.values()) {
            boolean owns = (p.publisherTransport != null && p.publisherTransport.id().equals(transportId))
                    || (p.subscriberTransport != null && p.subscriberTransport.id().equals(transportId));
            if (owns && !p.mediaConnected) {
                p.mediaConnected = true;
                counters.recordJoinToMedia(nowMillis - p.joinedAt.toEpochMilli());
            }
        }
    }

    void onTransportFailed(String transportId, String reason, long nowMillis) {
        for (Participant p : participants.values()) {
            PeerConnectionRole pc = null;
            if (p.publisherTransport != null && p.publisherTransport.id().equals(transportId)) {
                pc = PeerConnectionRole.PUBLISHER;
                p.publisherFailedAtMillis = nowMillis;
            } else if (p.subscriberTransport != null && p.subscriberTransport.id().equals(transportId)) {
                pc = PeerConnectionRole.SUBSCRIBER;
                p.subscriberFailedAtMillis = nowMillis;
            }
            if (pc != null) {
                p.sink.send(Messages.error(ErrorCode.TRANSPORT_FAILED.wire(), pc.wire() + ": " + reason
                        + "; restart ICE on it within " + timeouts.transportFailureGrace().toSeconds() + " s"));
            }
        }
    }

    // ---- helpers ----

    private WebRtcTransport createTransport(Participant p, PeerConnectionRole role) throws SignalingException {
        try {
            return router.createTransport(p.id.value() + "/" + role.wire());
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot create a transport: " + e);
            throw new SignalingException(ErrorCode.INTERNAL, "the server could not allocate a media transport");
        }
    }

    /** Both connections reach the same client: RTT measured on one serves the other (e.g. for upstream NACKs). */
    private void pairTransportsIfBoth(Participant p) {
        if (p.publisherTransport != null && p.subscriberTransport != null) {
            router.pairTransports(p.publisherTransport, p.subscriberTransport);
        }
    }

    private LocalTransport localTransport(WebRtcTransport t) {
        return new LocalTransport(t.localUfrag(), t.localPassword(), Fingerprint.of("sha-256", fingerprint));
    }

    private static SessionDescription parseSdp(String text) throws SignalingException {
        try {
            return SessionDescription.parse(text);
        } catch (SdpParseException e) {
            throw new SignalingException(e.code(), e.getMessage());
        }
    }

    private static void addParsed(List<IceCandidate> out, String line) {
        IceCandidate.ParseResult r = IceCandidate.parse(line);
        if (r.ok()) out.add(r.candidate());
    }

    void broadcast(Participant except, com.fasterxml.jackson.databind.node.ObjectNode message) {
        for (Participant other : participants.values()) {
            if (other != except) other.sink.send(message);
        }
    }

    /** The media plane's speaker ranking (audio track ids) changed. */
    void onActiveSpeakers(List<String> audioTrackIds) {
        speakers.onRanking(audioTrackIds);
    }

    List<Participant> participants() {
        return new ArrayList<>(participants.values());
    }

    Participant participant(ParticipantId id) {
        return participants.get(id);
    }

    /** The node a participant of this room is connected to when it is another one, else null. */
    String remoteNodeOf(String participantId) {
        if (!ParticipantId.isValid(participantId)) return null;
        Participant p = participants.get(new ParticipantId(participantId));
        return p == null ? null : p.remoteNode;
    }

    /** A participant on another node becomes visible here ({@link RemoteMembers}); false if the id is taken. */
    boolean addRemote(Participant p) {
        List<io.patchbay.core.room.RoomEffect> effects;
        try {
            effects = state.join(p.member());
        } catch (io.patchbay.core.room.RoomRefusal e) {
            return false;
        }
        participants.put(p.id, p);
        apply(effects);
        return true;
    }

    /** A track of a participant here or on another node: subscribers get it ({@link RoomState#publish}). */
    boolean addTrack(Participant p, PublishedTrack track) {
        if (p.published.containsKey(track.info.id())) return false;
        p.published.put(track.info.id(), track);
        try {
            apply(state.publish(p.id, track.info));
            return true;
        } catch (io.patchbay.core.room.RoomRefusal e) {
            p.published.remove(track.info.id());
            LOG.fine("room " + id + ": track " + track.info.id() + " of " + p.id + " refused: " + e.getMessage());
            return false;
        }
    }

    /** A publisher's track is muted or unmuted; {@code unknown-track} if it publishes no such track. */
    void setMuted(Participant p, String trackId, boolean muted) throws SignalingException {
        if (!TrackId.isValid(trackId)) throw new SignalingException(ErrorCode.UNKNOWN_TRACK, "you publish no track " + trackId);
        try {
            apply(state.mute(p.id, new TrackId(trackId), muted));
        } catch (io.patchbay.core.room.RoomRefusal e) {
            throw new SignalingException(ErrorCode.UNKNOWN_TRACK, "you publish no track " + trackId);
        }
    }

    /** {@code unsubscribe} then {@code subscribe} for a participant here (its request or the REST API's). */
    void updateSubscriptions(Participant p, List<String> subscribe, List<String> unsubscribe) throws SignalingException {
        try {
            apply(state.updateSubscriptions(p.id, subscribe, unsubscribe));
        } catch (io.patchbay.core.room.RoomRefusal e) {
            ErrorCode code = switch (e.reason()) {
                case FORBIDDEN -> ErrorCode.FORBIDDEN;
                case TOO_MANY_IDS -> ErrorCode.BAD_MESSAGE;
                default -> ErrorCode.UNKNOWN_TRACK;
            };
            throw new SignalingException(code, e.getMessage());
        }
    }

    // ---- effects of the room core ----

    /** Carries out the room core's effects in order, then renegotiates each subscriber whose tracks changed once. */
    private void apply(List<io.patchbay.core.room.RoomEffect> effects) {
        java.util.Set<Participant> renegotiate = new java.util.LinkedHashSet<>();
        for (io.patchbay.core.room.RoomEffect e : effects) {
            if (e instanceof io.patchbay.core.room.RoomEffect.Joined j) {
                onJoined(participants.get(j.member().id()), j.others());
            } else if (e instanceof io.patchbay.core.room.RoomEffect.Subscribed sub) {
                Participant subscriber = participants.get(sub.subscriber().id());
                Participant publisher = participants.get(sub.publisher().id());
                addSlot(subscriber, publisher, publisher.published.get(sub.track().id()));
                renegotiate.add(subscriber);
            } else if (e instanceof io.patchbay.core.room.RoomEffect.Unsubscribed u) {
                Participant subscriber = participants.get(u.subscriber().id());
                for (SubscriptionSlot slot : subscriber.slots) {
                    if (slot.active && slot.trackId.equals(u.track().id())) slot.active = false;
                }
                renegotiate.add(subscriber);
            } else if (e instanceof io.patchbay.core.room.RoomEffect.Published pub) {
                Participant p = participants.get(pub.publisher().id());
                TrackInfo info = pub.track();
                broadcast(p, Messages.trackPublished(p, info));
                if (!p.isRemote()) {
                    // The publisher learns its own server track ids (for mute) together with everyone else.
                    p.sink.send(Messages.trackPublished(p, info));
                    PublishedTrack t = p.published.get(info.id());
                    span.published(p.id.value(), new RelayableTrack(info, t.spec, t.subscriberCodecs, t.red));
                }
            } else if (e instanceof io.patchbay.core.room.RoomEffect.Unpublished un) {
                onUnpublished(participants.get(un.publisher().id()), un.track());
            } else if (e instanceof io.patchbay.core.room.RoomEffect.Muted m) {
                Participant p = participants.get(m.publisher().id());
                PublishedTrack t = p.published.get(m.track().id());
                t.info = m.track();
                router.setProducerPaused(t.info.id().value(), t.info.muted());
                sendAll(Messages.trackMuted(p, t.info));
                if (!p.isRemote()) span.muted(p.id.value(), t.info.id().value(), t.info.muted());
            } else if (e instanceof io.patchbay.core.room.RoomEffect.Left l) {
                onLeft(participants.get(l.member().id()), l.reason());
            }
        }
        for (Participant p : renegotiate) {
            if (!p.left) negotiateSubscriber(p);
        }
    }

    private void onJoined(Participant p, List<io.patchbay.core.room.Member> othersBefore) {
        if (p.isRemote()) {
            broadcast(p, Messages.participantJoined(p));
            return;
        }
        List<Participant> others = new ArrayList<>(othersBefore.size());
        for (io.patchbay.core.room.Member m : othersBefore) others.add(participants.get(m.id()));
        p.sink.send(Messages.joined(p, id.value(), settings.e2ee(), iceServers.apply(p.id), others, false));
        speakers.tell(p);
        p.iceServersSentAtMillis = p.joinedAt.toEpochMilli();
        broadcast(p, Messages.participantJoined(p));
        emit(RoomEvent.PARTICIPANT_JOINED, p, null);
        span.joined(p.snapshot());
    }

    /** The participant with this id, or null. */
    Participant participant(String participantId) {
        return participants.get(new ParticipantId(participantId));
    }

    /** The server is draining: every participant is told to move ({@code draining}). */
    void notifyDraining() {
        sendAll(Messages.draining());
    }

    void sendAll(com.fasterxml.jackson.databind.node.ObjectNode message) {
        for (Participant p : participants.values()) p.sink.send(message);
    }
}
