package io.patchbay.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.media.forward.ConsumerPreferences;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fields of update-subscription, subscribe / unsubscribe and join.autoSubscribe: values and refusals. */
class SubscriptionRequestsTest {
    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nothing: no limit, playing|{}|2147483647|false|",
        "nulls: no limit, playing|{\"maxHeight\":null,\"paused\":null}|2147483647|false|",
        "a height|{\"maxHeight\":360}|360|false|",
        "zero|{\"maxHeight\":0}|0|false|",
        "the largest|{\"maxHeight\":8192}|8192|false|",
        "paused|{\"paused\":true}|2147483647|true|",
        "both|{\"maxHeight\":720,\"paused\":false}|720|false|2147483647",
        "a frame rate|{\"maxFrameRate\":15}|2147483647|false|15",
        "the highest frame rate|{\"maxFrameRate\":240,\"maxHeight\":180}|180|false|240",
        "null frame rate|{\"maxFrameRate\":null}|2147483647|false|2147483647",
    })
    void preferences(String name, String message, int maxHeight, boolean paused, Integer maxFrameRate)
            throws Exception {
        int fps = maxFrameRate == null ? ConsumerPreferences.NO_LIMIT : maxFrameRate;
        assertEquals(new ConsumerPreferences(maxHeight, paused, fps), SubscriptionRequests.preferences(json(message)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "negative height|preferences|{\"maxHeight\":-1}",
        "height over 8192|preferences|{\"maxHeight\":8193}",
        "height beyond int|preferences|{\"maxHeight\":99999999999}",
        "fractional height|preferences|{\"maxHeight\":360.5}",
        "height as text|preferences|{\"maxHeight\":\"360\"}",
        "height as boolean|preferences|{\"maxHeight\":true}",
        "frame rate 0|preferences|{\"maxFrameRate\":0}",
        "frame rate over 240|preferences|{\"maxFrameRate\":241}",
        "fractional frame rate|preferences|{\"maxFrameRate\":7.5}",
        "frame rate as text|preferences|{\"maxFrameRate\":\"15\"}",
        "paused as text|preferences|{\"paused\":\"yes\"}",
        "paused as number|preferences|{\"paused\":1}",
        "trackIds missing|trackIds|{}",
        "trackIds not an array|trackIds|{\"trackIds\":\"TR_a\"}",
        "trackIds empty|trackIds|{\"trackIds\":[]}",
        "a number in trackIds|trackIds|{\"trackIds\":[\"TR_a\",5]}",
        "an empty track id|trackIds|{\"trackIds\":[\"\"]}",
        "a track id over 64 characters|trackIds|{\"trackIds\":[\"TR_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}",
        "a nested array|trackIds|{\"trackIds\":[[\"TR_a\"]]}",
        "autoSubscribe as text|autoSubscribe|{\"autoSubscribe\":\"no\"}",
    })
    void badFieldsAreBadMessages(String name, String reader, String message) {
        SignalingException e = assertThrows(SignalingException.class, () -> {
            switch (reader) {
                case "preferences" -> SubscriptionRequests.preferences(json(message));
                case "trackIds" -> SubscriptionRequests.trackIds(json(message));
                default -> SubscriptionRequests.autoSubscribe(json(message));
            }
        });
        assertEquals("bad-message", e.code());
    }

    @org.junit.jupiter.api.Test
    void trackIdsKeepOrderWithoutRepeatsAndAreBounded() throws Exception {
        assertEquals(List.of("TR_b", "TR_a"), SubscriptionRequests.trackIds(json("{\"trackIds\":[\"TR_b\",\"TR_a\",\"TR_b\"]}")));
        String many = "{\"trackIds\":[" + "\"TR_x\",".repeat(SubscriptionRequests.MAX_TRACK_IDS) + "\"TR_x\"]}";
        assertEquals("bad-message", assertThrows(SignalingException.class,
                () -> SubscriptionRequests.trackIds(json(many))).code());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "absent|{}|true",
        "null|{\"autoSubscribe\":null}|true",
        "false|{\"autoSubscribe\":false}|false",
        "true|{\"autoSubscribe\":true}|true",
    })
    void autoSubscribe(String name, String message, boolean expected) throws Exception {
        assertEquals(expected, SubscriptionRequests.autoSubscribe(json(message)));
    }
}
