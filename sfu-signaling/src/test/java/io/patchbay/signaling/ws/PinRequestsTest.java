package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pin.participantIds}: the whole set, repeats once, bounded; everything else a bad-message. */
class PinRequestsTest {
    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty: nobody pinned|{\"participantIds\":[]}|",
        "one|{\"participantIds\":[\"PA_a\"]}|PA_a",
        "in the order given|{\"participantIds\":[\"PA_b\",\"PA_a\"]}|PA_b PA_a",
        "repeats count once|{\"participantIds\":[\"PA_b\",\"PA_a\",\"PA_b\"]}|PA_b PA_a",
        "other fields are ignored|{\"type\":\"pin\",\"participantIds\":[\"PA_a\"],\"x\":1}|PA_a",
    })
    void accepted(String name, String message, String ids) throws Exception {
        List<String> expected = ids == null ? List.of() : Arrays.asList(ids.split(" "));
        assertEquals(expected, PinRequests.participantIds(json(message)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing|{}",
        "null|{\"participantIds\":null}",
        "a string|{\"participantIds\":\"PA_a\"}",
        "an object|{\"participantIds\":{\"PA_a\":true}}",
        "a number in it|{\"participantIds\":[\"PA_a\",5]}",
        "null in it|{\"participantIds\":[null]}",
        "an empty id|{\"participantIds\":[\"\"]}",
        "an id over 64 characters|{\"participantIds\":[\"PA_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}",
        "a nested array|{\"participantIds\":[[\"PA_a\"]]}",
    })
    void refused(String name, String message) {
        assertEquals("bad-message", assertThrows(SignalingException.class,
                () -> PinRequests.participantIds(json(message))).code());
    }

    @org.junit.jupiter.api.Test
    void atMostSixteenDistinctIdsButRepeatsDoNotCount() throws Exception {
        StringBuilder sixteen = new StringBuilder("{\"participantIds\":[");
        for (int i = 0; i < PinRequests.MAX_PINNED; i++) sixteen.append("\"PA_").append(i).append("\",\"PA_0\",");
        String atLimit = sixteen.substring(0, sixteen.length() - 1) + "]}";
        assertEquals(PinRequests.MAX_PINNED, PinRequests.participantIds(json(atLimit)).size());
        String over = sixteen + "\"PA_x\"]}";
        SignalingException e = assertThrows(SignalingException.class, () -> PinRequests.participantIds(json(over)));
        assertEquals("bad-message", e.code());
        assertEquals("'participantIds' may name at most 16 participants", e.getMessage());
    }
}
