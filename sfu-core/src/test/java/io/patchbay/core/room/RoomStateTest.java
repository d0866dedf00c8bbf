package io.patchbay.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The room core without sockets: each command's effects, in order, as the signaling layer will carry them out, for
 * participants of this node and of other nodes (a room across nodes).
 */
class RoomStateTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private final RoomState room = new RoomState(0);

    private static Member local(String name) {
        return new Member(ParticipantId.random(), name, T0, Grants.ALL, null);
    }

    private static Member remote(String name, String node) {
        return new Member(ParticipantId.random(), name, T0, Grants.ALL, node);
    }

    private static TrackInfo video() {
        return new TrackInfo(TrackId.random(), TrackKind.VIDEO, false);
    }

    /** The effects as short text: "joined alice (others [])", "subscribed bob <- alice/video", ... */
    private static List<String> describe(List<RoomEffect> effects) {
        List<String> out = new ArrayList<>();
        for (RoomEffect e : effects) {
            if (e instanceof RoomEffect.Joined j) {
                out.add("joined " + j.member().name() + " (others " + j.others().stream().map(Member::name).toList() + ")");
            } else if (e instanceof RoomEffect.Left l) {
                out.add("left " + l.member().name() + " " + l.reason().wireName());
            } else if (e instanceof RoomEffect.Published p) {
                out.add("published " + p.publisher().name() + "/" + p.track().kind().wireName());
            } else if (e instanceof RoomEffect.Unpublished u) {
                out.add("unpublished " + u.publisher().name() + "/" + u.track().kind().wireName());
            } else if (e instanceof RoomEffect.Muted m) {
                out.add("muted " + m.publisher().name() + "/" + m.track().kind().wireName() + " " + m.track().muted());
            } else if (e instanceof RoomEffect.Subscribed s) {
                out.add("subscribed " + s.subscriber().name() + " <- " + s.publisher().name() + "/"
                        + s.track().kind().wireName());
            } else if (e instanceof RoomEffect.Unsubscribed u) {
                out.add("unsubscribed " + u.subscriber().name() + " -/- " + u.track().kind().wireName());
            }
        }
        return out;
    }

    @Test
    void aNewcomerReceivesWhatIsPublishedAndEveryoneReceivesWhatItPublishes() throws Exception {
        Member alice = local("alice");
        Member bob = local("bob");
        assertEquals(List.of("joined alice (others [])"), describe(room.join(alice)));
        TrackInfo aliceVideo = video();
        assertEquals(List.of("published alice/video"), describe(room.publish(alice.id(), aliceVideo)),
                "nobody else to receive it; never its own publisher");
        assertEquals(List.of("joined bob (others [alice])", "subscribed bob <- alice/video"), describe(room.join(bob)));
        assertEquals(List.of("published bob/video", "subscribed alice <- bob/video"),
                describe(room.publish(bob.id(), video())));
        assertTrue(room.receives(bob.id(), aliceVideo.id()));
        assertFalse(room.receives(alice.id(), aliceVideo.id()));
    }

    @Test
    void leavingEndsItsTracksForTheirSubscribersFirst() throws Exception {
        Member alice = local("alice");
        Member bob = local("bob");
        Member carol = local("carol");
        room.join(alice);
        room.join(bob);
        room.join(carol);
        room.publish(alice.id(), video());
        assertEquals(List.of("unsubscribed bob -/- video", "unsubscribed carol -/- video", "unpublished alice/video",
                "left alice timeout"), describe(room.leave(alice.id(), LeaveReason.TIMEOUT)));
        assertEquals(List.of(), room.leave(alice.id(), LeaveReason.LEFT), "twice: nothing more");
        assertEquals(List.of(bob, carol), room.members());
    }

    @Test
    void participantsOfOtherNodesAreSeenAndTheirTracksReceivedButTheySubscribeOnTheirOwnNode() throws Exception {
        Member alice = local("alice");
        Member bob = remote("bob", "node-b");
        room.join(alice);
        room.publish(alice.id(), video());
        assertEquals(List.of("joined bob (others [alice])"), describe(room.join(bob)),
                "bob receives alice's video through its own node");
        assertEquals(List.of("published bob/video", "subscribed alice <- bob/video"),
                describe(room.publish(bob.id(), video())));
        assertEquals(List.of(bob), room.membersOn("node-b"));
        assertEquals(RoomRefusal.Reason.UNKNOWN_PARTICIPANT, assertThrows(RoomRefusal.class,
                () -> room.updateSubscriptions(bob.id(), List.of(), List.of())).reason());
        room.leave(alice.id(), LeaveReason.LEFT);
        assertFalse(room.hasLocalMembers(), "only another node's participant is left: the room closes here");
    }

    @Test
    void grantsAndLimitsRefuseWithoutChangingAnything() throws Exception {
        RoomState small = new RoomState(2);
        Member viewer = new Member(ParticipantId.random(), "viewer", T0, new Grants(false, true, true), null);
        small.join(viewer);
        assertEquals(RoomRefusal.Reason.FORBIDDEN,
                assertThrows(RoomRefusal.class, () -> small.publish(viewer.id(), video())).reason());
        Member picky = new Member(ParticipantId.random(), "picky", T0, new Grants(true, false, true), null);
        small.join(picky);
        assertEquals(RoomRefusal.Reason.ROOM_FULL,
                assertThrows(RoomRefusal.class, () -> small.join(local("late"))).reason());
        assertEquals(List.of("published picky/video", "subscribed viewer <- picky/video"),
                describe(small.publish(picky.id(), video())));
        assertEquals(RoomRefusal.Reason.FORBIDDEN, assertThrows(RoomRefusal.class,
                () -> small.updateSubscriptions(picky.id(), List.of("TR_x"), List.of())).reason(),
                "a token without subscribe cannot subscribe");
        assertEquals(RoomRefusal.Reason.DUPLICATE, assertThrows(RoomRefusal.class, () -> small.join(viewer)).reason());
    }

    @Test
    void subscriptionsChangeAllOrNothing() throws Exception {
        Member alice = local("alice");
        Member bob = new Member(ParticipantId.random(), "bob", T0, new Grants(true, true, false), null);
        room.join(alice);
        room.join(bob);
        TrackInfo v = video();
        TrackInfo a = new TrackInfo(TrackId.random(), TrackKind.AUDIO, false);
        room.publish(alice.id(), v);
        assertEquals(List.of("published alice/audio"), describe(room.publish(alice.id(), a)),
                "bob chose its tracks itself");
        RoomRefusal unknown = assertThrows(RoomRefusal.class,
                () -> room.updateSubscriptions(bob.id(), List.of(v.id().value(), "TR_unknown"), List.of()));
        assertEquals(RoomRefusal.Reason.UNKNOWN_TRACK, unknown.reason());
        assertFalse(room.receives(bob.id(), v.id()), "nothing applied");
        assertEquals(RoomRefusal.Reason.TOO_MANY_IDS, assertThrows(RoomRefusal.class, () -> room.updateSubscriptions(
                bob.id(), List.of("a", "b", "c"), List.of())).reason());
        assertEquals(List.of("subscribed bob <- alice/video"),
                describe(room.updateSubscriptions(bob.id(), List.of(v.id().value()), List.of())));
        assertEquals(List.of(), room.updateSubscriptions(bob.id(), List.of(v.id().value()), List.of()), "already");
        assertEquals(List.of("unsubscribed bob -/- video", "subscribed bob <- alice/audio"), describe(
                room.updateSubscriptions(bob.id(), List.of(a.id().value()), List.of(v.id().value()))));
        assertEquals(RoomRefusal.Reason.UNKNOWN_TRACK, assertThrows(RoomRefusal.class, () -> room.updateSubscriptions(
                alice.id(), List.of(v.id().value()), List.of())).reason(), "its own track is not another's");
    }

    @Test
    void muteReportsOnlyChanges() throws Exception {
        Member alice = local("alice");
        room.join(alice);
        TrackInfo v = video();
        room.publish(alice.id(), v);
        assertEquals(List.of("muted alice/video true"), describe(room.mute(alice.id(), v.id(), true)));
        assertEquals(List.of(), room.mute(alice.id(), v.id(), true));
        assertTrue(room.tracksOf(alice.id()).get(0).muted());
        assertEquals(RoomRefusal.Reason.UNKNOWN_TRACK,
                assertThrows(RoomRefusal.class, () -> room.mute(alice.id(), TrackId.random(), true)).reason());
    }
}
