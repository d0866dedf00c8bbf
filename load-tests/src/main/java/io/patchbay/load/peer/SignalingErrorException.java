package io.patchbay.load.peer;

import com.fasterxml.jackson.databind.JsonNode;

/** The server answered a request with {@code {"type":"error","code":...,"message":...}}. */
public class SignalingErrorException extends Exception {
    private final transient JsonNode error;

    public SignalingErrorException(String what, JsonNode error) {
        super(what + ": " + error);
        this.error = error;
    }

    /** The error's {@code code}, e.g. {@code resume-failed}. */
    public String code() {
        return error.path("code").asText();
    }

    public String serverMessage() {
        return error.path("message").asText();
    }

    public JsonNode error() {
        return error;
    }
}
