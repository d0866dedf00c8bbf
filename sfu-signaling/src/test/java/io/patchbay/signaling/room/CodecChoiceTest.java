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
}
