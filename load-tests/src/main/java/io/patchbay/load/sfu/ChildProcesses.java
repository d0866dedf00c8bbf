package io.patchbay.load.sfu;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Servers this generator started, stopped by process id if the generator itself is stopped (Ctrl-C, SIGTERM)
 * before it could close them: a benchmark must not leave an SFU running.
 */
public final class ChildProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : RUNNING) {
                p.destroy();
            }
            for (Process p : RUNNING) {
                try {
                    if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }, "stop-servers"));
    }

    private ChildProcesses() {
    }

    public static void started(Process p) {
        RUNNING.add(p);
    }

    /** SIGTERM, then SIGKILL after 5 s: by process id, never by name. */
    public static void stop(Process p) {
        RUNNING.remove(p);
        if (!p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
