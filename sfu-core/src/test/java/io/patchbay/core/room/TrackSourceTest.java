package io.patchbay.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Track sources on the wire, which kinds they fit, and the default of each kind. */
class TrackSourceTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # wire      | kind  | fits
        camera      | VIDEO | true
        camera      | AUDIO | false
        microphone  | AUDIO | true
        microphone  | VIDEO | false
        screen      | VIDEO | true
        screen      | AUDIO | true
        """)
    void fits(String wire, TrackKind kind, boolean fits) {
        TrackSource source = TrackSource.fromWire(wire).orElseThrow();
        assertEquals(wire, source.wireName());
        assertEquals(fits, source.fits(kind));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"Screen", "''", "' screen'", "display", "user"})
    void unknownNamesAreNotSources(String wire) {
        assertEquals(Optional.empty(), TrackSource.fromWire(wire));
    }

    @Test
    void aTrackWithoutDeclaredSourceHasItsKindsDefault() {
        assertEquals(TrackSource.CAMERA, new TrackInfo(TrackId.random(), TrackKind.VIDEO, false).source());
        assertEquals(TrackSource.MICROPHONE, new TrackInfo(TrackId.random(), TrackKind.AUDIO, false).source());
        TrackInfo screen = new TrackInfo(TrackId.random(), TrackKind.VIDEO, false, List.of(), TrackSource.SCREEN);
        assertEquals(TrackSource.SCREEN, screen.withMuted(true).source());
        assertThrows(IllegalArgumentException.class,
                () -> new TrackInfo(TrackId.random(), TrackKind.AUDIO, false, List.of(), TrackSource.CAMERA));
    }
}
