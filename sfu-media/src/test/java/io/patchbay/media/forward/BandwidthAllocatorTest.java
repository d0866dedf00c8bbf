package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How one subscriber's estimate is shared among its video tracks (85% of it, less 40 kbps per audio track). Simulcast tracks have Chrome's layers from a 720p
 * camera: 180/360/720 lines at 150/500/1,500 kbps. Results are layer indexes; P = paused.
 */
class BandwidthAllocatorTest {
    private static final int P = BandwidthAllocator.PAUSED;
    private static final int ANY = ConsumerPreferences.NO_LIMIT;
    private static final long UNKNOWN = BandwidthAllocator.UNKNOWN_ESTIMATE;

    /**
     * A track: priority, maxHeight, current layer, simulcast or a single 800 kbps encoding, upgrade on hold; with
     * {@code temporal}, the simulcast low layer comes at 7.5, 15 and 30 fps (options 0-2, then 360p and 720p at
     * 30 fps as options 3 and 4), and {@code maxFrameRate} limits it.
     */
    private record Track(int priority, int maxHeight, int current, boolean simulcast, boolean hold, boolean temporal,
                         int maxFrameRate) {
        Track(int priority, int maxHeight, int current, boolean simulcast) {
            this(priority, maxHeight, current, simulcast, false);
        }

        Track(int priority, int maxHeight, int current, boolean simulcast, boolean hold) {
            this(priority, maxHeight, current, simulcast, hold, false, ANY);
        }
    }

    private static Track temporal(int priority, int maxFrameRate) {
        return new Track(priority, ANY, 0, true, false, true, maxFrameRate);
    }

    private static Track sim(int priority) {
        return new Track(priority, ANY, 0, true);
    }

    private static Track sim(int priority, int maxHeight) {
        return new Track(priority, maxHeight, 0, true);
    }

    private static Track simAt(int priority, int current) {
        return new Track(priority, ANY, current, true);
    }

    private static Track single(int priority) {
        return new Track(priority, ANY, 0, false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("no estimate: every track its top", UNKNOWN, 0, new int[] {2, 2}, sim(0), sim(0)),
                row("no estimate, maxHeight 180", UNKNOWN, 0, new int[] {0, 2}, sim(0, 180), sim(0)),
                row("plenty: both at the top", 5_000_000, 2, new int[] {2, 2}, sim(0), sim(0)),
                row("400 kbps, one track: the low layer", 400_000, 1, new int[] {0}, sim(0)),
                row("800 kbps, one track: the middle", 800_000, 1, new int[] {1}, sim(0)),
                row("2.8 Mbps, two tracks: the speaker gets the top, the other the middle", 2_800_000, 2,
                        new int[] {1, 2}, sim(0), sim(10)),
                row("250 kbps, two tracks: the speaker low, the other paused", 250_000, 1, new int[] {P, 0},
                        sim(0), sim(10)),
                row("100 kbps: the first track is never paused", 100_000, 1, new int[] {0, P}, sim(10), sim(0)),
                row("a single encoding is never paused", 100_000, 1, new int[] {0, 0}, sim(10), single(0)),
                row("maxHeight 360 caps the climb", 5_000_000, 0, new int[] {1}, sim(0, 360)),
                row("an upgrade needs headroom: 1.9 Mbps is not enough to go up to f", 1_900_000, 0,
                        new int[] {1}, simAt(0, 1)),
                row("but keeps f once there", 1_900_000, 0, new int[] {2}, simAt(0, 2)),
                row("just went down: no going up yet", 5_000_000, 0, new int[] {0},
                        new Track(0, ANY, 0, true, true)),
                row("on hold, but going down is still allowed", 200_000, 0, new int[] {0},
                        new Track(0, ANY, 1, true, true)),
                row("screen share first, speaker next", 1_200_000, 0, new int[] {0, 1, 0}, sim(5), sim(100), sim(1)),
                row("temporal layers: the first track keeps the low layer at full frame rate", 100_000, 0,
                        new int[] {2}, temporal(0, ANY)),
                row("temporal layers: 2 Mbps, the top at 30 fps", 2_000_000, 0, new int[] {4}, temporal(0, ANY)),
                row("temporal layers: the second track gets 7.5 fps before it would be paused", 300_000, 0,
                        new int[] {2, 0}, temporal(10, ANY), temporal(0, ANY)),
                row("temporal layers: 320 kbps buys the second track 15 fps", 320_000, 0, new int[] {2, 1},
                        temporal(10, ANY), temporal(0, ANY)),
                row("maxFrameRate 15 keeps the low layer at 15 fps", 5_000_000, 0, new int[] {1},
                        temporal(0, 15)));
    }

    private static Arguments row(String name, long estimate, int audio, int[] expected, Track... tracks) {
        return Arguments.of(name, estimate, audio, expected, tracks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allocates(String name, long estimate, int audio, int[] expected, Track[] tracks) {
        BandwidthAllocator a = allocator(tracks);
        a.allocate(estimate, audio);
        assertArrayEquals(expected, Arrays.copyOf(a.layer, tracks.length));
    }

    /**
     * What the publisher is asked to keep sending follows the subscriber's limits, not its budget: a track held on
     * the low layer (or paused) by bandwidth still prefers the tallest layer its limits allow.
     */
    @Test
    void theLayerATrackPrefersIgnoresTheBudget() {
        BandwidthAllocator a = allocator(new Track[] {sim(10, 360), sim(0)});
        a.allocate(250_000, 1);
        assertArrayEquals(new int[] {0, P}, Arrays.copyOf(a.layer, 2));
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(a.preferred, 2));
        a.allocate(5_000_000, 1);
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(a.layer, 2));
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(a.preferred, 2));
    }

    private static BandwidthAllocator allocator(Track[] tracks) {
        BandwidthAllocator a = new BandwidthAllocator(8, 5);
        a.tracks = tracks.length;
        for (int t = 0; t < tracks.length; t++) {
            Track track = tracks[t];
            a.priority[t] = track.priority();
            a.maxHeight[t] = track.maxHeight();
            a.currentLayer[t] = track.current();
            a.holdUpgrade[t] = track.hold();
            a.pausable[t] = track.simulcast();
            a.maxFrameRate[t] = track.maxFrameRate();
            if (track.temporal()) {
                a.layerCount[t] = 5;
                set(a, t, 0, 180, 50_000, 7.5);
                set(a, t, 1, 180, 100_000, 15);
                set(a, t, 2, 180, 150_000, 30);
                set(a, t, 3, 360, 500_000, 30);
                set(a, t, 4, 720, 1_500_000, 30);
                for (int o = 0; o < 3; o++) a.lowestSpatial[t * a.layersPerTrack + o] = true;
            } else if (track.simulcast()) {
                a.layerCount[t] = 3;
                set(a, t, 0, 180, 150_000);
                set(a, t, 1, 360, 500_000);
                set(a, t, 2, 720, 1_500_000);
            } else {
                a.layerCount[t] = 1;
                set(a, t, 0, 480, 800_000);
            }
        }
        return a;
    }

    private static void set(BandwidthAllocator a, int track, int layer, int height, long bps) {
        set(a, track, layer, height, bps, 30);
    }

    private static void set(BandwidthAllocator a, int track, int layer, int height, long bps, double frameRate) {
        int at = track * a.layersPerTrack + layer;
        a.heightLines[at] = height;
        a.bitrateBps[at] = bps;
        a.frameRate[at] = frameRate;
        a.lowestSpatial[at] = layer == 0;
        a.active[at] = true;
    }
}
