package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which layer a subscriber gets, for Chrome's three layers from a 720p camera (180, 360, 720 lines). */
class LayerSelectorTest {
    private static final int ANY = ConsumerPreferences.NO_LIMIT;
    private static final long UNLIMITED = Long.MAX_VALUE;
    private static final int[] HEIGHTS = {180, 360, 720};
    private static final long[] RATES = {150_000, 500_000, 1_500_000};
    private static final boolean[] ALL = {true, true, true};

    static Stream<Arguments> cases() {
        return Stream.of(
                row("no limits: the top", HEIGHTS, RATES, ALL, ANY, UNLIMITED, 2),
                row("maxHeight 180", HEIGHTS, RATES, ALL, 180, UNLIMITED, 0),
                row("maxHeight 540 takes 360", HEIGHTS, RATES, ALL, 540, UNLIMITED, 1),
                row("maxHeight 720", HEIGHTS, RATES, ALL, 720, UNLIMITED, 2),
                row("maxHeight below every layer: the lowest", HEIGHTS, RATES, ALL, 90, UNLIMITED, 0),
                row("400 kbps budget: the low layer", HEIGHTS, RATES, ALL, ANY, 400_000, 0),
                row("600 kbps budget: the middle", HEIGHTS, RATES, ALL, ANY, 600_000, 1),
                row("budget below every layer: still the lowest", HEIGHTS, RATES, ALL, ANY, 10_000, 0),
                row("height and budget: the stricter", HEIGHTS, RATES, ALL, 720, 600_000, 1),
                row("top stopped", HEIGHTS, RATES, new boolean[] {true, true, false}, ANY, UNLIMITED, 1),
                row("low stopped, limit 180: lowest active", HEIGHTS, RATES, new boolean[] {false, true, true}, 180,
                        UNLIMITED, 1),
                row("nothing active: keep", HEIGHTS, RATES, new boolean[] {false, false, false}, ANY, UNLIMITED,
                        LayerSelector.KEEP),
                row("heights unknown, a limit: the lowest", new int[] {0, 0, 0}, RATES, ALL, 360, UNLIMITED, 0),
                row("heights unknown, no limit: the top", new int[] {0, 0, 0}, RATES, ALL, ANY, UNLIMITED, 2),
                row("bitrates unknown fit any budget", HEIGHTS, new long[] {0, 0, 0}, ALL, ANY, 100_000, 2));
    }

    private static Arguments row(String name, int[] heights, long[] rates, boolean[] active, int maxHeight, long budget,
                                 int expected) {
        return Arguments.of(name, heights, rates, active, maxHeight, budget, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selects(String name, int[] heights, long[] rates, boolean[] active, int maxHeight, long budget, int expected) {
        assertEquals(expected, LayerSelector.select(heights, rates, active, heights.length, maxHeight, budget));
    }
}
