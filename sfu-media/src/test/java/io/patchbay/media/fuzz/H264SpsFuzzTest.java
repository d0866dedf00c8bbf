package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.codec.H264ParseResult;
import io.patchbay.media.codec.H264Sps;

/**
 * Coverage-guided fuzzing of {@link H264Sps}: the input is an RTP payload (a single NAL unit or a STAP-A). It never
 * throws, answers the same for the payload placed between junk bytes (so it reads nothing outside it), and a size it
 * reports is within 1..{@link H264Sps#MAX_DIMENSION}.
 */
class H264SpsFuzzTest {
    private final H264Sps exact = new H264Sps();
    private final H264Sps placed = new H264Sps();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void sps(byte[] input) {
        H264ParseResult result = exact.parse(input, 0, input.length);
        Placed p = Placed.of(input);
        assertEquals(result, placed.parse(p.buf, p.off, p.len), "reads only the payload");
        if (result == H264ParseResult.OK) {
            assertEquals(exact.width() + "x" + exact.height(), placed.width() + "x" + placed.height());
            assertTrue(exact.width() >= 1 && exact.width() <= H264Sps.MAX_DIMENSION);
            assertTrue(exact.height() >= 1 && exact.height() <= H264Sps.MAX_DIMENSION);
        }
    }
}
