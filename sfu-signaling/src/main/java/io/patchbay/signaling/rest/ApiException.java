package io.patchbay.signaling.rest;

/** A caller error, answered as {@code {"error":{"code","message"}}} with the code's HTTP status. */
public final class ApiException extends Exception {
    private final ApiError error;

    ApiException(ApiError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
