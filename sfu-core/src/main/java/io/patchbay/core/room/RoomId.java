package io.patchbay.core.room;

import java.util.regex.Pattern;

/** A room's name, as clients and the REST API spell it: {@code [A-Za-z0-9_-]{1,64}}. */
public record RoomId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public RoomId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("room names are 1-64 characters of [A-Za-z0-9_-]");
        }
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
