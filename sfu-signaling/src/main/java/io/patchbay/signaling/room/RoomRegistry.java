package io.patchbay.signaling.room;

import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.config.PatchbayConfig.TurnServer;
import io.patchbay.core.ice.TurnCredentials;
import io.patchbay.core.room.ParticipantId;
import io.patchbay.core.room.RoomId;
import io.patchbay.media.MediaEngine;
import io.patchbay.media.forward.RouterListener;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.ws.ErrorCode;
import io.patchbay.signaling.ws.SignalingException;
import io.vertx.core.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * All rooms of this node. A room is opened by the first join (and closed when the last participant leaves) or by
 * {@link #create} (and kept while empty until {@link #close} or its empty timeout).
 * Event-loop thread only: every signaling session and REST handler runs on the one context this registry was
 * created on.
 */
public final class RoomRegistry {
    private static final Logger LOG = Logger.getLogger(RoomRegistry.class.getName());

    private final MediaEngine media;
    private final List<IceServer> iceServers;
    private final Context context;
    private final Clock clock;
    private final TurnServer turn;
    private final Map<RoomId, Room> rooms = new LinkedHashMap<>();
    /** Vert.x timer ids of kept rooms that are empty and have an empty timeout. */
    private final Map<RoomId, Long> emptyTimers = new HashMap<>();
    private volatile int participantCount;
    private volatile int roomCount;
    private RoomEvents events = RoomEvents.NONE;
    /** In a cluster: each room's part in its room across nodes. */
    private RoomSpan.Factory spans = members -> RoomSpan.NONE;
    private final SessionTimeouts timeouts;
    private final SignalingLimits limits;
    private final LifecycleCounters counters = new LifecycleCounters();
    /** Draining: no new joins; everyone was told to move (docs/operations.md, Drain). */
    private boolean draining;

    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, Context context) {
        this(media, iceServers, null, context, Clock.systemUTC());
    }

    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, TurnServer turn, Context context) {
        this(media, iceServers, turn, context, Clock.systemUTC());
    }

    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, Context context, Clock clock) {
        this(media, iceServers, null, context, clock);
    }

    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, TurnServer turn, Context context, Clock clock) {
        this(media, iceServers, turn, context, clock, SessionTimeouts.DEFAULTS);
    }

    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, TurnServer turn, Context context, Clock clock,
                        SessionTimeouts timeouts) {
        this(media, iceServers, turn, context, clock, timeouts, SignalingLimits.DEFAULTS);
    }

    /** With {@code limits} on participants (this server) and tracks (per participant). */
    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, TurnServer turn, Context context, Clock clock,
                        SessionTimeouts timeouts, SignalingLimits limits) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.turn = turn;
        this.media = media;
        this.iceServers = List.copyOf(iceServers);
        this.context = context;
        this.clock = clock;
        // Cancelled when Vert.x closes.
        context.owner().setPeriodic(1000, id -> context.runOnContext(v -> removeUnreachable()));
    }

    public SessionTimeouts timeouts() {
        return timeouts;
    }

    public LifecycleCounters counters() {
        return counters;
    }

    /** Once a second: participants whose socket or media is gone past its timeout leave with reason timeout. */
    private void removeUnreachable() {
        long now = clock.millis();
        // TURN credentials are renewed at half their lifetime; a kicked participant's run out within one lifetime.
        if (turn != null) {
            for (Room room : rooms.values()) room.refreshIceServers(now, turn.ttlSeconds() * 500L);
        }
        for (Room room : new ArrayList<>(rooms.values())) {
            room.chooseCodecsIfPending();
            int removed = room.removeUnreachable(now);
            if (removed > 0) {
                participantCount -= removed;
                onMaybeEmpty(room);
            }
        }
    }

    /** In a cluster, how each room opened here meets its other nodes; set before the server accepts connections. */
    public void setSpans(RoomSpan.Factory spans) {
        this.spans = spans;
    }

    /** Where room lifecycle events go (webhooks); set before the server accepts connections. */
    public void setEvents(RoomEvents events) {
        this.events = events == null ? RoomEvents.NONE : events;
    }

    private void emit(String type, Room room) {
        try {
            events.emit(new RoomEvent(type, room.id().value(), clock.instant(), null, null));
        } catch (RuntimeException e) {
            LOG.warning("room event " + type + " failed: " + e);
        }
    }

    /**
     * Joins {@code roomId}, opening it with default settings if needed; {@code room-full} over its limit,
     * {@code server-full} over the server's.
     */
    public ParticipantHandle join(RoomId roomId, String name, MessageSink sink) throws SignalingException {
        return join(roomId, name, sink, true, true);
    }

    /** As {@link #join(RoomId, String, MessageSink)}, with the grants of the participant's token. */
    public ParticipantHandle join(RoomId roomId, String name, MessageSink sink, boolean canPublish, boolean canSubscribe)
            throws SignalingException {
        return join(roomId, name, sink, canPublish, canSubscribe, null);
    }

    /**
     * As above, for a token {@code identity} ({@code sub}; null without access control): one live participant per
     * identity and room, so a second join with the same identity replaces the first (it gets
     * {@code duplicate-identity} and the others see it leave), as a user who reopens a tab expects.
     */
    public ParticipantHandle join(RoomId roomId, String name, MessageSink sink, boolean canPublish, boolean canSubscribe,
                                  String identity) throws SignalingException {
        return join(roomId, name, sink, canPublish, canSubscribe, identity, true);
    }

    /** As above; with {@code autoSubscribe} false the participant receives only the tracks it subscribes to. */
    public ParticipantHandle join(RoomId roomId, String name, MessageSink sink, boolean canPublish, boolean canSubscribe,
                                  String identity, boolean autoSubscribe) throws SignalingException {
        return join(roomId, name, sink, canPublish, canSubscribe, identity, autoSubscribe, RoomSettings.implicit());
    }

    /** As above; a room not open here yet opens with {@code settingsIfNew} (another node's part of it, in a cluster). */
    public ParticipantHandle join(RoomId roomId, String name, MessageSink sink, boolean canPublish, boolean canSubscribe,
                                  String identity, boolean autoSubscribe, RoomSettings settingsIfNew)
            throws SignalingException {
        if (draining) {
            throw drainingRefusal();
        }
        Room room = rooms.get(roomId);
        if (participantCount >= limits.participants()
                && (identity == null || room == null || room.participantWithIdentity(identity) == null)) {
            throw new SignalingException(ErrorCode.SERVER_FULL, "this server already holds its maximum of "
                    + limits.participants() + " participants (limits.participants): try again later");
        }
        if (room == null) room = open(roomId, settingsIfNew);
        if (identity != null) {
            String previous = room.participantWithIdentity(identity);
            if (previous != null && room.remove(previous, ErrorCode.DUPLICATE_IDENTITY,
                    "the same identity joined room " + roomId + " from another connection")) {
                participantCount--;
            }
        }
        ParticipantHandle handle = room.join(name, sink, clock.instant(), canPublish, canSubscribe, autoSubscribe);
        if (identity != null) handle.setIdentity(identity);
        participantCount++;
        cancelEmptyTimer(roomId);
        return handle;
    }

    /** What a join gets from a draining server. */
    public static SignalingException drainingRefusal() {
        return new SignalingException(ErrorCode.SERVER_DRAINING, "this server is draining (shutting down or being "
                + "replaced): join again, and the load balancer takes you to another one");
    }

    /** The configured servers, plus TURN credentials of this participant's own when a TURN secret is configured. */
    private List<IceServer> iceServersFor(ParticipantId participant) {
        if (turn == null) return iceServers;
        List<IceServer> out = new ArrayList<>(iceServers);
        out.add(TurnCredentials.mint(turn, participant.value(), clock.instant()));
        return out;
    }

    /**
     * Resumes a session on a new socket with its reconnect token ({@code resume-failed} if the room or token is
     * unknown or the resume window passed).
     */
    public ParticipantHandle resume(RoomId roomId, String reconnectToken, MessageSink sink) throws SignalingException {
        Room room = rooms.get(roomId);
        if (room == null) {
            counters.countResumeFailed();
            throw new SignalingException(ErrorCode.RESUME_FAILED, "this session cannot be resumed (its room is gone): join again");
        }
        ParticipantHandle handle = room.resume(reconnectToken, sink, clock.millis());
        if (draining) sink.send(Messages.draining());
        return handle;
    }

    /**
     * Stops taking joins ({@code server-draining}) and tells every participant to move ({@code draining}); a session
     * that resumes during the drain is told again. Once only.
     */
    public void startDraining() {
        if (draining) return;
        draining = true;
        for (Room room : rooms.values()) room.notifyDraining();
    }

    public boolean draining() {
        return draining;
    }

    /** The participant's socket closed without a leave: it may resume within the resume window. */
    public void socketLost(ParticipantHandle handle) {
        if (handle.hasLeft()) return;
        handle.room().onSocketLost(handle.participant(), clock.millis());
    }

    public void leave(ParticipantHandle handle) {
        if (handle.hasLeft()) return;
        Room room = handle.room();
        room.leave(handle.participant(), io.patchbay.core.room.LeaveReason.LEFT);
        participantCount--;
        onMaybeEmpty(room);
    }

    /** Creates a kept room; empty if a room of that name already exists. */
    public Optional<RoomSnapshot> create(RoomId roomId, RoomSettings settings) {
        if (rooms.containsKey(roomId)) return Optional.empty();
        Room room = open(roomId, settings);
        onMaybeEmpty(room);
        return Optional.of(room.snapshot());
    }

    /** Live media statistics of a participant (completes on the event loop), or empty if unknown. */
    public Optional<java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.node.ObjectNode>> participantStats(
            RoomId roomId, String participantId) {
        Room room = rooms.get(roomId);
        return room == null ? Optional.empty() : Optional.ofNullable(room.statsJson(participantId));
    }

    public Optional<RoomSnapshot> snapshot(RoomId roomId) {
        return Optional.ofNullable(rooms.get(roomId)).map(Room::snapshot);
    }

    /** Every room, in the order they were opened. */
    public List<RoomSnapshot> snapshots() {
        List<RoomSnapshot> out = new ArrayList<>();
        for (Room room : rooms.values()) out.add(room.snapshot());
        return out;
    }

    /** Disconnects everyone (error {@code room-closed}) and removes the room; false if there is no such room. */
    public boolean close(RoomId roomId) {
        Room room = rooms.get(roomId);
        if (room == null) return false;
        room.span.deleted();
        participantCount -= room.disconnectAll(ErrorCode.ROOM_CLOSED, "room " + roomId + " was closed");
        remove(room, "deleted");
        return true;
    }

    /** Removes a participant (error {@code removed}, socket closed). */
    public RoomCommandResult kick(RoomId roomId, String participantId) {
        Room room = rooms.get(roomId);
        if (room == null) return RoomCommandResult.UNKNOWN_ROOM;
        String node = room.remoteNodeOf(participantId);
        if (node != null) return forward(room, node, new RemoteCommand.Kick(participantId));
        if (!room.remove(participantId, ErrorCode.REMOVED, "you were removed from room " + roomId)) {
            return RoomCommandResult.UNKNOWN_PARTICIPANT;
        }
        participantCount--;
        onMaybeEmpty(room);
        return RoomCommandResult.DONE;
    }

    /** Server-side mute: forwarding of the track stops (or resumes) and everyone gets {@code track-muted}. */
    public RoomCommandResult mute(RoomId roomId, String participantId, String trackId, boolean muted) {
        Room room = rooms.get(roomId);
        if (room == null) return RoomCommandResult.UNKNOWN_ROOM;
        String node = room.remoteNodeOf(participantId);
        if (node != null) return forward(room, node, new RemoteCommand.Mute(participantId, trackId, muted));
        return room.mute(participantId, trackId, muted);
    }

    /** A backend's subscribe / unsubscribe for a participant (REST), as if it had sent them itself. */
    public RoomCommandResult updateSubscriptions(RoomId roomId, String participantId, List<String> subscribe,
                                                 List<String> unsubscribe) {
        Room room = rooms.get(roomId);
        if (room == null) return RoomCommandResult.UNKNOWN_ROOM;
        String node = room.remoteNodeOf(participantId);
        if (node != null) {
            return forward(room, node, new RemoteCommand.Subscriptions(participantId, subscribe, unsubscribe));
        }
        return room.updateSubscriptions(participantId, subscribe, unsubscribe);
    }

    /** A backend's {@code pin} for a participant (REST), as if it had sent it itself. */
    public RoomCommandResult pin(RoomId roomId, String participantId, List<String> participantIds) {
        Room room = rooms.get(roomId);
        if (room == null) return RoomCommandResult.UNKNOWN_ROOM;
        String node = room.remoteNodeOf(participantId);
        if (node != null) return forward(room, node, new RemoteCommand.Pin(participantId, participantIds));
        return room.pin(participantId, participantIds);
    }

    /**
     * A command about a participant on another node of the room goes to that node (it answers for its own: an
     * unknown track there is not reported back here).
     */
    private static RoomCommandResult forward(Room room, String node, RemoteCommand command) {
        return room.span.forward(node, command) ? RoomCommandResult.DONE : RoomCommandResult.UNKNOWN_PARTICIPANT;
    }

    /** Another node of the room forwarded a command about one of this node's participants. */
    private void applyHere(RoomId roomId, RemoteCommand command) {
        RoomCommandResult result;
        if (command instanceof RemoteCommand.Kick k) {
            result = kick(roomId, k.participantId());
        } else if (command instanceof RemoteCommand.Mute m) {
            result = mute(roomId, m.participantId(), m.trackId(), m.muted());
        } else if (command instanceof RemoteCommand.Subscriptions u) {
            result = updateSubscriptions(roomId, u.participantId(), u.subscribe(), u.unsubscribe());
        } else {
            RemoteCommand.Pin p = (RemoteCommand.Pin) command;
            result = pin(roomId, p.participantId(), p.participantIds());
        }
        if (result != RoomCommandResult.DONE) {
            LOG.fine(() -> "room " + roomId + ": a command from another node was not applied: " + result);
        }
    }

    private Room open(RoomId roomId, RoomSettings requested) {
        RoomSettings settings = requested.withDefaultLastN(limits.lastN());
        Room[] holder = new Room[1];
        RouterListener listener = new RouterListener() {
            @Override
            public void onTransportConnected(String transportId) {
                // Nothing to signal (media starts flowing by itself); the join-to-media time is measured.
                context.runOnContext(v -> {
                    if (holder[0] != null) holder[0].onTransportConnected(transportId, clock.millis());
                });
            }

            @Override
            public void onTransportFailed(String transportId, String reason) {
                context.runOnContext(v -> {
                    if (holder[0] != null) holder[0].onTransportFailed(transportId, reason, clock.millis());
                });
            }

            @Override
            public void onActiveSpeakers(List<String> audioTrackIds) {
                List<String> copy = List.copyOf(audioTrackIds);
                context.runOnContext(v -> {
                    if (holder[0] != null) holder[0].onActiveSpeakers(copy);
                });
            }

            @Override
            public void onLayersWanted(String trackId, List<String> rids) {
                List<String> copy = List.copyOf(rids);
                context.runOnContext(v -> {
                    if (holder[0] != null) holder[0].subscriptions.onLayersWanted(trackId, copy);
                });
            }
        };
        Room room = new Room(roomId, settings, timeouts, clock.instant(), media.createRouter(roomId.value(), listener),
                media.fingerprintSha256(), this::iceServersFor, task -> context.runOnContext(v -> task.run()));
        holder[0] = room;
        if (settings.lastN() >= 0) room.router().setLastN(settings.lastN());
        room.events = events;
        room.counters = counters;
        room.span = spans.open(new RemoteMembers(room, () -> close(roomId), command -> applyHere(roomId, command)));
        room.maxTracksPerParticipant = limits.tracksPerParticipant();
        rooms.put(roomId, room);
        roomCount = rooms.size();
        LOG.info("room " + roomId + " opened" + (settings.kept() ? " (kept while empty)" : ""));
        emit(RoomEvent.ROOM_STARTED, room);
        return room;
    }

    /** An empty room closes now (implicit rooms) or after its empty timeout (kept rooms). */
    private void onMaybeEmpty(Room room) {
        if (!room.isEmpty()) return;
        RoomSettings settings = room.settings();
        if (!settings.kept()) {
            remove(room, "empty");
        } else if (settings.emptyTimeoutSeconds() > 0) {
            cancelEmptyTimer(room.id());
            long timer = context.owner().setTimer(settings.emptyTimeoutSeconds() * 1000L, id -> {
                emptyTimers.remove(room.id());
                if (rooms.get(room.id()) == room && room.isEmpty()) remove(room, "empty timeout");
            });
            emptyTimers.put(room.id(), timer);
        }
    }

    private void cancelEmptyTimer(RoomId roomId) {
        Long timer = emptyTimers.remove(roomId);
        if (timer != null) context.owner().cancelTimer(timer);
    }

    private void remove(Room room, String why) {
        cancelEmptyTimer(room.id());
        rooms.remove(room.id());
        roomCount = rooms.size();
        room.close();
        LOG.info("room " + room.id() + " closed (" + why + ")");
        emit(RoomEvent.ROOM_FINISHED, room);
    }

    /** Gauge values; read from the metrics scrape (any thread), so they are approximate. */
    public int roomCount() {
        return roomCount;
    }

    public int participantCount() {
        return participantCount;
    }
}
