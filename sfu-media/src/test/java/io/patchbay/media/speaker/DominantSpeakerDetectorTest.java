package io.patchbay.media.speaker;

import static io.patchbay.media.speaker.SpeakerTrace.room;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthetic level traces, 50 packets a second per speaker, evaluated every 200 ms unless a case says otherwise. Expected switches read
 * {@code ID@FROM..TO}: the dominant speaker becomes ID at a time between FROM and TO ms (NONE is -1); the list of
 * switches must match exactly, in order.
 */
class DominantSpeakerDetectorTest {
    private static final long MS = 1_000_000L;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("a talker over a quiet room takes dominance within 1.5 s",
                        room(1, 2, 3).talk(1, 30, 1000, 2000), 5000,
                        "1@1300..1600", "1 2 3"),
                Arguments.of("a 200 ms cough over a quiet room does not take dominance",
                        room(1, 2).talk(2, 5, 1000, 1200), 5000,
                        "", "1 2"),
                Arguments.of("a cough does not take dominance from a silent dominant speaker",
                        room(1, 2).talk(1, 30, 0, 3000).talk(2, 5, 6000, 6200), 9000,
                        "1@300..600", "1 2"),
                Arguments.of("two people alternating every 4 s switch dominance each time",
                        room(1, 2).talk(1, 30, 0, 4000).talk(2, 30, 4000, 8000)
                                .talk(1, 30, 8000, 12000).talk(2, 30, 12000, 16000), 16000,
                        "1@300..600 2@5400..5800 1@9400..9800 2@13400..13800", "2 1"),
                Arguments.of("alternating speakers, evaluated every 100 ms",
                        alternating().evaluateEvery(100), 16000,
                        "1@300..600 2@5400..5800 1@9400..9800 2@13400..13800", "2 1"),
                Arguments.of("alternating speakers, evaluated every 300 ms",
                        alternating().evaluateEvery(300), 16000,
                        "1@300..700 2@5400..5900 1@9400..9900 2@13400..13900", "2 1"),
                Arguments.of("alternating speakers, packets arriving up to 30 ms late",
                        alternating().jitter(30, 42), 16000,
                        "1@300..800 2@5400..6000 1@9400..10000 2@13400..14000", "2 1"),
                Arguments.of("loud steady noise without the V bit never wins",
                        room(1, 2).noise(2, 20, 0, 20000), 20000,
                        "", "1 2"),
                Arguments.of("steady noise at level 60 does not beat a quieter talker",
                        room(1, 2).noise(2, 60, 0, 20000).talk(1, 65, 5000, 8000), 20000,
                        "1@5300..5600", "1 2"),
                Arguments.of("a far-away voice at level 90 does not count as speech",
                        room(1, 2).talk(2, 90, 0, 10000), 10000,
                        "", "1 2"),
                Arguments.of("a one-second interjection does not take over from a long talker",
                        room(1, 2).talk(1, 30, 0, 5000).talk(2, 30, 5000, 6000).talk(1, 30, 6000, 10000), 10000,
                        "1@300..600", "1 2"),
                Arguments.of("talking at once keeps the dominant speaker",
                        room(1, 2).talk(1, 30, 0, 10000).talk(2, 30, 3000, 10000), 10000,
                        "1@300..600", "1 2"),
                Arguments.of("of two starting together the louder wins",
                        room(1, 2).talk(1, 40, 1000, 5000).talk(2, 20, 1000, 5000), 5000,
                        "2@1300..1600", "2 1"),
                Arguments.of("a muted dominant speaker (no packets) loses to the next talker",
                        room(1, 2).talk(1, 30, 0, 3000).mute(1, 3000, 10000).talk(2, 30, 6000, 8000), 10000,
                        "1@300..600 2@6300..6600", "2 1"),
                Arguments.of("removing the dominant speaker hands over at once",
                        room(1, 2).talk(1, 30, 0, 3000).talk(2, 30, 3500, 4500).remove(1, 5000), 6000,
                        "1@300..600 2@5000..5000", "2"),
                Arguments.of("removing the dominant speaker when nobody else spoke leaves none",
                        room(1, 2).talk(1, 30, 0, 3000).remove(1, 5000), 6000,
                        "1@300..600 -1@5000..5000", "2"),
                Arguments.of("a speaker silent for longer than the windows loses rank to one who spoke since",
                        room(1, 2, 3).talk(1, 30, 0, 2000).talk(2, 30, 3000, 5000).talk(3, 30, 6000, 6500), 10000,
                        "1@300..600 2@3900..4200", "2 3 1"),
                Arguments.of("a speaker added later ranks last until it speaks, then takes over",
                        room(1).talk(1, 30, 0, 2000).add(9, 3000).talk(9, 30, 4000, 6000), 8000,
                        "1@300..600 9@4500..4800", "9 1"),
                Arguments.of("the clock going back 10 s mid-trace does not stop detection",
                        room(1, 2).talk(1, 30, 0, 3000).talk(2, 30, 6000, 9000)
                                .clock(ms -> ms < 5000 ? ms * MS : (ms - 10_000) * MS), 10000,
                        "1@300..600 2@6300..6600", "2 1"),
                Arguments.of("the clock jumping an hour ahead just empties the windows",
                        room(1, 2).talk(1, 30, 0, 3000).talk(2, 30, 6000, 9000)
                                .clock(ms -> ms < 5000 ? ms * MS : (ms + 3_600_000L) * MS), 10000,
                        "1@300..600 2@6300..6600", "2 1"),
                Arguments.of("times around zero and negative times work like any others",
                        room(1, 2).talk(1, 30, 0, 3000).talk(2, 30, 6000, 9000).clock(ms -> (ms - 5000) * MS), 10000,
                        "1@300..600 2@6300..6600", "2 1"));
    }

    private static SpeakerTrace alternating() {
        return room(1, 2).talk(1, 30, 0, 4000).talk(2, 30, 4000, 8000).talk(1, 30, 8000, 12000)
                .talk(2, 30, 12000, 16000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void dominantSpeakerSwitches(String name, SpeakerTrace trace, int endMs, String expectedSwitches,
            String expectedRanking) {
        SpeakerTrace.Run run = trace.run(endMs);
        String[] expected = expectedSwitches.isEmpty() ? new String[0] : expectedSwitches.split(" ");
        List<int[]> actual = run.switches();
        assertEquals(expected.length, actual.size(), "switches: " + run.switchesText());
        for (int i = 0; i < expected.length; i++) {
            String[] idAndRange = expected[i].split("@");
            String[] range = idAndRange[1].split("\\.\\.");
            int[] s = actual.get(i);
            assertEquals(Integer.parseInt(idAndRange[0]), s[1], "switch " + i + ": " + run.switchesText());
            assertTrue(s[0] >= Integer.parseInt(range[0]) && s[0] <= Integer.parseInt(range[1]),
                    "switch " + i + " at " + s[0] + " ms, expected " + idAndRange[1] + ": " + run.switchesText());
        }
        assertEquals(expectedRanking, text(run.finalRanking()), "final ranking");
    }

    @Test
    void evaluateReportsChangesOnlyOnce() {
        DominantSpeakerDetector detector = new DominantSpeakerDetector();
        assertFalse(detector.evaluate(0), "empty room");
        detector.addSpeaker(1);
        detector.addSpeaker(2);
        assertTrue(detector.evaluate(1), "speakers joined");
        assertFalse(detector.evaluate(2));
        long t = 0;
        boolean sawChange = false;
        for (int i = 0; i < 50; i++) { // 2 talks for one second
            t += 20 * MS;
            detector.onAudioLevel(2, 30, true, t);
            if (i % 10 == 9) {
                sawChange |= detector.evaluate(t);
            }
        }
        assertTrue(sawChange);
        assertEquals(2, detector.dominantSpeaker());
        assertArrayEquals(new int[] {2, 1}, detector.ranking());
        assertFalse(detector.evaluate(t + 200 * MS), "nothing changed since");
        assertTrue(detector.removeSpeaker(1));
        assertTrue(detector.evaluate(t + 400 * MS), "speaker left");
    }

    @Test
    void rankingCopiesOut() {
        DominantSpeakerDetector detector = new DominantSpeakerDetector();
        detector.addSpeaker(7);
        detector.addSpeaker(3);
        detector.addSpeaker(5);
        int[] out = new int[2];
        assertEquals(2, detector.ranking(out));
        assertArrayEquals(new int[] {7, 3}, out);
        assertEquals(3, detector.rankingSize());
        assertEquals(DominantSpeakerDetector.NONE, detector.dominantSpeaker());
    }

    @Test
    void speakersAreCappedAndUnique() {
        DominantSpeakerDetector small = new DominantSpeakerDetector(3);
        assertTrue(small.addSpeaker(1));
        assertTrue(small.addSpeaker(2));
        assertFalse(small.addSpeaker(2), "already present");
        assertThrows(IllegalArgumentException.class, () -> small.addSpeaker(-3), "would read as NONE");
        assertTrue(small.addSpeaker(Integer.MAX_VALUE));
        assertFalse(small.addSpeaker(4), "full");
        assertTrue(small.removeSpeaker(2));
        assertFalse(small.removeSpeaker(2), "already removed");
        assertTrue(small.addSpeaker(4));
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE, 4}, small.ranking());

        DominantSpeakerDetector room = new DominantSpeakerDetector();
        for (int id = 0; id < DominantSpeakerDetector.DEFAULT_MAX_SPEAKERS; id++) {
            assertTrue(room.addSpeaker(id * 31));
        }
        assertFalse(room.addSpeaker(1));
        assertEquals(1000, room.rankingSize());
    }

    @Test
    void unknownIdsAndOutOfRangeLevelsAreHarmless() {
        DominantSpeakerDetector detector = new DominantSpeakerDetector();
        detector.addSpeaker(1);
        detector.onAudioLevel(99, 30, true, 0);
        for (long t : new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0}) {
            detector.onAudioLevel(1, -5, true, t);
            detector.onAudioLevel(1, 300, true, t);
            detector.evaluate(t);
        }
        assertEquals(1, detector.rankingSize());
    }

    private static String text(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(text.length() == 0 ? "" : " ").append(id);
        }
        return text.toString();
    }
}
