package io.patchbay.signaling.room;

import io.patchbay.core.room.TrackId;
import io.patchbay.media.forward.ConsumerPreferences;
import io.patchbay.signaling.ws.ErrorCode;
import io.patchbay.signaling.ws.SignalingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The subscriber-control protocol of one room (docs/protocol.md, Subscriber control): {@code update-subscription}
 * (per-track preferences, kept per participant until the track ends and applied whenever its consumer is created),
 * {@code subscribe} / {@code unsubscribe} and their REST form (which renegotiate the subscriber connection as
 * publishing does), and
 * {@code layers-wanted} toward publishers. Event-loop thread only.
 */
final class SubscriptionControl {
    private final Room room;

    SubscriptionControl(Room room) {
        this.room = room;
    }

    /** {@code update-subscription}: {@code unknown-track} unless {@code p} receives the track. */
    void updatePreferences(Participant p, String trackId, ConsumerPreferences preferences) throws SignalingException {
        SubscriptionSlot slot = activeSlot(p, trackId);
        if (slot == null) {
            throw new SignalingException(ErrorCode.UNKNOWN_TRACK, "you do not receive a track " + trackId);
        }
        p.preferences.put(slot.trackId, preferences);
        if (slot.consumerCreated) room.router().setConsumerPreferences(p.subscriberTransport, trackId, preferences);
    }

    /**
     * {@code unsubscribe} then {@code subscribe} (either list may be empty), all or nothing: every id is checked
     * first. Each track to subscribe (of another participant) not yet received gets an m-section; each one to
     * unsubscribe that is received has its m-section ended (port 0). One renegotiation for all of it.
     */
    void update(Participant p, List<String> subscribe, List<String> unsubscribe) throws SignalingException {
        room.updateSubscriptions(p, subscribe, unsubscribe);
    }

    /** The media plane's layers-wanted for a track: its publisher hears of each change. */
    void onLayersWanted(String trackId, List<String> rids) {
        for (Participant p : room.participants()) {
            for (PublishedTrack t : p.published.values()) {
                if (!t.info.id().value().equals(trackId) || t.wantedRids.equals(rids)) continue;
                t.wantedRids = List.copyOf(rids);
                if (p.isRemote()) {
                    room.span.layersWanted(trackId, t.wantedRids); // its node merges them with its own subscribers'
                } else {
                    p.sink.send(Messages.layersWanted(trackId, t.wantedRids));
                }
            }
        }
    }

    /** A track ended: no one keeps preferences for it. */
    void forget(TrackId trackId) {
        for (Participant p : room.participants()) p.preferences.remove(trackId);
    }

    private static SubscriptionSlot activeSlot(Participant p, String trackId) {
        for (SubscriptionSlot s : p.slots) {
            if (s.active && s.trackId.value().equals(trackId)) return s;
        }
        return null;
    }
}
