package io.patchbay.signaling.room;

import io.patchbay.core.sdp.RtpCodec;
import java.util.List;
import java.util.Set;

/**
 * Which of a track's codecs its publisher should send, given what each subscriber decodes: the publisher's most
 * preferred codec that every subscriber decodes; when no codec serves them all, the one that serves the most
 * (publisher's order between equals), so that as few as possible go without. Subscribers that decode none of the
 * track's codecs do not count (nothing would serve them; they are told {@code codec-not-supported}). Pure.
 */
final class CodecChoice {
    private CodecChoice() {
    }

    /**
     * A move back to a more preferred codec that serves nobody more (the subscriber who needed another one has gone)
     * waits this long after the last move: each move costs the publisher a renegotiation and every subscriber a
     * keyframe, and a client that joins and leaves over and over must not make a publisher flap. A move that serves
     * more subscribers is made at once.
     */
    static final long PREFERENCE_MOVE_HOLD_MILLIS = 5_000;

    /**
     * What to do with a track now.
     *
     * @param sending  the codec it is sent in from now on (the current one unless {@code move})
     * @param move     ask the publisher for {@code sending}
     * @param heldBack a preference move waits for {@link #PREFERENCE_MOVE_HOLD_MILLIS}: decide again later
     */
    record Decision(RtpCodec sending, boolean move, boolean heldBack) {
    }

    /**
     * Moves to {@link #choose}'s codec when it serves more subscribers than {@code current} (at once), or when it is a
     * more preferred codec that serves all of them, as the current one does (once the hold since the last move is
     * over). Between codecs that serve as many but not all, the current one stays.
     */
    static Decision decide(List<RtpCodec> codecs, RtpCodec current, List<Set<Integer>> decodable, long nowMillis,
                           long lastMoveMillis) {
        RtpCodec chosen = codecs.get(choose(codecs, decodable));
        if (chosen.payloadType() == current.payloadType()) return new Decision(current, false, false);
        int servedNow = served(current.payloadType(), decodable);
        int servedChosen = served(chosen.payloadType(), decodable);
        if (servedChosen > servedNow) return new Decision(chosen, true, false);
        boolean preferredForAll = servedChosen == servedNow && servedChosen == counted(decodable);
        if (!preferredForAll) return new Decision(current, false, false);
        boolean held = nowMillis - lastMoveMillis < PREFERENCE_MOVE_HOLD_MILLIS;
        return held ? new Decision(current, false, true) : new Decision(chosen, true, false);
    }

    /** How many subscribers count: those that decode any of the track's codecs. */
    static int counted(List<Set<Integer>> decodable) {
        int counted = 0;
        for (Set<Integer> d : decodable) if (!d.isEmpty()) counted++;
        return counted;
    }

    /** How many of the subscribers decode the codec with canonical payload type {@code payloadType}. */
    static int served(int payloadType, List<Set<Integer>> decodable) {
        int served = 0;
        for (Set<Integer> d : decodable) if (d.contains(payloadType)) served++;
        return served;
    }

    /**
     * @param codecs the track's codecs with canonical payload types, the publisher's preferred first
     * @param decodable per subscriber, the canonical payload types its answer kept
     * @return the index in {@code codecs} of the codec to send
     */
    static int choose(List<RtpCodec> codecs, List<Set<Integer>> decodable) {
        int best = 0;
        int bestServed = -1;
        int counted = counted(decodable);
        for (int i = 0; i < codecs.size(); i++) {
            int pt = codecs.get(i).payloadType();
            int served = 0;
            for (Set<Integer> d : decodable) if (d.contains(pt)) served++;
            if (served == counted) return i;
            if (served > bestServed) {
                best = i;
                bestServed = served;
            }
        }
        return best;
    }
}
