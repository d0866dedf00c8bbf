package io.patchbay.signaling.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.signaling.rest.ApiException;
import io.patchbay.signaling.rest.RequestBodies;
import io.patchbay.signaling.ws.PinRequests;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the REST request bodies ({@link RequestBodies}): the first byte picks the endpoint
 * (create room, create token, mute, subscriptions, pins), the rest is the body. A value or a typed {@link ApiException} (4xx), nothing
 * else; what is accepted is within the documented limits.
 */
class RequestBodiesFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void body(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int endpoint = (input[0] & 0xFF) % 5;
        Buffer body = Buffer.buffer(Arrays.copyOfRange(input, 1, input.length));
        try {
            switch (endpoint) {
                case 0 -> {
                    RequestBodies.CreateRoom room = RequestBodies.createRoom(body);
                    assertTrue(room.name() != null && room.settings() != null, "a room name and settings");
                }
                case 1 -> {
                    RequestBodies.CreateToken token = RequestBodies.createToken(body);
                    assertTrue(!token.identity().isBlank() && token.identity().length() <= 256, "identity");
                    assertTrue(token.ttlSeconds() > 0, "a positive lifetime");
                }
                case 2 -> RequestBodies.mute(body);
                case 4 -> assertTrue(RequestBodies.pins(body).size() <= PinRequests.MAX_PINNED, "bounded pins");
                default -> {
                    RequestBodies.Subscriptions s = RequestBodies.subscriptions(body);
                    assertTrue(s.subscribe().size() + s.unsubscribe().size() > 0, "at least one id");
                    assertTrue(s.subscribe().size() <= 1024 && s.unsubscribe().size() <= 1024, "bounded lists");
                }
            }
        } catch (ApiException refused) {
            // the typed 4xx: the contract
        }
    }
}
