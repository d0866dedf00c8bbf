package io.patchbay.load.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of processes, for the report. */
public final class Cpu {
    /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every mainstream Linux build. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private Cpu() {
    }

    /**
     * User + system CPU seconds of a process and all its threads, from {@code /proc/<pid>/stat} fields 14 and 15
     * (proc(5)); the command name (field 2) may contain spaces, so fields are counted after its closing ')'.
     */
    public static double processCpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state), so utime (14) is f[11] and stime (15) is f[12].
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS_PER_SECOND;
    }

    /** CPU seconds of this JVM (all threads). */
    public static double selfCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
