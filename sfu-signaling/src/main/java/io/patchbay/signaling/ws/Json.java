package io.patchbay.signaling.ws;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of the signaling layer, with limits suited to untrusted input. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxStringLength(128 * 1024)
                .maxNumberLength(32)
                .build());
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Required text field, or a {@code bad-message} error naming it. */
    public static String requireText(JsonNode message, String field, int maxLength) throws SignalingException {
        JsonNode v = message.get(field);
        if (v == null || !v.isTextual()) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "'" + field + "' must be a string");
        }
        String s = v.asText();
        if (s.length() > maxLength) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE, "'" + field + "' is longer than " + maxLength);
        }
        return s;
    }

    public static String optionalText(JsonNode message, String field, int maxLength) throws SignalingException {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) return null;
        return requireText(message, field, maxLength);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
