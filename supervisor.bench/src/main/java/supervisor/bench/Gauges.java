package supervisor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the harness reads from the JVM and the kernel: process CPU time, resident set, heap used
 * after a full GC, bytes allocated, and the CPU time of the supervisor's own threads. Each reading
 * says how it is taken, so the Go harness can take the same one.
 */
final class Gauges {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes()}, Java 21+; null before. */
    private static final Method TOTAL_ALLOCATED = totalAllocatedMethod();

    private Gauges() {
    }

    /** CPU time (user + system) of the whole process, all threads, in nanoseconds. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM reports no process CPU time (" + os.getClass().getName() + ")");
    }

    /**
     * CPU time of every thread of the process but the calling one, in nanoseconds, to the
     * scheduler's precision: the sum of the first field of {@code /proc/self/task/<tid>/schedstat}
     * (time on a CPU) over the live threads, the JVM's own (GC, JIT) included. The calling thread
     * is left out so the reading itself is not counted. -1 where there is no such file (not Linux).
     * {@link #processCpuNanos()} counts in clock ticks (10 ms) on Linux, too coarse for an idle JVM.
     */
    static long otherThreadsCpuNanos() {
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            String[] tids = new java.io.File("/proc/self/task").list();
            if (tids == null) {
                return -1;
            }
            // read with one small buffer: reading 10,000 files with the usual readers allocates
            // enough to set off collections, whose cost grows with the threads and would be counted
            byte[] buffer = new byte[128];
            StringBuilder path = new StringBuilder(40);
            long sum = 0;
            for (String tid : tids) {
                if (tid.equals(self)) {
                    continue;
                }
                path.setLength(0);
                path.append("/proc/self/task/").append(tid).append("/schedstat");
                try (java.io.FileInputStream in = new java.io.FileInputStream(path.toString())) {
                    int length = in.read(buffer);
                    long value = 0;
                    for (int i = 0; i < length && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
                        value = value * 10 + (buffer[i] - '0');
                    }
                    sum += value;
                } catch (IOException ended) {
                    // the thread ended while listed: its time is gone from this sum
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time so far of every thread of the process but the calling one, in nanoseconds, summed
     * by thread name with its digits left out ({@code GC Thread#0} and {@code #1} as
     * {@code GC Thread#N}; the kernel keeps 15 characters of a name). Empty off Linux.
     */
    static java.util.Map<String, Long> cpuByThreadName() {
        java.util.Map<String, Long> sums = new java.util.TreeMap<>();
        String[] tids = new java.io.File("/proc/self/task").list();
        if (tids == null) {
            return sums;
        }
        String self;
        try {
            self = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return sums;
        }
        byte[] buffer = new byte[128];
        for (String tid : tids) {
            if (tid.equals(self)) {
                continue;
            }
            String base = "/proc/self/task/" + tid + "/";
            try {
                String comm = withoutDigits(read(base + "comm", buffer));
                String stat = read(base + "schedstat", buffer);
                sums.merge(comm, Long.parseLong(stat.substring(0, stat.indexOf(' '))), Long::sum);
            } catch (IOException | RuntimeException ended) {
                // the thread ended while listed
            }
        }
        return sums;
    }

    /** {@code name} with each run of digits as one {@code N}. */
    static String withoutDigits(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                out.append(c);
            } else if (i == 0 || name.charAt(i - 1) < '0' || name.charAt(i - 1) > '9') {
                out.append('N');
            }
        }
        return out.toString();
    }

    private static String read(String file, byte[] buffer) throws IOException {
        try (java.io.FileInputStream in = new java.io.FileInputStream(file)) {
            int length = Math.max(0, in.read(buffer));
            return new String(buffer, 0, length, java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
    }

    /** The resident set ({@code VmRSS} of {@code /proc/self/status}) in bytes, or -1 off Linux. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** Heap in use after three full collections, in bytes. */
    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** How {@link #allocatedBytes()} counts, for the output line. */
    static String allocationMethod() {
        return TOTAL_ALLOCATED != null ? "total-thread-allocated" : "live-thread-allocated";
    }

    /**
     * Bytes allocated on the heap so far: on Java 21+ the JVM's total over all threads, ended ones
     * included ({@code getTotalThreadAllocatedBytes}); on Java 17 the sum over the live platform
     * threads only (which is exact while no thread ends, as during a start-up).
     */
    static long allocatedBytes() {
        if (TOTAL_ALLOCATED != null) {
            try {
                long total = (long) TOTAL_ALLOCATED.invoke(THREADS);
                if (total >= 0) {
                    return total;
                }
            } catch (ReflectiveOperationException e) {
                // fall back to the live threads
            }
        }
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) THREADS;
        return Arrays.stream(sun.getThreadAllocatedBytes(THREADS.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    /**
     * CPU time of the live platform threads whose name starts with {@code prefix} (the
     * supervisor's own: {@code <name>/<service>}, {@code <name>-timer}, {@code <name>-listener-n}),
     * in nanoseconds. Virtual threads report none.
     */
    static long threadCpuNanos(String prefix) {
        long[] ids = THREADS.getAllThreadIds();
        List<Long> ours = new ArrayList<>();
        for (ThreadInfo info : THREADS.getThreadInfo(ids)) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                ours.add(info.getThreadId());
            }
        }
        long sum = 0;
        for (long id : ours) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu > 0) {
                sum += cpu;
            }
        }
        return sum;
    }

    /**
     * How many platform threads this machine lets a JVM have, roughly: each takes two memory maps
     * (stack and guard page) out of {@code vm.max_map_count}, which the heap, code and libraries
     * share; a third of it is a safe bound. Also bounded by {@code kernel.threads-max}.
     */
    static int platformThreadLimit() {
        long maps = readLong("/proc/sys/vm/max_map_count", 65_530);
        long threads = readLong("/proc/sys/kernel/threads-max", Long.MAX_VALUE);
        return (int) Math.min(Integer.MAX_VALUE, Math.min(maps / 3, threads / 2));
    }

    private static long readLong(String file, long otherwise) {
        try {
            // Files.readString trusts the size /proc reports and may cut the text short: read lines
            List<String> lines = Files.readAllLines(Path.of(file));
            return Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return otherwise;
        }
    }

    private static Method totalAllocatedMethod() {
        try {
            Method method = com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
            return (long) method.invoke(THREADS) >= 0 ? method : null;
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            return null;
        }
    }
}
