package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.core.room.TrackSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pin.participantIds} and the publisher offer's {@code sources}: values, bounds and refusals. */
class PinAndSourceRequestsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty: nobody pinned|{\"participantIds\":[]}|",
        "one|{\"participantIds\":[\"PA_a\"]}|PA_a",
        "in the order given|{\"participantIds\":[\"PA_b\",\"PA_a\"]}|PA_b PA_a",
        "repeats count once|{\"participantIds\":[\"PA_b\",\"PA_a\",\"PA_b\"]}|PA_b PA_a",
        "other fields are ignored|{\"type\":\"pin\",\"participantIds\":[\"PA_a\"],\"x\":1}|PA_a",
    })
    void pins(String name, String message, String ids) throws Exception {
        List<String> expected = ids == null ? List.of() : Arrays.asList(ids.split(" "));
        assertEquals(expected, PinRequests.participantIds(Json.MAPPER.readTree(message)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "absent: none|{}|",
        "null: none|{\"sources\":null}|",
        "empty: none|{\"sources\":{}}|",
        "a screen|{\"sources\":{\"2\":\"screen\"}}|2=screen",
        "every source|{\"sources\":{\"0\":\"microphone\",\"1\":\"camera\",\"2\":\"screen\"}}|0=microphone 1=camera 2=screen",
    })
    void sources(String name, String message, String expected) throws Exception {
        Map<String, TrackSource> want = new LinkedHashMap<>();
        for (String entry : expected == null ? new String[0] : expected.split(" ")) {
            String[] kv = entry.split("=");
            want.put(kv[0], TrackSource.fromWire(kv[1]).orElseThrow());
        }
        assertEquals(want, TrackSources.read(Json.MAPPER.readTree(message)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pins missing|pins|{}",
        "pins null|pins|{\"participantIds\":null}",
        "pins a string|pins|{\"participantIds\":\"PA_a\"}",
        "pins an object|pins|{\"participantIds\":{\"PA_a\":true}}",
        "a number in pins|pins|{\"participantIds\":[\"PA_a\",5]}",
        "null in pins|pins|{\"participantIds\":[null]}",
        "an empty participant id|pins|{\"participantIds\":[\"\"]}",
        "a participant id over 64 characters|pins|{\"participantIds\":[\"PA_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}",
        "a nested array in pins|pins|{\"participantIds\":[[\"PA_a\"]]}",
        "sources an array|sources|{\"sources\":[\"screen\"]}",
        "sources a string|sources|{\"sources\":\"screen\"}",
        "an unknown source|sources|{\"sources\":{\"1\":\"display\"}}",
        "a source in capitals|sources|{\"sources\":{\"1\":\"Screen\"}}",
        "a number as source|sources|{\"sources\":{\"1\":2}}",
        "null as source|sources|{\"sources\":{\"1\":null}}",
        "an empty mid|sources|{\"sources\":{\"\":\"screen\"}}",
        "a mid over 32 characters|sources|{\"sources\":{\"123456789012345678901234567890123\":\"screen\"}}",
    })
    void badFieldsAreBadMessages(String name, String reader, String message) {
        SignalingException e = assertThrows(SignalingException.class, () -> {
            if (reader.equals("pins")) {
                PinRequests.participantIds(Json.MAPPER.readTree(message));
            } else {
                TrackSources.read(Json.MAPPER.readTree(message));
            }
        });
        assertEquals("bad-message", e.code());
    }

    @Test
    void atMostSixteenDistinctPinsButRepeatsDoNotCount() throws Exception {
        StringBuilder sixteen = new StringBuilder("{\"participantIds\":[");
        for (int i = 0; i < PinRequests.MAX_PINNED; i++) sixteen.append("\"PA_").append(i).append("\",\"PA_0\",");
        String atLimit = sixteen.substring(0, sixteen.length() - 1) + "]}";
        assertEquals(PinRequests.MAX_PINNED, PinRequests.participantIds(Json.MAPPER.readTree(atLimit)).size());
        String over = sixteen + "\"PA_x\"]}";
        SignalingException e = assertThrows(SignalingException.class,
                () -> PinRequests.participantIds(Json.MAPPER.readTree(over)));
        assertEquals("bad-message", e.code());
        assertEquals("'participantIds' may name at most 16 participants", e.getMessage());
    }

    @Test
    void atMost64Sources() throws Exception {
        StringBuilder many = new StringBuilder("{\"sources\":{\"0\":\"camera\"");
        for (int i = 1; i <= TrackSources.MAX_ENTRIES; i++) many.append(",\"").append(i).append("\":\"camera\"");
        assertEquals("bad-message", assertThrows(SignalingException.class,
                () -> TrackSources.read(Json.MAPPER.readTree(many + "}}"))).code());
    }
}
