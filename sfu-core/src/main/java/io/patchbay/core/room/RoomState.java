package io.patchbay.core.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The room core: who is in a room, what each publishes, and who receives what, as a state machine with no I/O.
 * Commands check, change the state, and return the {@link RoomEffect}s for the signaling layer to carry out; a refused
 * command ({@link RoomRefusal}) changes nothing. The same logic runs on whichever node holds the room: in a room across
 * nodes the participants of other nodes are members too ({@link Member#node}), whose tracks this node's participants
 * receive, while they subscribe on their own node. Not thread-safe (one event loop owns a room).
 *
 * <p>Rules: a participant that may subscribe and subscribes automatically receives every track of every other
 * participant, those published before it joined and after; others receive what they {@link #updateSubscriptions
 * subscribe} to. A track that ends, or whose publisher leaves, ends for its subscribers first.
 */
public final class RoomState {
    private final int maxParticipants;
    private final Map<ParticipantId, Member> members = new LinkedHashMap<>();
    /** Each member's tracks, in publishing order. */
    private final Map<ParticipantId, Map<TrackId, TrackInfo>> tracks = new LinkedHashMap<>();
    /** Each local member's received tracks, in subscription order. */
    private final Map<ParticipantId, Set<TrackId>> subscriptions = new LinkedHashMap<>();

    /** @param maxParticipants most members at once, this node's and others'; 0 for no limit */
    public RoomState(int maxParticipants) {
        if (maxParticipants < 0) throw new IllegalArgumentException("maxParticipants must not be negative");
        this.maxParticipants = maxParticipants;
    }

    // ---- commands ----

    /**
     * A participant joins (of this node, or announced by another); it receives what the room already publishes. The
     * room's limit counts every member and refuses only this node's joiners.
     */
    public List<RoomEffect> join(Member member) throws RoomRefusal {
        if (members.containsKey(member.id())) {
            throw new RoomRefusal(RoomRefusal.Reason.DUPLICATE, member.id() + " is in the room already");
        }
        // Another node admitted its participant already: the limit is checked where a participant joins.
        if (member.isLocal() && maxParticipants > 0 && members.size() >= maxParticipants) {
            throw new RoomRefusal(RoomRefusal.Reason.ROOM_FULL,
                    "the room already has its maximum of " + maxParticipants + " participants");
        }
        List<Member> others = new ArrayList<>(members.values());
        members.put(member.id(), member);
        tracks.put(member.id(), new LinkedHashMap<>());
        if (member.isLocal()) subscriptions.put(member.id(), new LinkedHashSet<>());
        List<RoomEffect> effects = new ArrayList<>();
        effects.add(new RoomEffect.Joined(member, others));
        if (receivesAll(member)) {
            for (Member other : others) {
                for (TrackInfo t : tracks.get(other.id()).values()) effects.add(subscribe(member, other, t));
            }
        }
        return effects;
    }

    /** A participant leaves: its tracks end for their subscribers, then it is gone. Unknown ids change nothing. */
    public List<RoomEffect> leave(ParticipantId id, LeaveReason reason) {
        Member member = members.get(id);
        if (member == null) return List.of();
        List<RoomEffect> effects = new ArrayList<>();
        for (TrackInfo t : new ArrayList<>(tracks.get(id).values())) effects.addAll(unpublish(member, t));
        members.remove(id);
        tracks.remove(id);
        subscriptions.remove(id);
        effects.add(new RoomEffect.Left(member, reason));
        return effects;
    }

    /** A participant publishes a track; every member that receives everything gets it. */
    public List<RoomEffect> publish(ParticipantId id, TrackInfo track) throws RoomRefusal {
        Member publisher = require(id);
        if (!publisher.grants().canPublish()) {
            throw new RoomRefusal(RoomRefusal.Reason.FORBIDDEN, "this participant's token does not allow publishing");
        }
        if (publisherOf(track.id()).isPresent()) {
            throw new RoomRefusal(RoomRefusal.Reason.DUPLICATE, "track " + track.id() + " is published already");
        }
        tracks.get(id).put(track.id(), track);
        List<RoomEffect> effects = new ArrayList<>();
        effects.add(new RoomEffect.Published(publisher, track));
        for (Member m : members.values()) {
            if (m != publisher && receivesAll(m)) effects.add(subscribe(m, publisher, track));
        }
        return effects;
    }

    /** A track ends (its publisher stopped sending it); unknown tracks change nothing. */
    public List<RoomEffect> unpublish(ParticipantId id, TrackId trackId) {
        Member publisher = members.get(id);
        TrackInfo track = publisher == null ? null : tracks.get(id).get(trackId);
        return track == null ? List.of() : unpublish(publisher, track);
    }

    /** A publisher's track is muted or unmuted (by itself or the API); no effect when it already is. */
    public List<RoomEffect> mute(ParticipantId id, TrackId trackId, boolean muted) throws RoomRefusal {
        Member publisher = require(id);
        TrackInfo track = tracks.get(id).get(trackId);
        if (track == null) throw new RoomRefusal(RoomRefusal.Reason.UNKNOWN_TRACK, "no track " + trackId);
        if (track.muted() == muted) return List.of();
        TrackInfo changed = track.withMuted(muted);
        tracks.get(id).put(trackId, changed);
        return List.of(new RoomEffect.Muted(publisher, changed));
    }

    /**
     * {@code unsubscribe} then {@code subscribe} for one of this node's participants, all or nothing: every id must be
     * a track of another participant. Tracks already received (or not received) are left as they are.
     */
    public List<RoomEffect> updateSubscriptions(ParticipantId id, List<String> subscribe, List<String> unsubscribe)
            throws RoomRefusal {
        Member member = require(id);
        if (!member.isLocal()) {
            throw new RoomRefusal(RoomRefusal.Reason.UNKNOWN_PARTICIPANT, id + " subscribes on its own node");
        }
        if (!subscribe.isEmpty() && !member.grants().canSubscribe()) {
            throw new RoomRefusal(RoomRefusal.Reason.FORBIDDEN, "this participant's token does not allow subscribing");
        }
        List<TrackSource> toAdd = resolve(member, subscribe);
        List<TrackSource> toEnd = resolve(member, unsubscribe);
        Set<TrackId> received = subscriptions.get(id);
        List<RoomEffect> effects = new ArrayList<>();
        for (TrackSource s : toEnd) {
            if (received.remove(s.track().id())) effects.add(new RoomEffect.Unsubscribed(member, s.track()));
        }
        for (TrackSource s : toAdd) {
            if (!received.contains(s.track().id())) effects.add(subscribe(member, s.publisher(), s.track()));
        }
        return effects;
    }

    // ---- queries ----

    public Optional<Member> member(ParticipantId id) {
        return Optional.ofNullable(members.get(id));
    }

    /** Every member, in joining order. */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /** The members connected to {@code node} (another node of a room across nodes). */
    public List<Member> membersOn(String node) {
        List<Member> out = new ArrayList<>();
        for (Member m : members.values()) {
            if (node.equals(m.node())) out.add(m);
        }
        return out;
    }

    /** Whether one of this node's participants is in the room (the room stays open here while one is). */
    public boolean hasLocalMembers() {
        for (Member m : members.values()) {
            if (m.isLocal()) return true;
        }
        return false;
    }

    public List<TrackInfo> tracksOf(ParticipantId id) {
        Map<TrackId, TrackInfo> t = tracks.get(id);
        return t == null ? List.of() : List.copyOf(t.values());
    }

    /** Who publishes {@code track}, if anyone. */
    public Optional<Member> publisherOf(TrackId track) {
        for (Map.Entry<ParticipantId, Map<TrackId, TrackInfo>> e : tracks.entrySet()) {
            if (e.getValue().containsKey(track)) return Optional.of(members.get(e.getKey()));
        }
        return Optional.empty();
    }

    public boolean receives(ParticipantId subscriber, TrackId track) {
        Set<TrackId> s = subscriptions.get(subscriber);
        return s != null && s.contains(track);
    }

    /** The tracks published in the room, all members together. */
    public int trackCount() {
        int n = 0;
        for (Map<TrackId, TrackInfo> t : tracks.values()) n += t.size();
        return n;
    }

    // ---- rules ----

    private static boolean receivesAll(Member m) {
        return m.isLocal() && m.grants().canSubscribe() && m.grants().autoSubscribe();
    }

    private RoomEffect subscribe(Member subscriber, Member publisher, TrackInfo track) {
        subscriptions.get(subscriber.id()).add(track.id());
        return new RoomEffect.Subscribed(subscriber, publisher, track);
    }

    private List<RoomEffect> unpublish(Member publisher, TrackInfo track) {
        List<RoomEffect> effects = new ArrayList<>();
        for (Map.Entry<ParticipantId, Set<TrackId>> e : subscriptions.entrySet()) {
            if (e.getValue().remove(track.id())) effects.add(new RoomEffect.Unsubscribed(members.get(e.getKey()), track));
        }
        tracks.get(publisher.id()).remove(track.id());
        effects.add(new RoomEffect.Unpublished(publisher, track));
        return effects;
    }

    private Member require(ParticipantId id) throws RoomRefusal {
        Member m = members.get(id);
        if (m == null) throw new RoomRefusal(RoomRefusal.Reason.UNKNOWN_PARTICIPANT, "no participant " + id);
        return m;
    }

    private record TrackSource(Member publisher, TrackInfo track) {
    }

    /** The tracks, each published by another member; refused for any other id. */
    private List<TrackSource> resolve(Member member, List<String> trackIds) throws RoomRefusal {
        if (trackIds.size() > trackCount()) {
            throw new RoomRefusal(RoomRefusal.Reason.TOO_MANY_IDS,
                    "'trackIds' lists " + trackIds.size() + " ids; the room has " + trackCount() + " tracks");
        }
        List<TrackSource> out = new ArrayList<>(trackIds.size());
        for (String id : trackIds) {
            TrackSource found = null;
            for (Member other : members.values()) {
                if (other == member) continue;
                for (TrackInfo t : tracks.get(other.id()).values()) {
                    if (t.id().value().equals(id)) found = new TrackSource(other, t);
                }
            }
            if (found == null) {
                throw new RoomRefusal(RoomRefusal.Reason.UNKNOWN_TRACK, "no other participant publishes a track " + id);
            }
            out.add(found);
        }
        return out;
    }
}
