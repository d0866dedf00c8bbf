package io.patchbay.media.speaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LastNTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                        | ranking     | pinned | n  | forwarded
        top of the ranking                            | 4 2 7 1     |        | 2  | 4 2
        n larger than the room forwards everyone      | 4 2 7       |        | 10 | 4 2 7
        n negative forwards everyone                  | 4 2 7 1     |        | -1 | 4 2 7 1
        n zero forwards nothing but the pinned        | 4 2 7       | 7      | 0  | 7
        n zero without pins forwards nothing          | 4 2 7       |        | 0  |
        pinned first, then n of the ranking           | 4 2 7 1     | 1      | 2  | 1 4 2
        pinned are not repeated from the ranking      | 4 2 7 1     | 2      | 2  | 2 4 7
        pinned beyond n are all kept, in their order  | 4 2 7 1     | 7 1 2  | 2  | 7 1 2 4
        pinned duplicates count once                  | 4 2 7       | 7 7    | 2  | 7 4 2
        pinned without audio are forwarded too        | 4 2         | 9      | 2  | 9 4 2
        n negative with pinned                        | 4 2 7       | 2 9    | -1 | 2 9 4 7
        everyone pinned                               | 4 2         | 2 4    | 1  | 2 4
        empty room                                    |             |        | 3  |
        empty room with a pin                         |             | 5      | 3  | 5
        """)
    void selectsForwardedIds(String name, String ranking, String pinned, int n, String forwarded) {
        int[] rankingIds = ids(ranking);
        int[] padded = Arrays.copyOf(rankingIds, rankingIds.length + 3); // only rankingSize entries are read
        padded[rankingIds.length] = 4;
        assertArrayEquals(ids(forwarded), LastN.select(padded, rankingIds.length, ids(pinned), n));
    }

    private static int[] ids(String text) {
        return text == null || text.isBlank() ? new int[0]
                : Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }
}
