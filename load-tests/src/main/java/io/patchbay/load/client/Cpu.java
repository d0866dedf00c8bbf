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

    /**
     * User + system CPU seconds of the threads of a process whose name starts with one of {@code prefixes}, from
     * {@code /proc/<pid>/task/<tid>/stat}; 0 when none has such a name. A thread that ended between two readings takes
     * its CPU time with it, so a difference of two readings can only under-count.
     */
    public static double threadsCpuSeconds(long pid, java.util.List<String> prefixes) throws IOException {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (prefixes.stream().noneMatch(name::startsWith)) continue;
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    /** HotSpot's JIT compiler threads ("C2 CompilerThread0", truncated to 15 characters by the kernel). */
    public static final java.util.List<String> JIT_COMPILER_THREADS = java.util.List.of("C1 CompilerThre",
            "C2 CompilerThre");

    /** CPU seconds of this JVM (all threads). */
    public static double selfCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
