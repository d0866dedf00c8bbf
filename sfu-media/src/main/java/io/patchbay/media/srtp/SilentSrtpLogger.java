package io.patchbay.media.srtp;

import java.util.Map;
import java.util.function.Supplier;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * The logger handed to jitsi-srtp: says nothing, and does so in methods small enough to vanish when compiled.
 *
 * <p>jitsi-srtp logs every packet outside the replay window at ERROR, and a peer decides how often that happens:
 * Patchbay counts those packets instead (drop reasons {@code srtp_replay}, {@code srtp_auth_failed}). It also builds a
 * debug message for every packet it unprotects as a capturing lambda ({@code logger.debug(() -> ...)}): behind a
 * {@link LoggerImpl} at level OFF that lambda was still allocated (24 bytes a packet, the call not inlined), while an
 * empty method here lets the JIT drop the allocation. Its child loggers are itself.
 */
final class SilentSrtpLogger extends LoggerImpl {
    static final SilentSrtpLogger INSTANCE = new SilentSrtpLogger();

    private SilentSrtpLogger() {
        super(SrtpSession.class.getName(), java.util.logging.Level.OFF);
    }

    @Override
    public Logger createChildLogger(String name, Map<String, String> context) {
        return this;
    }

    @Override
    public Logger createChildLogger(String name) {
        return this;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public void trace(Object message) {
    }

    @Override
    public void trace(Supplier<String> message) {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(Object message) {
    }

    @Override
    public void debug(Supplier<String> message) {
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public void info(Object message) {
    }

    @Override
    public void info(Supplier<String> message) {
    }

    @Override
    public boolean isWarnEnabled() {
        return false;
    }

    @Override
    public void warn(Object message) {
    }

    @Override
    public void warn(Supplier<String> message) {
    }

    @Override
    public void warn(Object message, Throwable cause) {
    }

    @Override
    public void error(Object message) {
    }

    @Override
    public void error(Supplier<String> message) {
    }

    @Override
    public void error(Object message, Throwable cause) {
    }
}
