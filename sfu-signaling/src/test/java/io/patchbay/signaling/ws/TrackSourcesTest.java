package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.core.room.TrackSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The publisher offer's {@code sources}: mids to sources, or a bad-message. */
class TrackSourcesTest {
    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "absent: none|{}|",
        "null: none|{\"sources\":null}|",
        "empty: none|{\"sources\":{}}|",
        "a screen|{\"sources\":{\"2\":\"screen\"}}|2=screen",
        "every source|{\"sources\":{\"0\":\"microphone\",\"1\":\"camera\",\"2\":\"screen\"}}|0=microphone 1=camera 2=screen",
    })
    void accepted(String name, String message, String expected) throws Exception {
        Map<String, TrackSource> want = new LinkedHashMap<>();
        if (expected != null) {
            for (String entry : expected.split(" ")) {
                String[] kv = entry.split("=");
                want.put(kv[0], TrackSource.fromWire(kv[1]).orElseThrow());
            }
        }
        assertEquals(want, TrackSources.read(json(message)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an array|{\"sources\":[\"screen\"]}",
        "a string|{\"sources\":\"screen\"}",
        "an unknown source|{\"sources\":{\"1\":\"display\"}}",
        "a source in capitals|{\"sources\":{\"1\":\"Screen\"}}",
        "a number|{\"sources\":{\"1\":2}}",
        "null for a mid|{\"sources\":{\"1\":null}}",
        "an empty mid|{\"sources\":{\"\":\"screen\"}}",
        "a mid over 32 characters|{\"sources\":{\"123456789012345678901234567890123\":\"screen\"}}",
    })
    void refused(String name, String message) {
        assertEquals("bad-message", assertThrows(SignalingException.class,
                () -> TrackSources.read(json(message))).code());
    }

    @org.junit.jupiter.api.Test
    void atMost64Entries() throws Exception {
        StringBuilder many = new StringBuilder("{\"sources\":{");
        for (int i = 0; i <= TrackSources.MAX_ENTRIES; i++) many.append(i == 0 ? "" : ",").append("\"").append(i).append("\":\"camera\"");
        assertEquals("bad-message", assertThrows(SignalingException.class,
                () -> TrackSources.read(json(many + "}}"))).code());
    }
}
