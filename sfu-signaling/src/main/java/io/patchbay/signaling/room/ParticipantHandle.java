package io.patchbay.signaling.room;

import io.patchbay.core.room.ParticipantId;
import io.patchbay.signaling.ws.PeerConnectionRole;
import io.patchbay.signaling.ws.SignalingException;

/** What a signaling session may do as a joined participant. Event-loop thread only. */
public final class ParticipantHandle {
    private final Room room;
    private final Participant participant;

    ParticipantHandle(Room room, Participant participant) {
        this.room = room;
        this.participant = participant;
    }

    public ParticipantId id() {
        return participant.id;
    }

    public Room room() {
        return room;
    }

    public void publisherOffer(String sdp) throws SignalingException {
        room.onPublisherOffer(participant, sdp);
    }

    /** A publisher {@code offer} with its {@code sources} (by mid). */
    public void publisherOffer(String sdp, java.util.Map<String, io.patchbay.core.room.TrackSource> sources)
            throws SignalingException {
        room.onPublisherOffer(participant, sdp, sources);
    }

    public void subscriberAnswer(String sdp) throws SignalingException {
        room.onSubscriberAnswer(participant, sdp);
    }

    public void candidate(PeerConnectionRole pc, String candidate) throws SignalingException {
        room.onCandidate(participant, pc, candidate);
    }

    public void mute(String trackId, boolean muted) throws SignalingException {
        room.onMute(participant, trackId, muted);
    }

    /** {@code update-subscription} of a track it receives. */
    public void updateSubscription(String trackId, io.patchbay.media.forward.ConsumerPreferences preferences)
            throws SignalingException {
        room.subscriptions.updatePreferences(participant, trackId, preferences);
    }

    public void subscribe(java.util.List<String> trackIds) throws SignalingException {
        room.subscriptions.update(participant, trackIds, java.util.List.of());
    }

    public void unsubscribe(java.util.List<String> trackIds) throws SignalingException {
        room.subscriptions.update(participant, java.util.List.of(), trackIds);
    }

    /** {@code pin}: the whole set of participants whose video it receives besides its last N. */
    public void pin(java.util.List<String> participantIds) throws SignalingException {
        room.pins.set(participant, participantIds);
    }

    public void restartSubscriberIce() throws SignalingException {
        room.onRestartSubscriberIce(participant);
    }

    public void requestStats() {
        room.sendStats(participant);
    }

    boolean hasLeft() {
        return participant.left;
    }

    Participant participant() {
        return participant;
    }

    /** Records the token identity of this participant (event loop). */
    void setIdentity(String identity) {
        participant.identity = identity;
    }
}
