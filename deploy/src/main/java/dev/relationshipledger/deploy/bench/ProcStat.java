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
        // the fields after the name, from the state on (the third of proc(5)): utime and stime are the 14th and 15th
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** stime alone, in clock ticks: the time the kernel worked for the thread or process (system calls, faults). */
    static long systemTicks(String stat) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]);
    }

    /** When the thread or process started, in clock ticks after boot: with its id, it tells a reused id apart. */
    static long startTicks(String stat) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    }

    /** utime + stime, in seconds. */
    static double cpuSeconds(String stat) {
        return ticks(stat) / TICKS_PER_SECOND;
    }
}
