package io.patchbay.core.room;

import java.util.List;

/**
 * What a {@link RoomState} command changed, for the signaling layer to carry out (messages, media, negotiation), in
 * the order given.
 */
public sealed interface RoomEffect {
    /** {@code member} is in; {@code others} were there before it (what its {@code joined} lists). */
    record Joined(Member member, List<Member> others) implements RoomEffect {
        public Joined {
            others = List.copyOf(others);
        }
    }

    record Left(Member member, LeaveReason reason) implements RoomEffect {
    }

    record Published(Member publisher, TrackInfo track) implements RoomEffect {
    }

    /** Comes after the {@link Unsubscribed} of each of its subscribers. */
    record Unpublished(Member publisher, TrackInfo track) implements RoomEffect {
    }

    record Muted(Member publisher, TrackInfo track) implements RoomEffect {
    }

    /** {@code subscriber} (always one of this node's) now receives {@code track} of {@code publisher}. */
    record Subscribed(Member subscriber, Member publisher, TrackInfo track) implements RoomEffect {
    }

    record Unsubscribed(Member subscriber, TrackInfo track) implements RoomEffect {
    }
}
