package dev.relationshipledger.deploy.bench;

/** Reads a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} line (proc(5)). */
final class ProcStat {

    /** Clock ticks per second of the {@code stat} times (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** The name in parentheses (the command, or the thread's name), which may itself contain spaces and ')'. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime, in clock ticks. */
    static long ticks(String stat) {
        return times(stat).ticks();
    }

    /**
     * A thread's or process's times, from one reading of its line: utime + stime and stime alone (the time the kernel
     * worked for it: system calls, faults), and when it started, in clock ticks after boot (with its id, the start
     * tells a reused id apart).
     */
    record Times(long ticks, long systemTicks, long startTicks) {
    }

    static Times times(String stat) {
        // the fields after the name, from the state on (the third of proc(5)): utime and stime are the 14th and 15th,
        // starttime the 22nd
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long system = Long.parseLong(fields[12]);
        return new Times(Long.parseLong(fields[11]) + system, system, Long.parseLong(fields[19]));
    }

    /** utime + stime, in seconds. */
    static double cpuSeconds(String stat) {
        return ticks(stat) / TICKS_PER_SECOND;
    }
}
