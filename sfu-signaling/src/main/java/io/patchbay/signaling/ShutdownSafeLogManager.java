package io.patchbay.signaling;

import java.util.logging.LogManager;

/**
 * JUL's LogManager resets (closes every handler) in a shutdown hook of its own, which runs alongside ours: without
 * this, everything the server logs while it drains after SIGTERM is lost. Installed by {@link Main} through the
 * {@code java.util.logging.manager} property before anything logs; resets asked for at start-up still happen.
 */
public final class ShutdownSafeLogManager extends LogManager {
    private static volatile boolean started;

    /** From now on, resets are ignored (the drain's lines must reach stderr). */
    static void keepHandlers() {
        started = true;
    }

    @Override
    public void reset() {
        if (!started) super.reset();
    }
}
