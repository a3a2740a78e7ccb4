package supervisor.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.ThreadKind;
import supervisor.core.SupervisorEngine;

/**
 * The scale harness that measures our engine the way {@code supervisor.bench/go/main.go} measures
 * the Go original: six measures, each run once in a fresh JVM, each printing one {@link Line}.
 * Only the public API is used ({@link Config}, {@link SupervisorEngine#create}), so it measures
 * whatever engine it is built with.
 *
 * <pre>
 * java -cp supervisor.bench/target/benchmarks.jar supervisor.bench.Measures MEASURE [key=value ...]
 *
 *   startup   n=10000 kind=VIRTUAL timeout=120 rounds=1   start() until a listener saw every service RUNNING
 *   lateness  r=10 background=alone|busy seconds=5 healthy=10000 crashers=100 settle=0
 *   churn     n=10000 listener=false failing=1000 r=1 seconds=5 settle=1 bare=false
 *   idle      n=10000 r=100 seconds=10 settle=1
 *   memory    n=10000 settle=1 bare=false   bare=true: parked threads of the kind, no supervisor
 *   shutdown  n=10000 listener=true rounds=1
 *   floor     r=10 hop=none|timer seconds=10   the machine's own lateness, without a supervisor
 * </pre>
 *
 * <p>{@code rounds=K} repeats a start-up or shutdown K times in the same JVM: the line's figures are
 * the first round's (a cold JVM, as a real start-up), and {@code warm_ms} the median of the others.
 *
 * <p>Every measure takes {@code kind=PLATFORM|VIRTUAL} (default: VIRTUAL where the JVM has it).
 * A service that "blocks" waits in {@link supervisor.api.ServiceContext#awaitCancellation()}; one
 * that "crashes" throws a prepared exception at once (ERROR), and is restarted after {@code r} ms.
 * A run of a crashing service is three status changes: IDLE, RUNNING, ERROR (the same three as in
 * the original). Platform threads beyond {@link Gauges#platformThreadLimit()} are not attempted:
 * the line then says {@code "status":"n/a"} and why.
 */
public final class Measures {

    /** The supervisor's name; its threads' names start with it. */
    static final String NAME = "bench";

    /** Thrown by every crashing run: no stack trace, so the harness adds no cost of its own. */
    private static final Exception CRASH = new Crash();

    private static final Set<String> MEASURES = Set.of("startup", "lateness", "churn", "idle", "memory", "shutdown", "floor");

    private Measures() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !MEASURES.contains(args[0])) {
            System.err.println("usage: Measures " + String.join("|", new java.util.TreeSet<>(MEASURES))
                    + " [key=value ...]; was " + Arrays.toString(args));
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("argument '" + arg + "' must be key=value");
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Line line;
        try {
            line = run(args[0], options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(line);
        System.out.flush();
        // every supervisor was closed; exit without waiting for anything the JVM still runs
        System.exit(0);
    }

    /**
     * Runs one measure and returns its line; unknown keys and bad values are rejected.
     *
     * @throws IllegalArgumentException if the measure or an option is not valid
     */
    static Line run(String measure, Map<String, String> options) {
        if (!MEASURES.contains(measure)) {
            throw new IllegalArgumentException("measure must be one of " + new java.util.TreeSet<>(MEASURES)
                    + ", was '" + measure + "'");
        }
        Options o = new Options(options);
        String kindName = o.kindName();
        supervisor.core.FutexProbe.applyFromProperty(); // before any thread of a measure, supervised or bare

        Line line = new Line()
                .put("side", "ours")
                .put("runtime", "java" + Runtime.version().feature())
                .put("version", Runtime.version().toString())
                .put("kind", kindName)
                .put("measure", measure);
        try {
            switch (measure) {
                case "startup" -> startup(o, kindName, line);
                case "lateness" -> lateness(o, kindName, line);
                case "churn" -> churn(o, kindName, line);
                case "idle" -> idle(o, kindName, line);
                case "memory" -> memory(o, kindName, line);
                case "shutdown" -> shutdown(o, kindName, line);
                case "floor" -> floor(o, kindName, line);
                default -> throw new IllegalArgumentException("measure must be one of " + MEASURES + ", was '" + measure + "'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line.put("status", "error").put("error", "interrupted");
        } catch (NotAttempted e) {
            line.put("status", "n/a").put("reason", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            line.put("status", "error").put("error", String.valueOf(e));
        }
        if (supervisor.core.FutexProbe.asked()) {
            line.put("futex_slots", supervisor.core.FutexProbe.slotsNow());
        }
        return line;
    }

    // (1) start-up until a listener saw every service RUNNING
    private static void startup(Options o, String kindName, Line line) throws InterruptedException {
        int n = o.integer("n", 10_000);
        int timeout = o.integer("timeout", 120);
        int rounds = o.integer("rounds", 1);
        line.put("n", n).put("listener", true);
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, n);
        double[] warm = new double[rounds - 1];
        for (int round = 0; round < rounds; round++) {
            long allocated = Gauges.allocatedBytes();
            AllRunning seen = new AllRunning(n);
            Config.Builder config = base(kind).listener(seen);
            for (int i = 0; i < n; i++) {
                config.service("s-" + i, Measures::block);
            }
            SupervisorEngine supervisor = SupervisorEngine.create(config.build());
            CpuSplit split = CpuSplit.begin();
            long t0 = System.nanoTime();
            supervisor.start();
            boolean done = seen.done.await(timeout, TimeUnit.SECONDS);
            long allocatedAfter = Gauges.allocatedBytes();
            split.end();
            close(supervisor);
            if (!done) {
                line.put("status", "timeout").put("timeout_s", timeout).put("seen_running", seen.next);
                return;
            }
            if (round == 0) {
                line.put("status", "ok")
                        .put("ms", ms(seen.doneAt - t0))
                        .put("listener_calls", seen.callsAtDone)
                        .put("alloc_per_service_bytes", (allocatedAfter - allocated) / n)
                        .put("alloc_method", Gauges.allocationMethod());
                split.put(line);
            } else {
                warm[round - 1] = ms(seen.doneAt - t0);
            }
        }
        putWarm(line, warm);
    }

    /**
     * The median of the rounds after the first, each in the same JVM as the first: the figure once
     * the JIT has compiled the paths the first round ran interpreted (no figure with one round).
     */
    static void putWarm(Line line, double[] warm) {
        if (warm.length == 0) {
            return;
        }
        double[] sorted = warm.clone();
        Arrays.sort(sorted);
        line.put("rounds", warm.length + 1).put("warm_ms", sorted[(sorted.length - 1) / 2]);
    }

    // (2) restart lateness after the due time (the end of the previous run + r)
    private static void lateness(Options o, String kindName, Line line) throws InterruptedException {
        int r = o.integer("r", 10);
        String background = o.string("background", "alone");
        int seconds = o.integer("seconds", 5);
        int healthy = o.integer("healthy", 10_000);
        int crashers = o.integer("crashers", 100);
        int settle = o.integer("settle", 0, 0); // more seconds before the window, so the JIT is done with the paths
        if (!background.equals("alone") && !background.equals("busy")) {
            throw new IllegalArgumentException("background must be alone or busy, was '" + background + "'");
        }
        boolean busy = background.equals("busy");
        line.put("r_ms", r).put("background", background);
        if (busy) {
            line.put("healthy", healthy).put("crashers", crashers);
        }
        if (settle > 0) {
            line.put("settle_s", settle);
        }
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, busy ? healthy + crashers + 1 : 1);
        long rNanos = TimeUnit.MILLISECONDS.toNanos(r);
        long[] samples = new long[(int) Math.min(10_000_000, (long) seconds * 1000 / r * 2 + 1000)];
        int[] count = {0};
        long[] lastEnd = {0};
        boolean[] measuring = {false}; // written by main before and after the window; read by the probe
        Object guard = new Object(); // guards samples, count, lastEnd and measuring
        Config.Builder config = base(kind).restartInterval(Duration.ofMillis(r));
        CountDownLatch ready = new CountDownLatch(busy ? healthy : 0);
        if (busy) {
            for (int i = 0; i < healthy; i++) {
                config.service("h-" + i, context -> blockAfter(ready, context));
            }
            for (int i = 0; i < crashers; i++) {
                config.service("c-" + i, context -> {
                    throw CRASH;
                });
            }
        }
        config.service("probe", context -> {
            long now = System.nanoTime();
            synchronized (guard) {
                if (measuring[0] && lastEnd[0] != 0 && count[0] < samples.length) {
                    samples[count[0]++] = now - lastEnd[0] - rNanos;
                }
                lastEnd[0] = System.nanoTime();
            }
            throw CRASH;
        });
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());
        supervisor.start();
        ready.await();
        warmReaders();
        Thread.sleep(Math.max(200, 3L * r) + settle * 1000L);
        Map<String, Long> byName0 = Gauges.cpuByThreadName();
        synchronized (guard) {
            measuring[0] = true;
        }
        Thread.sleep(seconds * 1000L);
        long[] late;
        synchronized (guard) {
            measuring[0] = false;
            late = Arrays.copyOf(samples, count[0]);
        }
        Map<String, Long> byName1 = Gauges.cpuByThreadName();
        close(supervisor);
        putLateness(line, late, rNanos);
        line.put("by_thread_ms", busiest(byName0, byName1, 6)); // who was busy meanwhile: the timer, the carriers, ...
    }

    /** Lateness after the due time, and the delay after the end of the run (lateness + r). */
    static void putLateness(Line line, long[] late, long rNanos) {
        Arrays.sort(late);
        if (late.length == 0) {
            line.put("status", "error").put("error", "no restart of the probe was seen");
            return;
        }
        line.put("status", "ok")
                .put("samples", late.length)
                .put("p50_ms", late[percentile(late.length, 0.50)] / 1e6)
                .put("p99_ms", late[percentile(late.length, 0.99)] / 1e6)
                .put("max_ms", late[late.length - 1] / 1e6)
                .put("min_ms", late[0] / 1e6)
                .put("delay_p50_ms", (late[percentile(late.length, 0.50)] + rNanos) / 1e6)
                .put("delay_p99_ms", (late[percentile(late.length, 0.99)] + rNanos) / 1e6);
    }

    /**
     * Runs the per-thread readers a few times before a window: reading thousands of /proc files
     * the first time sets off JIT compilations, whose CPU would otherwise be counted in it.
     */
    static void warmReaders() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            Gauges.cpuByThreadName();
            Gauges.otherThreadsCpuNanos();
            Gauges.threadCpuNanos(NAME);
        }
        Thread.sleep(500); // let the compilations they set off finish
    }

    /**
     * The {@code most} threads (by name, see {@link Gauges#cpuByThreadName}) that used the most
     * CPU between two readings, as {@code name=ms;name=ms...}, busiest first: who spends an idle
     * JVM's time.
     */
    static String busiest(Map<String, Long> before, Map<String, Long> after, int most) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(most)
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.1f", e.getValue() / 1e6))
                .collect(java.util.stream.Collectors.joining(";"));
    }

    /** The index of the {@code q} quantile in a sorted array of {@code length}: nearest rank. */
    static int percentile(int length, double q) {
        return Math.max(0, Math.min(length - 1, (int) Math.ceil(q * length) - 1));
    }

    // (3) crash churn: `failing` services crash at once and are restarted after r, among n
    private static void churn(Options o, String kindName, Line line) throws InterruptedException {
        int n = o.integer("n", 10_000);
        boolean listen = o.bool("listener", false);
        int failing = Math.min(n, o.integer("failing", 1000));
        int r = o.integer("r", 1);
        int seconds = o.integer("seconds", 5);
        int settle = o.integer("settle", 1, 0);
        boolean bare = o.bool("bare", false);
        line.put("n", n).put("listener", listen).put("failing", failing).put("r_ms", r);
        if (bare) {
            line.put("bare", true);
        }
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, n);
        if (bare) {
            bareChurn(n, failing, r, seconds, settle, kind, line);
            return;
        }
        LongAdder runs = new LongAdder();
        LongAdder calls = new LongAdder();
        CountDownLatch ready = new CountDownLatch(n - failing);
        Config.Builder config = base(kind).restartInterval(Duration.ofMillis(r));
        if (listen) {
            config.listener(event -> calls.increment());
        }
        for (int i = 0; i < n - failing; i++) {
            config.service("h-" + i, context -> blockAfter(ready, context));
        }
        for (int i = 0; i < failing; i++) {
            config.service("c-" + i, context -> {
                runs.increment();
                throw CRASH;
            });
        }
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());
        supervisor.start();
        ready.await();
        Thread.sleep(settle * 1000L);
        ChurnWindow window = ChurnWindow.measure(seconds, runs, calls);
        close(supervisor);
        window.put(line);
        if (listen) {
            line.put("listener_calls_per_s", window.calls / window.seconds);
        }
    }

    /**
     * What one window of a churn counted: runs, listener calls, process CPU, its length, and the
     * busiest threads by name (read just outside the window, so reading them is not counted).
     */
    private record ChurnWindow(long runs, long calls, long cpuNanos, double seconds, String byThread) {

        static ChurnWindow measure(int seconds, LongAdder runs, LongAdder calls) throws InterruptedException {
            warmReaders();
            Map<String, Long> byName0 = Gauges.cpuByThreadName();
            long runs0 = runs.sum();
            long calls0 = calls.sum();
            long cpu0 = Gauges.processCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long runs1 = runs.sum();
            long calls1 = calls.sum();
            long cpu1 = Gauges.processCpuNanos();
            long t1 = System.nanoTime();
            Map<String, Long> byName1 = Gauges.cpuByThreadName();
            return new ChurnWindow(runs1 - runs0, calls1 - calls0, cpu1 - cpu0, (t1 - t0) / 1e9,
                    Measures.busiest(byName0, byName1, 6));
        }

        /** Three status changes per run, as on the original's side; with bare=true, three per timer and thread. */
        void put(Line line) {
            long changes = 3 * runs;
            line.put("status", changes > 0 ? "ok" : "error")
                    .put("seconds", seconds)
                    .put("changes_per_s", changes / seconds)
                    .put("cpu_per_change_us", changes == 0 ? 0.0 : cpuNanos / 1e3 / changes)
                    .put("cpu_ms", cpuNanos / 1e6)
                    .put("by_thread_ms", byThread);
        }
    }

    /**
     * The floor under (3), no supervisor: {@code failing} loops of a timer (one timer thread, as
     * the engine's) that starts a new thread of the kind after {@code r}, which counts itself and
     * schedules the next, beside {@code n - failing} parked threads: what a restart's timer and
     * thread cost the JVM alone.
     */
    private static void bareChurn(int n, int failing, int r, int seconds, int settle, ThreadKind kind, Line line)
            throws InterruptedException {
        java.util.concurrent.ThreadFactory threads = threadsOf(kind);
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        LongAdder runs = new LongAdder();
        Thread[] parked = new Thread[0];
        try {
            parked = parkedThreads(threads, n - failing, over);
            Runnable[] loop = new Runnable[1];
            loop[0] = () -> threads.newThread(() -> {
                runs.increment();
                if (!over.get()) {
                    timer.schedule(loop[0], r, TimeUnit.MILLISECONDS);
                }
            }).start();
            for (int i = 0; i < failing; i++) {
                timer.schedule(loop[0], r, TimeUnit.MILLISECONDS);
            }
            Thread.sleep(settle * 1000L);
            ChurnWindow.measure(seconds, runs, new LongAdder()).put(line);
        } finally {
            over.set(true);
            timer.shutdownNow();
            for (Thread thread : parked) {
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }
        }
    }

    // (4) idle CPU while every service is healthy
    private static void idle(Options o, String kindName, Line line) throws InterruptedException {
        int n = o.integer("n", 10_000);
        int r = o.integer("r", 100);
        int seconds = o.integer("seconds", 10);
        int settle = o.integer("settle", 1, 0);
        line.put("n", n).put("r_ms", r).put("seconds", seconds);
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, n);
        CountDownLatch ready = new CountDownLatch(n);
        Config.Builder config = base(kind).restartInterval(Duration.ofMillis(r));
        for (int i = 0; i < n; i++) {
            config.service("h-" + i, context -> blockAfter(ready, context));
        }
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());
        supervisor.start();
        ready.await();
        warmReaders(); // so that compiling the readers does not fall into the window
        Thread.sleep(settle * 1000L);
        long ours0 = Gauges.threadCpuNanos(NAME);
        java.util.Map<String, Long> byName0 = Gauges.cpuByThreadName();
        long precise0 = Gauges.otherThreadsCpuNanos();
        long cpu0 = Gauges.processCpuNanos();
        Thread.sleep(seconds * 1000L);
        long cpu1 = Gauges.processCpuNanos();
        long precise1 = Gauges.otherThreadsCpuNanos();
        java.util.Map<String, Long> byName1 = Gauges.cpuByThreadName();
        long ours1 = Gauges.threadCpuNanos(NAME);
        close(supervisor);
        // process CPU in the JVM's clock ticks (10 ms on Linux), and the per-thread sum to the
        // nanosecond, whose window is wider by the time its reading of every thread takes
        long cpu = cpu1 - cpu0;
        long ours = ours1 - ours0;
        line.put("status", "ok")
                .put("cpu_ms", cpu / 1e6)
                .put("schedstat_cpu_ms", precise0 >= 0 && precise1 >= 0 ? (precise1 - precise0) / 1e6 : -1.0)
                .put("ours_cpu_ms", ours / 1e6)
                .put("jvm_cpu_ms", (cpu - ours) / 1e6)
                .put("by_thread_ms", busiest(byName0, byName1, 6));
    }

    // (5) memory per idle service; bare=true: n threads of the kind parked directly, no supervisor
    // (the JVM's own floor under the figure)
    private static void memory(Options o, String kindName, Line line) throws InterruptedException {
        int n = o.integer("n", 10_000);
        int settle = o.integer("settle", 1, 0);
        boolean bare = o.bool("bare", false);
        line.put("n", n);
        if (bare) {
            line.put("bare", true);
        }
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, n);
        long heap0 = Gauges.heapAfterGc();
        long rss0 = Gauges.residentBytes();
        if (bare) {
            java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
            Thread[] threads = parkedThreads(threadsOf(kind), n, over);
            Thread.sleep(settle * 1000L);
            long heap1 = Gauges.heapAfterGc();
            long rss1 = Gauges.residentBytes();
            over.set(true);
            for (Thread thread : threads) {
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }
            putMemory(line, n, n, heap0, heap1, rss0, rss1);
            return;
        }
        CountDownLatch ready = new CountDownLatch(n);
        Config.Builder config = base(kind);
        for (int i = 0; i < n; i++) {
            config.service("h-" + i, context -> blockAfter(ready, context));
        }
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());
        supervisor.start();
        ready.await();
        Thread.sleep(settle * 1000L);
        long heap1 = Gauges.heapAfterGc();
        long rss1 = Gauges.residentBytes();
        int running = (int) supervisor.statuses().stream().filter(u -> u.status() == Status.RUNNING).count();
        close(supervisor);
        putMemory(line, n, running, heap0, heap1, rss0, rss1);
    }

    private static void putMemory(Line line, int n, int running, long heap0, long heap1, long rss0, long rss1) {
        line.put("status", running == n ? "ok" : "error")
                .put("heap_per_service_bytes", (heap1 - heap0) / n)
                .put("rss_per_service_bytes", rss0 < 0 ? -1 : (rss1 - rss0) / n)
                .put("native_per_service_bytes", rss0 < 0 ? -1 : ((rss1 - rss0) - (heap1 - heap0)) / n);
    }

    // (6) shutdown of n running services
    private static void shutdown(Options o, String kindName, Line line) throws InterruptedException {
        int n = o.integer("n", 10_000);
        boolean listen = o.bool("listener", true);
        int rounds = o.integer("rounds", 1);
        line.put("n", n).put("listener", listen);
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, n);
        double[] warm = new double[rounds - 1];
        for (int round = 0; round < rounds; round++) {
            CountDownLatch ready = new CountDownLatch(n);
            LongAdder calls = new LongAdder();
            Config.Builder config = base(kind);
            if (listen) {
                config.listener(event -> calls.increment());
            }
            for (int i = 0; i < n; i++) {
                config.service("h-" + i, context -> blockAfter(ready, context));
            }
            SupervisorEngine supervisor = SupervisorEngine.create(config.build());
            supervisor.start();
            ready.await();
            Thread.sleep(500);
            CpuSplit split = CpuSplit.begin();
            long t0 = System.nanoTime();
            supervisor.close();
            long t1 = System.nanoTime();
            split.end();
            RunResult result = supervisor.termination().toCompletableFuture().join();
            List<?> left = result.leftRunning();
            long stopped = result.finalStatuses().stream().filter(u -> u.status() == Status.STOPPED).count();
            boolean ok = left.isEmpty() && stopped == n;
            if (round == 0 || !ok) {
                line.put("status", ok ? "ok" : "error").put("ms", ms(t1 - t0)).put("stopped", stopped);
                if (kind == ThreadKind.VIRTUAL) { // ended platform service threads took their CPU time with them
                    split.put(line);
                }
                if (!ok) {
                    return;
                }
            } else {
                warm[round - 1] = ms(t1 - t0);
            }
        }
        putWarm(line, warm);
    }

    // the floor under (2): how late this machine wakes a thread that asked to sleep r, without a
    // supervisor. hop=none: one thread of the kind parks for r, again and again (a virtual one is
    // woken by the JDK's own timer thread); hop=timer: what a restart
    // does, a timer thread waits for the due time and starts a new thread of the kind, whose first
    // instruction reads the clock
    private static void floor(Options o, String kindName, Line line) throws InterruptedException {
        int r = o.integer("r", 10);
        String hop = o.string("hop", "none");
        int seconds = o.integer("seconds", 10);
        if (!hop.equals("none") && !hop.equals("timer")) {
            throw new IllegalArgumentException("hop must be none or timer, was '" + hop + "'");
        }
        line.put("r_ms", r).put("hop", hop);
        o.rejectUnused();
        ThreadKind kind = threadKind(kindName, 1);
        long rNanos = TimeUnit.MILLISECONDS.toNanos(r);
        int count = (int) Math.max(1, (long) seconds * 1000 / r);
        long[] late = new long[count];
        if (hop.equals("none")) {
            Thread sleeper = threadsOf(kind).newThread(() -> {
                for (int i = 0; i < count; i++) {
                    long due = System.nanoTime() + rNanos;
                    java.util.concurrent.locks.LockSupport.parkNanos(rNanos);
                    late[i] = System.nanoTime() - due;
                }
            });
            sleeper.start();
            sleeper.join();
        } else {
            java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
            java.util.concurrent.ThreadFactory threads = threadsOf(kind);
            try {
                for (int i = 0; i < count; i++) {
                    long due = System.nanoTime() + rNanos;
                    long[] ran = new long[1];
                    CountDownLatch done = new CountDownLatch(1);
                    timer.schedule(() -> threads.newThread(() -> {
                        ran[0] = System.nanoTime();
                        done.countDown();
                    }).start(), rNanos, TimeUnit.NANOSECONDS);
                    done.await();
                    late[i] = ran[0] - due;
                }
            } finally {
                timer.shutdownNow();
            }
        }
        putLateness(line, late, rNanos);
    }

    /** {@code count} started threads of the factory, each parked until {@code over}; returns once all are parked or parking. */
    private static Thread[] parkedThreads(java.util.concurrent.ThreadFactory factory, int count,
            java.util.concurrent.atomic.AtomicBoolean over) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(count);
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = factory.newThread(() -> {
                ready.countDown();
                while (!over.get()) {
                    java.util.concurrent.locks.LockSupport.park();
                }
            });
            threads[i].start();
        }
        ready.await();
        return threads;
    }

    /** New threads of the kind, as the engine makes them: daemon platform threads, or virtual ones. */
    private static java.util.concurrent.ThreadFactory threadsOf(ThreadKind kind) {
        if (kind == ThreadKind.PLATFORM) {
            return task -> {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            };
        }
        try { // Thread.ofVirtual().factory(), looked up: this code is compiled for Java 17
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (java.util.concurrent.ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                    .invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new NotAttempted("virtual threads are not available: " + e);
        }
    }

    private static Config.Builder base(ThreadKind kind) {
        return Config.builder().name(NAME).threadKind(kind).shutdownTimeout(Duration.ofMinutes(10));
    }

    private static void block(supervisor.api.ServiceContext context) throws InterruptedException {
        context.awaitCancellation();
    }

    private static void blockAfter(CountDownLatch ready, supervisor.api.ServiceContext context) throws InterruptedException {
        ready.countDown();
        context.awaitCancellation();
    }

    private static void close(SupervisorEngine supervisor) {
        supervisor.close();
    }

    /**
     * The thread kind named, if this JVM and machine can run {@code threads} services on it.
     *
     * @throws NotAttempted if they cannot: virtual threads before Java 21, or more platform
     *     threads than {@link Gauges#platformThreadLimit()}
     */
    private static ThreadKind threadKind(String kindName, int threads) {
        ThreadKind kind = ThreadKind.valueOf(kindName);
        if (kind == ThreadKind.VIRTUAL && !ThreadKind.virtualThreadsAvailable()) {
            throw new NotAttempted("virtual threads need Java 21 or later, this is Java " + Runtime.version().feature());
        }
        int limit = Gauges.platformThreadLimit();
        if (kind == ThreadKind.PLATFORM && threads > limit) {
            throw new NotAttempted(threads + " platform threads exceed this machine's limit of about " + limit
                    + " (vm.max_map_count / 3)");
        }
        return kind;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /**
     * The process CPU of a window and the part of it the JVM's JIT compilers and garbage
     * collectors took (the rest is the program's own threads and the JVM's other work): what a
     * cold start-up or shutdown spends on compiling the paths it runs for the first time. Threads
     * that end within the window take their time with them (platform service threads at shutdown).
     */
    static final class CpuSplit {
        private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<String, Long> before = Gauges.cpuByThreadName();
        private final long self0 = THREADS.getCurrentThreadCpuTime(); // the measuring thread starts and closes
        private long cpu = -1;
        private long jit = -1;
        private long gc = -1;

        static CpuSplit begin() {
            return new CpuSplit();
        }

        void end() {
            long self1 = THREADS.getCurrentThreadCpuTime();
            Map<String, Long> after = Gauges.cpuByThreadName();
            if (after.isEmpty()) {
                return; // not Linux
            }
            cpu = self1 - self0;
            jit = 0;
            gc = 0;
            for (Map.Entry<String, Long> e : after.entrySet()) {
                long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                String name = e.getKey();
                cpu += used;
                if (name.startsWith("CN CompilerThre")) {
                    jit += used;
                } else if (name.startsWith("GC Thread") || name.startsWith("GN ")) {
                    gc += used;
                }
            }
        }

        void put(Line line) {
            line.put("cpu_ms", cpu / 1e6).put("jit_cpu_ms", jit / 1e6).put("gc_cpu_ms", gc / 1e6);
        }
    }

    /** What a crashing run throws: one instance, no stack trace. */
    private static final class Crash extends Exception {
        Crash() {
            super("crash", null, false, false);
        }
    }

    /** A measure this JVM or machine cannot make. */
    static final class NotAttempted extends RuntimeException {
        NotAttempted(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The listener of the start-up measure: called serially, it walks the snapshot (ordered by
     * id, the services' config order) past every service already RUNNING, so each call costs O(1)
     * amortised, like the Go harness's listener.
     */
    static final class AllRunning implements StatusListener {
        final int n;
        final CountDownLatch done = new CountDownLatch(1);
        int next;
        long calls;
        long callsAtDone;
        long doneAt;

        AllRunning(int n) {
            this.n = n;
        }

        @Override
        public void onStatusChange(StatusEvent event) {
            calls++;
            if (done.getCount() == 0) {
                return;
            }
            List<supervisor.api.StatusUpdate> snapshot = event.snapshot();
            while (next < n && next < snapshot.size() && snapshot.get(next).status() == Status.RUNNING) {
                next++;
            }
            if (next == n) {
                doneAt = System.nanoTime();
                callsAtDone = calls;
                done.countDown();
            }
        }
    }

    /** The key=value options of one measure; each key read is marked used. */
    static final class Options {
        private final Map<String, String> values;
        private final Set<String> used = new java.util.TreeSet<>();

        Options(Map<String, String> values) {
            this.values = values;
        }

        String kindName() {
            String value = string("kind", ThreadKind.virtualThreadsAvailable() ? "VIRTUAL" : "PLATFORM");
            String upper = value.toUpperCase(Locale.ROOT);
            if (!upper.equals("PLATFORM") && !upper.equals("VIRTUAL")) {
                throw new IllegalArgumentException("kind must be PLATFORM or VIRTUAL, was '" + value + "'");
            }
            return upper;
        }

        String string(String key, String otherwise) {
            used.add(key);
            return values.getOrDefault(key, otherwise);
        }

        int integer(String key, int otherwise) {
            return integer(key, otherwise, 1);
        }

        int integer(String key, int otherwise, int least) {
            String value = string(key, null);
            if (value == null) {
                return otherwise;
            }
            try {
                int parsed = Integer.parseInt(value.replace("_", ""));
                if (parsed < least) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number of at least " + least + ", was '"
                        + value + "'");
            }
        }

        boolean bool(String key, boolean otherwise) {
            String value = string(key, null);
            if (value == null) {
                return otherwise;
            }
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        void rejectUnused() {
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    throw new IllegalArgumentException("unknown option '" + key + "', this measure takes " + used);
                }
            }
        }
    }
}
