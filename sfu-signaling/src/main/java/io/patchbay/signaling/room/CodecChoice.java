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
