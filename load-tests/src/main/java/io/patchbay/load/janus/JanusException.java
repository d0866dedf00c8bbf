package io.patchbay.load.janus;

import java.io.IOException;

/**
 * An error Janus reported: a core error ({@code "janus":"error"}, e.g. 458 "No such session") or a plugin error
 * ({@code error_code}/{@code error} in the plugin data, e.g. videoroom 428 "No such feed"). {@link #code()} is
 * Janus's number, or {@link #NO_CODE} for a hangup or detach that has none.
 */
public final class JanusException extends IOException {
    public static final int NO_CODE = -1;

    private final int code;
    private final String reason;

    public JanusException(int code, String reason, String context) {
        super(context + ": Janus error " + code + " (" + reason + ")");
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
