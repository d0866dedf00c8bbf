package io.patchbay.load.peer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code join} with a {@code reconnectToken} got {@code error} {@code resume-failed}: the token is unknown,
 * expired or for another room. The socket stays usable for a plain {@code join}.
 */
public final class ResumeFailedException extends SignalingErrorException {
    public ResumeFailedException(JsonNode error) {
        super("resume refused", error);
    }
}
