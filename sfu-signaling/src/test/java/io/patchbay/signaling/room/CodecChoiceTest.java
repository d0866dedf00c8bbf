package io.patchbay.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.sdp.RtpCodec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of a track's codecs its publisher is asked for, by what its subscribers decode (canonical payload types). */
class CodecChoiceTest {
    private static final RtpCodec VP8 = RtpCodec.of(96, "VP8", 90_000, 1);
    private static final RtpCodec H264 = RtpCodec.of(104, "H264", 90_000, 1);
    private static final RtpCodec AV1 = RtpCodec.of(41, "AV1", 90_000, 1);
    private static final List<RtpCodec> CODECS = List.of(VP8, H264, AV1); // the publisher's order

    @Test
    void thePublishersFirstWhenEveryoneDecodesItOrNobodyIsThere() {
        assertEquals(0, CodecChoice.choose(CODECS, List.of()));
        assertEquals(0, CodecChoice.choose(CODECS, List.of(Set.of(96, 104), Set.of(96, 41))));
    }

    @Test
    void theFirstCodecEveryoneDecodes() {
        assertEquals(1, CodecChoice.choose(CODECS, List.of(Set.of(96, 104), Set.of(104))));
        assertEquals(2, CodecChoice.choose(CODECS, List.of(Set.of(41), Set.of(104, 41))));
    }

    @Test
    void withoutOneForAllTheOneThatServesMostThenThePublishersOrder() {
        assertEquals(1, CodecChoice.choose(CODECS, List.of(Set.of(104), Set.of(104), Set.of(96))));
        assertEquals(0, CodecChoice.choose(CODECS, List.of(Set.of(104), Set.of(96))));
    }

    @Test
    void subscribersThatDecodeNoneOfThemDoNotCount() {
        assertEquals(1, CodecChoice.choose(CODECS, List.of(Set.of(104), Set.of())));
        assertEquals(1, CodecChoice.counted(List.of(Set.of(104), Set.of())));
        assertEquals(2, CodecChoice.served(96, List.of(Set.of(96, 104), Set.of(96), Set.of(41))));
    }

    @Test
    void aMoveThatServesMoreIsAtOnceAMoveBackForPreferenceWaitsAndATieStays() {
        long now = 100_000;
        CodecChoice.Decision toH264 = CodecChoice.decide(CODECS, VP8, List.of(Set.of(104)), now, now - 1);
        assertEquals(new CodecChoice.Decision(H264, true, false), toH264, "serves one more: at once, whatever the hold");
        List<Set<Integer>> bothDecodeBoth = List.of(Set.of(96, 104), Set.of(96, 104));
        assertEquals(new CodecChoice.Decision(H264, false, true),
                CodecChoice.decide(CODECS, H264, bothDecodeBoth, now, now - 1_000), "back to VP8 held after a move");
        assertEquals(new CodecChoice.Decision(VP8, true, false), CodecChoice.decide(CODECS, H264, bothDecodeBoth, now,
                now - CodecChoice.PREFERENCE_MOVE_HOLD_MILLIS), "and made once the hold is over");
        assertEquals(new CodecChoice.Decision(H264, false, false),
                CodecChoice.decide(CODECS, H264, List.of(Set.of(104), Set.of(96)), now, 0), "one each: it stays");
        assertEquals(new CodecChoice.Decision(VP8, false, false),
                CodecChoice.decide(CODECS, VP8, List.of(Set.of(96)), now, 0));
    }
}
