package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.forward.KeyframeDetector;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link KeyframeDetector} for every codec it inspects: the first input byte picks the
 * codec, the rest is the RTP payload. It never throws, and reads nothing outside the payload (the exact-size copy,
 * where a read past the end would throw, and the copy between junk bytes answer the same).
 */
class KeyframeDetectorFuzzTest {
    private static final KeyframeDetector[] DETECTORS = KeyframeDetector.values();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void payload(byte[] input) {
        if (input.length == 0) {
            return;
        }
        KeyframeDetector detector = DETECTORS[(input[0] & 0xFF) % DETECTORS.length];
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        Placed p = Placed.of(payload);
        assertEquals(detector.isKeyframeStart(payload, 0, payload.length), detector.isKeyframeStart(p.buf, p.off, p.len),
                detector + " reads only the payload");
    }
}
