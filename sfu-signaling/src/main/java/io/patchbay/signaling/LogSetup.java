package io.patchbay.signaling;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One concise line per log record on stderr; ice4j and Vert.x are quieted to warnings because their info logs are
 * per-connection noise for an operator. {@code PATCHBAY_LOG_LEVEL=FINE} shows Patchbay's debug lines.
 */
final class LogSetup {
    /** JUL holds loggers weakly: keep the ones we configure, or their levels vanish with them. */
    private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private LogSetup() {
    }

    static void configure() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String source = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
                String thrown = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
                return String.format("%1$tF %1$tT.%1$tL %2$-7s %3$s: %4$s%5$s%n",
                        r.getMillis(), r.getLevel().getName(), source, formatMessage(r), thrown);
            }
        });
        // Libraries (ice4j, jitsi-utils, Vert.x, Netty) log per-connection details at INFO: keep only their warnings.
        handler.setFilter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                || (r.getLoggerName() != null && (r.getLoggerName().startsWith("io.patchbay") || r.getLoggerName().equals("patchbay"))));
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        String level = System.getenv("PATCHBAY_LOG_LEVEL");
        Level patchbay = Level.INFO;
        if (level != null) {
            try {
                patchbay = Level.parse(level.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // keep INFO
            }
        }
        level(Logger.getLogger("io.patchbay"), patchbay);
        level(Logger.getLogger("org.ice4j"), Level.WARNING);
        level(Logger.getLogger("org.jitsi"), Level.WARNING);
        level(Logger.getLogger("io.vertx"), Level.WARNING);
        level(Logger.getLogger("io.netty"), Level.WARNING);
        level(Logger.getLogger("com.hazelcast"), Level.WARNING);
        // "CP Subsystem is not enabled ... UNSAFE mode": Patchbay uses no CP structures (locks, atomics), only maps.
        level(Logger.getLogger("com.hazelcast.cp.CPSubsystem"), Level.SEVERE);
    }

    private static void level(Logger logger, Level level) {
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }
}
