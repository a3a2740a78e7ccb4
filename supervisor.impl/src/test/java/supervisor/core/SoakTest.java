package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import supervisor.api.Cancellable;
import supervisor.api.Config;
import supervisor.api.Scheduler;
import supervisor.api.Service;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.testing.FakeScheduler;

/**
 * Long runs that must leave nothing behind. On the fake clock, services that end at once are
 * restarted again and again (a million restarts in the full run), with stops, starts, restarts by
 * hand, removals and re-additions and listeners coming and going in between; on the real clock and
 * real threads, the same for a shorter time. At the end each asserts that threads, scheduled tasks,
 * listener backlogs and the heap are back to their baseline. CI runs short versions;
 * {@code -Dsupervisor.soak=true} runs the full ones (see docs/reliability.md).
 */
class SoakTest {

    private static final int SERVICES = 10;
    private static final long HEAP_SLACK = 24L << 20; // what a collection may leave over the baseline

    /** Counts events; optionally slow, so that its channel builds a backlog. */
    private static final class Counter implements StatusListener {
        final AtomicLong events = new AtomicLong();
        final AtomicLong missed = new AtomicLong();

        @Override
        public void onStatusChange(StatusEvent event) {
            events.incrementAndGet();
            missed.addAndGet(event.missed());
        }
    }

    @Test
    void soak_restartsOnTheFakeClock_leaveNoThreadTaskBacklogOrHeapBehind() throws Exception {
        long restartsWanted = Budget.pick(20_000, 1_000_000);
        FakeScheduler clock = new FakeScheduler();
        ManualThreads threads = new ManualThreads();
        AtomicLong runs = new AtomicLong();
        ExecutorService listenerThread = Executors.newSingleThreadExecutor();
        Counter first = new Counter();
        Counter queued = new Counter();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .name("soak")
                .scheduler(clock)
                .threadFactory(threads)
                .listenerExecutor(listenerThread)
                .restartInterval(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5))
                .logger(new QuietLogger())
                .listener(first)
                .build());
        for (int i = 0; i < SERVICES; i++) {
            supervisor.add("s" + i, endsAtOnce(runs));
        }
        supervisor.start();
        threads.runAll();
        long began = System.nanoTime();
        Baseline baseline = null;
        long tick = 0;
        while (runs.get() - SERVICES < restartsWanted) {
            tick++;
            clock.advance(Duration.ofSeconds(1));
            threads.runAll();
            if (tick % 97 == 0) {
                String name = "s" + (tick % SERVICES);
                switch ((int) (tick / 97 % 4)) {
                    case 0 -> supervisor.restart(name);
                    case 1 -> {
                        supervisor.stopAsync(name);
                        threads.runAll();
                        supervisor.start(name);
                    }
                    case 2 -> {
                        supervisor.removeAsync(name);
                        threads.runAll();
                        supervisor.add(name, endsAtOnce(runs));
                    }
                    default -> {
                        if (!supervisor.removeListener(queued)) {
                            supervisor.addListener(queued);
                        }
                    }
                }
                threads.runAll();
            }
            if (baseline == null && tick == 1_000) {
                settle(supervisor);
                baseline = Baseline.take(supervisor, clock);
            }
        }
        settle(supervisor);
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> backlogOf(supervisor) == 0);
        Baseline end = Baseline.take(supervisor, clock);
        long restarts = runs.get() - SERVICES;
        long elapsed = System.nanoTime() - began;

        assertThat(baseline).as("the baseline was taken").isNotNull();
        assertThat(threads.parked()).as("runs left parked").isZero();
        assertThat(threads.violations).isEmpty();
        assertThat(end.threads).as("live threads").isLessThanOrEqualTo(baseline.threads);
        assertThat(end.tasks).as("scheduled tasks").isEqualTo(SERVICES).isEqualTo(baseline.tasks);
        assertThat(end.backlog).as("listener backlog").isZero();
        assertThat(end.heap).as("heap after a collection, baseline %d", baseline.heap)
                .isLessThanOrEqualTo(baseline.heap + HEAP_SLACK);
        assertThat(supervisor.statuses()).hasSize(SERVICES);
        assertThat(supervisor.history("s0")).hasSizeLessThanOrEqualTo(Config.DEFAULT_HISTORY_SIZE);
        assertThat(first.events.get()).isPositive(); // bursts are coalesced (the backlog is bounded), so no exact count

        supervisor.close();
        listenerThread.shutdown();
        System.out.printf("soak fake clock: %d restarts in %d ticks, %d ms; heap %d -> %d KiB, threads %d -> %d,"
                        + " tasks %d -> %d, %d events (%d coalesced away)%n", restarts, tick, TimeUnit.NANOSECONDS.toMillis(elapsed),
                baseline.heap >> 10, end.heap >> 10, baseline.threads, end.threads, baseline.tasks, end.tasks,
                first.events.get(), first.missed.get());
    }

    @Test
    void soak_restartsOnRealThreads_leaveNoThreadTaskBacklogOrHeapBehind() throws Exception {
        Duration length = Duration.ofSeconds(Budget.pick(2, 60));
        Baseline before = Baseline.take(null, null);
        CountingScheduler scheduler = new CountingScheduler();
        Counter listener = new Counter();
        AtomicLong runs = new AtomicLong();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .name("realsoak")
                .scheduler(scheduler)
                .restartInterval(Duration.ofMillis(1))
                .shutdownTimeout(Duration.ofSeconds(10))
                .listenerBacklog(64)
                .logger(new QuietLogger())
                .listener(listener)
                .build());
        for (int i = 0; i < SERVICES; i++) {
            supervisor.add("s" + i, i % 2 == 0 ? endsAtOnce(runs) : context -> {
                runs.incrementAndGet();
                throw new Exception("fails at once");
            });
        }
        supervisor.start();
        Instant until = Instant.now().plus(length);
        long began = System.nanoTime();
        long round = 0;
        while (Instant.now().isBefore(until)) {
            round++;
            String name = "s" + (round % SERVICES);
            switch ((int) (round % 4)) {
                case 0 -> supervisor.restart(name);
                case 1 -> {
                    supervisor.stop(name);
                    supervisor.start(name);
                }
                case 2 -> {
                    supervisor.remove(name);
                    supervisor.add(name, endsAtOnce(runs));
                }
                default -> {
                    Counter extra = new Counter();
                    supervisor.addListener(extra);
                    supervisor.removeListener(extra);
                }
            }
            long seen = runs.get(); // the services restart between control rounds
            await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                    .until(() -> runs.get() > seen);
        }
        long restarts = runs.get() - SERVICES;
        for (int i = 0; i < SERVICES; i++) {
            supervisor.remove("s" + i);
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> backlogOf(supervisor) == 0 && scheduler.pending() == 0);
        assertThat(serviceThreads("realsoak/")).as("service threads after removing every service").isEmpty();
        assertThat(scheduler.pending()).as("scheduled tasks after removing every service").isZero();
        assertThat(backlogOf(supervisor)).isZero();
        supervisor.close();
        scheduler.shutdown();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> liveThreads() <= before.threads);
        Baseline after = Baseline.take(null, null);
        long elapsed = System.nanoTime() - began;
        assertThat(after.threads).as("live threads after close").isLessThanOrEqualTo(before.threads);
        assertThat(after.heap).as("heap after a collection, baseline %d", before.heap)
                .isLessThanOrEqualTo(before.heap + HEAP_SLACK);
        assertThat(restarts).isGreaterThan(SERVICES);
        System.out.printf("soak real threads: %d restarts, %d control rounds in %d ms; heap %d -> %d KiB,"
                        + " threads %d -> %d, %d events (%d missed)%n", restarts, round,
                TimeUnit.NANOSECONDS.toMillis(elapsed), before.heap >> 10, after.heap >> 10, before.threads,
                after.threads, listener.events.get(), listener.missed.get());
    }

    /** A service that counts its run in {@code runs} and ends at once. */
    private static Service endsAtOnce(AtomicLong runs) {
        return context -> runs.incrementAndGet();
    }

    /** Lets every queued listener delivery finish. */
    private static void settle(SupervisorEngine supervisor) {
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> backlogOf(supervisor) == 0);
    }

    /** Events waiting on every listener channel of the supervisor. */
    private static int backlogOf(SupervisorEngine supervisor) throws ReflectiveOperationException {
        Field hub = SupervisorEngine.class.getDeclaredField("hub");
        hub.setAccessible(true);
        return ((StatusHub) hub.get(supervisor)).channels().stream().mapToInt(ListenerChannel::pending).sum();
    }

    private static List<Thread> serviceThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }

    /** What must come back: live threads, scheduled tasks, listener backlog, heap after a collection. */
    private record Baseline(int threads, int tasks, int backlog, long heap) {
        static Baseline take(SupervisorEngine supervisor, FakeScheduler clock) throws Exception {
            return new Baseline(liveThreads(), clock == null ? 0 : clock.pendingDueTimes().size(),
                    supervisor == null ? 0 : backlogOf(supervisor), usedHeapAfterCollection());
        }
    }

    private static long usedHeapAfterCollection() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            WeakReference<Object> sentinel = new WeakReference<>(new Object());
            System.gc();
            await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                    .until(() -> sentinel.get() == null); // a collection ran and cleared references
            least = Math.min(least, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        }
        return least;
    }

    /** The real clock on one timer thread of its own, whose queue of tasks can be counted. */
    private static final class CountingScheduler implements Scheduler {
        private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "realsoak-test-timer");
            thread.setDaemon(true);
            return thread;
        });

        CountingScheduler() {
            timer.setRemoveOnCancelPolicy(true);
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> future = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }

        int pending() {
            return timer.getQueue().size();
        }

        void shutdown() {
            timer.shutdownNow();
        }
    }
}
