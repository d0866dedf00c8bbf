package io.patchbay.media.speaker;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

/**
 * A synthetic room for {@link DominantSpeakerDetector}: every present speaker sends one packet each 20 ms (level 127
 * without voice when nothing else is scripted), the detector is evaluated every 200 ms (or as set), and each change of the
 * dominant speaker is recorded with its time. Times in the script are milliseconds from the start; the clock maps them
 * to the nanoseconds handed to the detector.
 */
final class SpeakerTrace {
    private static final long MS = 1_000_000L;
    private static final int PACKET_MS = 20;
    private static final int DEFAULT_EVALUATE_MS = 200;

    private record Segment(int id, int level, boolean voice, boolean silent, int fromMs, int toMs) {
    }

    private record Membership(int id, boolean add, int atMs) {
    }

    private final int[] initial;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Membership> memberships = new ArrayList<>();
    private LongUnaryOperator clock = ms -> 5_000_000_000_000L + ms * MS;
    private int evaluateMs = DEFAULT_EVALUATE_MS;
    private int jitterMs;
    private long jitterSeed;

    private SpeakerTrace(int... speakers) {
        this.initial = speakers;
    }

    static SpeakerTrace room(int... speakers) {
        return new SpeakerTrace(speakers);
    }

    /** Speaker {@code id} talks at {@code level} with the V bit set from {@code fromMs} until before {@code toMs}. */
    SpeakerTrace talk(int id, int level, int fromMs, int toMs) {
        segments.add(new Segment(id, level, true, false, fromMs, toMs));
        return this;
    }

    /** Packets at {@code level} without the V bit: background noise. */
    SpeakerTrace noise(int id, int level, int fromMs, int toMs) {
        segments.add(new Segment(id, level, false, false, fromMs, toMs));
        return this;
    }

    /** No packets at all (muted, or DTX). */
    SpeakerTrace mute(int id, int fromMs, int toMs) {
        segments.add(new Segment(id, 127, false, true, fromMs, toMs));
        return this;
    }

    SpeakerTrace add(int id, int atMs) {
        memberships.add(new Membership(id, true, atMs));
        return this;
    }

    SpeakerTrace remove(int id, int atMs) {
        memberships.add(new Membership(id, false, atMs));
        return this;
    }

    /** Maps script milliseconds to the detector's nanoseconds. */
    SpeakerTrace clock(LongUnaryOperator msToNanos) {
        this.clock = msToNanos;
        return this;
    }

    SpeakerTrace evaluateEvery(int ms) {
        this.evaluateMs = ms;
        return this;
    }

    /** Each packet arrives up to {@code maxMs} late, uniformly at random (seeded), so bins get 0, 1 or 2 packets. */
    SpeakerTrace jitter(int maxMs, long seed) {
        this.jitterMs = maxMs;
        this.jitterSeed = seed;
        return this;
    }

    /** Result of a run: the dominant-speaker switches and the final ranking. */
    record Run(List<int[]> switches, int[] finalRanking, DominantSpeakerDetector detector) {
        /** Switches as {@code id@ms} separated by spaces, e.g. {@code "1@400 2@5600"}. */
        String switchesText() {
            StringBuilder text = new StringBuilder();
            for (int[] s : switches) {
                text.append(text.length() == 0 ? "" : " ").append(s[1]).append('@').append(s[0]);
            }
            return text.toString();
        }
    }

    Run run(int endMs) {
        DominantSpeakerDetector detector = new DominantSpeakerDetector();
        SplittableRandom random = new SplittableRandom(jitterSeed);
        List<Integer> present = new ArrayList<>();
        for (int id : initial) {
            detector.addSpeaker(id);
            present.add(id);
        }
        List<int[]> switches = new ArrayList<>();
        int dominant = detector.dominantSpeaker();
        for (int ms = 0; ms <= endMs; ms += PACKET_MS) {
            for (Membership m : memberships) {
                if (m.atMs == ms) {
                    if (m.add) {
                        detector.addSpeaker(m.id);
                        present.add(m.id);
                    } else {
                        detector.removeSpeaker(m.id);
                        present.remove(Integer.valueOf(m.id));
                    }
                }
            }
            for (int id : present) {
                Segment segment = segmentAt(id, ms);
                long at = clock.applyAsLong(ms + offsetMs(id)) + (jitterMs == 0 ? 0 : random.nextLong(jitterMs * MS));
                if (segment == null) {
                    detector.onAudioLevel(id, 127, false, at);
                } else if (!segment.silent) {
                    detector.onAudioLevel(id, segment.level, segment.voice, at);
                }
            }
            if (ms % evaluateMs == 0) {
                detector.evaluate(clock.applyAsLong(ms + PACKET_MS - 1));
            }
            if (detector.dominantSpeaker() != dominant) {
                dominant = detector.dominantSpeaker();
                switches.add(new int[] {ms, dominant});
            }
        }
        return new Run(switches, detector.ranking(), detector);
    }

    /** Speakers' packets do not arrive in lock step: each has its own phase within the 20 ms. */
    private static int offsetMs(int id) {
        return Math.floorMod(id * 7, PACKET_MS);
    }

    private Segment segmentAt(int id, int ms) {
        Segment found = null;
        for (Segment s : segments) {
            if (s.id == id && s.fromMs <= ms && ms < s.toMs) {
                found = s; // later lines override earlier ones
            }
        }
        return found;
    }
}
