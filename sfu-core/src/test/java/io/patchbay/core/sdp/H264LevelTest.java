package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** H264 levels and profiles (RFC 6184 section 8.1, 8.2.2) decide whether a subscriber keeps a track's H264. */
class H264LevelTest {

    @ParameterizedTest(name = "receiver {0} decodes a stream at {1}: {2}")
    @CsvSource({
        "42e01f, 42e01f, true",   // Constrained Baseline 3.1 both ways
        "42e00a, 42e01f, false",  // a level-1 receiver, a level-3.1 stream
        "42e01e, 42e01f, false",  // 3.0 < 3.1
        "42e020, 42e01f, true",   // 3.2 >= 3.1
        "42e034, 42e01f, true",   // 5.2
        "42f00b, 42e00a, true",   // 1b (level_idc 11 + constraint_set3) >= 1
        "42f00b, 42e00b, false",  // 1b < 1.1
        "420009, 42e00a, true",   // 1b written as level_idc 9
        "4d001f, 42e01f, true",   // Main decodes Constrained Baseline
        "640c1f, 42e01f, true",   // Constrained High decodes Constrained Baseline
        "64001f, 4d001f, true",   // High decodes Main
        "64001f, 640c1f, true",   // and Constrained High
        "640c1f, 4d001f, false",  // Constrained High does not decode Main (B slices)
        "4d001f, 640c1f, false",  // Main does not decode High
        "4d001f, 42001f, false",  // nor Baseline that is not constrained (FMO, ASO)
        "42e01f, 4d001f, false",  // Constrained Baseline does not decode Main
        "42e01f, 42001f, false",  // nor Baseline
        "42001f, 42e01f, true",   // Baseline decodes Constrained Baseline
        "42e01f, 4d801f, true",   // Main with constraint_set0 is Constrained Baseline (RFC 6184 table 5)
        "42e01f, 58c01f, true",   // and so is Extended with constraint_set0 and 1
    })
    void levelAndProfile(String receiver, String sent, boolean decodes) {
        assertEquals(decodes, H264ProfileLevelId.parse(receiver).orElseThrow()
                .decodes(H264ProfileLevelId.parse(sent).orElseThrow()));
    }

    @ParameterizedTest(name = "a subscriber answering {0} to a 42e01f track keeps its H264: {1}")
    @CsvSource({
        "42e01f, true",
        "42e028, true",
        "42e00d, false",
        "640c34, true",
        "'', true", // no profile-level-id in an answer: 42E01F, as libwebrtc assumes
    })
    void aSubscriberWhoseLevelIsBelowTheTracksDoesNotKeepIt(String answered, boolean kept) throws SdpNegotiationException {
        String text = SdpFixtures.text(SdpFixtures.CHROME_SUBSCRIBER_ANSWER);
        String fmtp = "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f";
        String replaced = text.replace(fmtp, answered.isEmpty()
                ? "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1"
                : "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + answered);
        assertEquals(true, !replaced.equals(text) || answered.equals("42e01f"), "the fixture's H264 line changed");
        SubscriberAnswer result = SdpNegotiator.readSubscriberAnswer(SubscriberFixtures.offer(false),
                SdpFixtures.parseText(replaced));
        assertEquals(kept ? List.of("0", "1", "2") : List.of("0", "1"), List.copyOf(result.acceptedMids()));
        assertEquals(kept ? Set.of() : Set.of("2"), result.undecodableMids());
    }
}
