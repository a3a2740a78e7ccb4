package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.ThreadKind;

/**
 * The engine under load, on real threads: eight threads add services and remove three in four of
 * them again, concurrently, while restarting others' services by hand; one service in eight fails
 * now and then and is restarted on the real clock. Each service counts its runs in progress: at no
 * moment may there be two, and a removed one has none once {@code remove} returned. At the end
 * exactly the services still registered run, each once, every removed one is gone from
 * {@code statuses()}, and no thread of a removed one is alive. CI runs
 * thousands of services; {@code -Dsupervisor.soak=true} runs 20,000 on platform threads and 50,000
 * on virtual ones (see docs/reliability.md).
 */
class EngineLoadTest {

    private static final int WORKERS = 8;

    /** One service: its runs in progress, the most it ever had at once, and the thread of its latest run. */
    private static final class Counted implements Service {
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicLong runs = new AtomicLong();
        volatile Thread thread;
        final boolean flaky;

        Counted(boolean flaky) {
            this.flaky = flaky;
        }

        @Override
        public void run(supervisor.api.ServiceContext context) throws Exception {
            int now = inProgress.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            thread = Thread.currentThread();
            try {
                long run = runs.incrementAndGet();
                if (flaky && run <= 3) {
                    throw new Exception("run " + run + " fails");
                }
                context.awaitCancellation();
            } finally {
                inProgress.decrementAndGet();
            }
        }
    }

    @Test
    void load_platformThreads_atMostOneRunPerService_exactlyTheRegisteredOnesRun_noThreadOfARemovedOneAlive()
            throws Exception {
        load(ThreadKind.PLATFORM, (int) Budget.pick(2_000, 20_000));
    }

    @Test
    void load_virtualThreads_atMostOneRunPerService_exactlyTheRegisteredOnesRun_noThreadOfARemovedOneAlive()
            throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
        load(ThreadKind.VIRTUAL, (int) Budget.pick(5_000, 50_000));
    }

    private void load(ThreadKind kind, int services) throws Exception {
        QuietLogger log = new QuietLogger();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .name("load")
                .threadKind(kind)
                .restartInterval(Duration.ofMillis(5))
                .shutdownTimeout(Duration.ofSeconds(30))
                .logger(log)
                .build());
        supervisor.start();
        Map<String, Counted> all = new ConcurrentHashMap<>();
        Set<String> registered = ConcurrentHashMap.newKeySet();
        Set<String> removed = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        CountDownLatch go = new CountDownLatch(1);
        long began = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            done.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(42 + worker);
                go.await();
                List<String> mine = new ArrayList<>();
                for (int i = worker; i < services; i += WORKERS) {
                    String name = "s" + i;
                    Counted service = new Counted(i % 8 == 0);
                    all.put(name, service);
                    supervisor.add(name, service);
                    registered.add(name);
                    mine.add(name);
                    if (mine.size() > 2 && random.nextInt(4) != 0) { // three in four are removed again
                        String victim = mine.remove(random.nextInt(mine.size() - 1));
                        assertThat(supervisor.remove(victim)).as("removed %s", victim).isTrue();
                        registered.remove(victim);
                        removed.add(victim);
                        assertThat(all.get(victim).inProgress.get()).as("runs of removed %s", victim).isZero();
                    }
                    if (random.nextInt(16) == 0) { // someone else's service, which may be gone
                        try {
                            supervisor.restart("s" + random.nextInt(Math.max(1, i)));
                        } catch (IllegalArgumentException gone) {
                            // removed meanwhile
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : done) {
            worker.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long churned = System.nanoTime() - began;

        await().atMost(Duration.ofMinutes(2)).until(() -> registered.stream()
                .allMatch(name -> all.get(name).inProgress.get() == 1 && status(supervisor, name) == Status.RUNNING));
        List<StatusUpdate> statuses = supervisor.statuses();
        assertThat(statuses).extracting(StatusUpdate::serviceName).containsExactlyInAnyOrderElementsOf(registered);
        assertThat(statuses).allMatch(u -> u.status() == Status.RUNNING);
        assertThat(all.values()).allMatch(service -> service.most.get() <= 1, "at most one run at any moment");
        assertThat(removed).allMatch(name -> all.get(name).inProgress.get() == 0, "no run of a removed service");
        // remove() waits for the thread of the run in progress; the thread of a run that had already
        // ended may still be leaving the engine's code, so those are given a moment. A platform
        // thread goes back to the pool after a run that ended by itself and may run another service
        // next (renamed after it): a removed service's thread is one still named after it.
        await().atMost(Duration.ofSeconds(30)).until(() -> removed.stream()
                .filter(name -> runsAsIts(all.get(name).thread, name))
                .collect(Collectors.toList()), List::isEmpty);
        long restarts = all.values().stream().mapToLong(s -> s.runs.get()).sum();

        supervisor.close();
        assertThat(supervisor.termination().toCompletableFuture().get().leftRunning()).isEmpty();
        assertThat(all.values()).allMatch(s -> s.inProgress.get() == 0, "no run in progress after close");
        await().atMost(Duration.ofSeconds(30)).until(() -> all.values().stream() // close does not join the threads
                .allMatch(s -> s.thread == null || !s.thread.isAlive()));
        System.out.printf("engine load %s: %d services added, %d removed, %d runs, %d registered at the end;"
                        + " churn %d ms%n", kind, services, removed.size(), restarts, registered.size(),
                TimeUnit.NANOSECONDS.toMillis(churned));
    }

    /** Whether {@code thread} is alive and still the thread of service {@code name} (not reused for another). */
    private static boolean runsAsIts(Thread thread, String name) {
        return thread != null && thread.isAlive() && thread.getName().equals(Threads.serviceThreadName("load", name));
    }

    /**
     * Found by the load test: remove(name) took the run's thread before the removal, so a run whose
     * thread had not yet started (bound itself) was not waited for, and remove returned while that
     * thread was still alive. The thread here starts late and lingers after the engine's code.
     */
    @Test
    void remove_ofARunWhoseThreadHadNotYetStarted_returnsOnlyOnceThatThreadHasEnded() throws Exception {
        CountDownLatch enter = new CountDownLatch(1); // lets the service's thread into the engine's code
        CountDownLatch leave = new CountDownLatch(1); // lets it end after the engine's code returned
        java.util.concurrent.atomic.AtomicReference<Thread> made = new java.util.concurrent.atomic.AtomicReference<>();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .name("late")
                .logger(new QuietLogger())
                .threadFactory(task -> {
                    Thread thread = new Thread(() -> {
                        awaitIgnoringInterrupts(enter);
                        task.run();
                        awaitIgnoringInterrupts(leave); // the run's cancellation interrupted this thread

                    });
                    thread.setDaemon(true);
                    made.set(thread);
                    return thread;
                })
                .build());
        supervisor.start();
        supervisor.add("s", context -> context.awaitCancellation());
        java.util.concurrent.atomic.AtomicBoolean aliveWhenRemoveReturned = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread remover = new Thread(() -> {
            supervisor.remove("s");
            aliveWhenRemoveReturned.set(made.get().isAlive());
        });
        remover.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.status("s").isEmpty()); // removal under way
        enter.countDown();
        await().atMost(Duration.ofSeconds(10)).until(supervisor::statuses, List::isEmpty); // the run ended
        await().atMost(Duration.ofSeconds(10)).until(() -> remover.getState() == Thread.State.WAITING
                && Arrays.stream(remover.getStackTrace()).anyMatch(f -> f.getMethodName().equals("join")));
        leave.countDown();
        remover.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(remover.isAlive()).isFalse();
        assertThat(aliveWhenRemoveReturned.get()).as("the service's thread was alive when remove returned").isFalse();
        supervisor.close();
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException ignored) {
                // lingers on purpose
            }
        }
    }

    private static Status status(SupervisorEngine supervisor, String name) {
        return supervisor.status(name).map(StatusUpdate::status).orElse(null);
    }
}
