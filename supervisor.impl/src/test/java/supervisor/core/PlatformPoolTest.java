package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.ThreadKind;
import supervisor.testing.FakeScheduler;

/** The supervisor's pool of platform threads: reuse, hand-back, bounds, expiry and the end. */
class PlatformPoolTest {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
    private static final Policy ONCE = Policy.builder().restart(Restart.NEVER).build();
    private static final AtomicInteger SUPERVISORS = new AtomicInteger();

    /** One supervisor on platform threads, with fake clocks for its restarts and its pool's keep-alive. */
    private static final class Pooled implements AutoCloseable {
        final String name = "pool-test-" + SUPERVISORS.incrementAndGet();
        final FakeScheduler clock = new FakeScheduler();
        final FakeScheduler poolClock = new FakeScheduler();
        final Recorder recorder = new Recorder();
        final SupervisorEngine supervisor;

        Pooled(int maxIdle, UnaryOperator<Config.Builder> configure) {
            supervisor = SupervisorEngine.create(configure.apply(Config.builder()
                    .name(name)
                    .threadKind(ThreadKind.PLATFORM)
                    .restartInterval(Fixture.INTERVAL)
                    .shutdownTimeout(Fixture.TIMEOUT)
                    .scheduler(clock)
                    .listener(recorder)).build(), new PlatformPool.Settings(KEEP_ALIVE, maxIdle, poolClock));
        }

        Pooled(UnaryOperator<Config.Builder> configure) {
            this(PlatformPool.DEFAULT_MAX_IDLE, configure);
        }

        PlatformPool pool() {
            return supervisor.pool();
        }

        void awaitIdle(int count) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> pool().idleCount() == count);
        }

        /** The live threads of this supervisor's pool in a thread dump: named after its services or parked. */
        Set<String> poolThreadsInDump() {
            return Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName)
                    .filter(n -> n.startsWith(name + "/") || n.startsWith(name + "-idle-"))
                    .collect(Collectors.toSet());
        }

        @Override
        public void close() {
            supervisor.close();
        }
    }

    @Test
    void restart_runsOnTheSameThread_renamedAfterTheServiceWhileItRuns_andParkedUnderAnIdleName() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<String> names = new CopyOnWriteArrayList<>();
        try (Pooled p = new Pooled(b -> b.service("flaky", c -> {
            threads.add(Thread.currentThread());
            names.add(Thread.currentThread().getName());
            throw new Exception("x");
        }))) {
            p.supervisor.start();
            p.recorder.awaitStatus("flaky", Status.ERROR);
            p.awaitIdle(1);
            Thread first = threads.get(0);
            assertThat(first.getName()).isEqualTo(p.name + "-idle-1");
            assertThat(first.isDaemon()).isTrue();

            p.clock.advance(Fixture.INTERVAL);
            p.recorder.awaitStatus("flaky", Status.ERROR);
            p.awaitIdle(1);

            assertThat(threads).hasSize(2);
            assertThat(threads.get(1)).isSameAs(first);
            assertThat(names).containsExactly(p.name + "/flaky", p.name + "/flaky");
            assertThat(p.pool().size()).isEqualTo(1);
        }
    }

    @Test
    void aParkedThread_servesTheNextServiceThatStarts_underThatServicesName() throws Exception {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        AtomicReference<String> secondName = new AtomicReference<>();
        try (Pooled p = new Pooled(b -> b.service("a", c -> first.set(Thread.currentThread()), ONCE))) {
            p.supervisor.start();
            p.recorder.awaitStatus("a", Status.STOPPED);
            p.awaitIdle(1);

            p.supervisor.add("b", c -> {
                second.set(Thread.currentThread());
                secondName.set(Thread.currentThread().getName());
                c.awaitCancellation();
            });
            // RUNNING is published just before the service's first line: wait for what the service records
            await().atMost(Duration.ofSeconds(10)).until(() -> secondName.get() != null);

            assertThat(second.get()).isSameAs(first.get());
            assertThat(secondName.get()).isEqualTo(p.name + "/b");
            assertThat(p.pool().idleCount()).isZero();
        }
    }

    @Test
    void theNextRun_findsTheInterruptCleared_theNormalPriority_noUncaughtHandler_andTheStartersClassLoader() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        ClassLoader foreign = new URLClassLoader(new URL[0], null);
        try (Pooled p = new Pooled(b -> b.service("dirty", c -> {
            Thread self = Thread.currentThread();
            seen.add(self.isInterrupted() + " " + self.getPriority() + " " + (self.getUncaughtExceptionHandler() == self.getThreadGroup())
                    + " " + (self.getContextClassLoader() == foreign));
            if (runs.incrementAndGet() == 1) {
                self.interrupt();
                self.setPriority(Thread.MAX_PRIORITY);
                self.setUncaughtExceptionHandler((t, e) -> { });
                self.setContextClassLoader(foreign);
            }
            throw new Exception("x");
        }))) {
            p.supervisor.start();
            p.recorder.awaitStatus("dirty", Status.ERROR);
            p.awaitIdle(1);
            p.clock.advance(Fixture.INTERVAL); // the restart starts on this thread: its class loader is the test's
            p.recorder.awaitStatus("dirty", Status.ERROR);

            assertThat(seen).containsExactly("false 5 true false", "false 5 true false");
        }
    }

    @Test
    void aLateCancellationOfAnEndedRun_doesNotInterruptTheThreadsNextRun() throws Exception {
        AtomicReference<ServiceContext> ended = new AtomicReference<>();
        AtomicReference<Thread> endedOn = new AtomicReference<>();
        AtomicReference<Thread> nextOn = new AtomicReference<>();
        CountDownLatch cancelledLate = new CountDownLatch(1);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        try (Pooled p = new Pooled(b -> b.service("first", c -> {
            ended.set(c);
            endedOn.set(Thread.currentThread());
        }, ONCE))) {
            p.supervisor.start();
            p.recorder.awaitStatus("first", Status.STOPPED);
            p.awaitIdle(1);
            p.supervisor.add("next", c -> {
                nextOn.set(Thread.currentThread());
                cancelledLate.await();
                interrupted.set(Thread.currentThread().isInterrupted());
                c.awaitCancellation();
            });
            p.recorder.awaitStatus("next", Status.RUNNING);

            ((RunContext) ended.get()).cancel(); // e.g. a shutdown that listed the run before it ended
            cancelledLate.countDown();

            await().atMost(10, TimeUnit.SECONDS).untilAtomic(interrupted, org.hamcrest.Matchers.notNullValue());
            assertThat(nextOn.get()).isSameAs(endedOn.get());
            assertThat(interrupted.get()).isFalse();
        }
    }

    @Test
    void stop_endsThePooledThreadOfTheRunItEnds() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (Pooled p = new Pooled(b -> b.service("keep", c -> c.awaitCancellation()).service("go", c -> {
            thread.set(Thread.currentThread());
            c.awaitCancellation();
        }))) {
            p.supervisor.start();
            p.recorder.awaitStatus("go", Status.RUNNING);

            assertThat(p.supervisor.stop("go")).isTrue();

            assertThat(thread.get().isAlive()).isFalse();
            assertThat(p.pool().idleCount()).isZero();
            assertThat(p.pool().size()).isEqualTo(1);
        }
    }

    @Test
    void afterTheEnd_noThreadOfThePoolIsAlive_parkedOrBusy() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1); // all three run at once: on three threads
        Pooled p = new Pooled(b -> b
                .service("blocked", c -> {
                    threads.add(Thread.currentThread());
                    c.awaitCancellation();
                })
                .service("ended", c -> {
                    threads.add(Thread.currentThread());
                    go.await();
                }, ONCE)
                .service("failing", c -> {
                    threads.add(Thread.currentThread());
                    go.await();
                    throw new Exception("x");
                }));
        p.supervisor.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> threads.size() == 3);
        go.countDown();
        p.recorder.awaitStatus("blocked", Status.RUNNING);
        p.recorder.awaitStatus("ended", Status.STOPPED);
        p.recorder.awaitStatus("failing", Status.ERROR);
        p.awaitIdle(2);
        assertThat(p.poolThreadsInDump()).containsExactlyInAnyOrder(p.name + "/blocked", p.name + "-idle-2", p.name + "-idle-3");

        p.supervisor.close();

        assertThat(p.poolThreadsInDump()).isEmpty();
        assertThat(threads).hasSize(3).noneMatch(Thread::isAlive);
        assertThat(p.pool().size()).isZero();
    }

    @Test
    void removingEveryService_endsEveryThreadOfThePool() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1); // all three run at once: on three threads
        try (Pooled p = new Pooled(b -> b
                .service("a", c -> {
                    threads.add(Thread.currentThread());
                    go.await();
                }, ONCE)
                .service("b", c -> {
                    threads.add(Thread.currentThread());
                    go.await();
                }, ONCE)
                .service("c", c -> {
                    threads.add(Thread.currentThread());
                    c.awaitCancellation();
                }))) {
            p.supervisor.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> threads.size() == 3);
            go.countDown();
            p.awaitIdle(2);

            p.supervisor.remove("a");
            assertThat(p.pool().idleCount()).isEqualTo(2); // two services left: two parked threads may stay
            p.supervisor.remove("b");
            assertThat(p.pool().idleCount()).isEqualTo(1);
            p.supervisor.remove("c");
            assertThat(p.pool().idleCount()).isZero();

            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertThat(threads).hasSize(3).noneMatch(Thread::isAlive);
            assertThat(p.poolThreadsInDump()).isEmpty();
            assertThat(p.pool().size()).isZero();
        }
    }

    @Test
    void aParkedThread_endsAfterTheKeepAlive_onThePoolsClock() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (Pooled p = new Pooled(b -> b.service("blocked", c -> c.awaitCancellation())
                .service("once", c -> thread.set(Thread.currentThread()), ONCE))) {
            p.supervisor.start();
            p.recorder.awaitStatus("once", Status.STOPPED);
            p.awaitIdle(1);
            assertThat(p.poolClock.pendingDueTimes()).hasSize(1);
            assertThat(p.clock.pendingDueTimes()).isEmpty(); // the keep-alive stays out of the supervisor's scheduler

            p.poolClock.advance(KEEP_ALIVE.minusMillis(1));
            assertThat(p.pool().idleCount()).isEqualTo(1);
            assertThat(thread.get().isAlive()).isTrue();

            p.poolClock.advance(Duration.ofMillis(1));
            assertThat(p.pool().idleCount()).isZero();
            thread.get().join(10_000);
            assertThat(thread.get().isAlive()).isFalse();
            assertThat(p.poolClock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void theSweep_endsOnlyThreadsParkedAWholeKeepAlive_andComesBackForTheOthers() throws Exception {
        CountDownLatch secondGo = new CountDownLatch(1);
        try (Pooled p = new Pooled(b -> b.service("blocked", c -> c.awaitCancellation())
                .service("late", c -> secondGo.await(), ONCE)
                .service("early", c -> { }, ONCE))) {
            p.supervisor.start();
            p.recorder.awaitStatus("early", Status.STOPPED);
            p.awaitIdle(1);
            p.poolClock.advance(Duration.ofSeconds(20));
            secondGo.countDown();
            p.recorder.awaitStatus("late", Status.STOPPED);
            p.awaitIdle(2);

            p.poolClock.advance(Duration.ofSeconds(40)); // the early one's keep-alive is over, not the late one's
            assertThat(p.pool().idleCount()).isEqualTo(1);
            assertThat(p.poolClock.untilNextTask()).contains(Duration.ofSeconds(20));

            p.poolClock.advance(Duration.ofSeconds(20));
            assertThat(p.pool().idleCount()).isZero();
        }
    }

    @Test
    void noMoreThanMaxIdleThreadsStayParked() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1); // all five run at once: on five threads
        try (Pooled p = new Pooled(2, b -> {
            for (int i = 0; i < 5; i++) {
                b.service("s" + i, c -> {
                    threads.add(Thread.currentThread());
                    go.await();
                }, ONCE);
            }
            return b;
        })) {
            p.supervisor.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> threads.size() == 5);
            go.countDown();
            for (int i = 0; i < 5; i++) {
                p.recorder.awaitStatus("s" + i, Status.STOPPED);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> p.pool().size() == 2);

            assertThat(p.pool().idleCount()).isEqualTo(2);
            assertThat(threads.stream().filter(Thread::isAlive).count()).isEqualTo(2);
        }
    }

    @Test
    void maxIdleZero_turnsReuseOff() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (Pooled p = new Pooled(0, b -> b.service("once", c -> thread.set(Thread.currentThread()), ONCE))) {
            p.supervisor.start();
            p.recorder.awaitStatus("once", Status.STOPPED);
            thread.get().join(10_000);

            assertThat(thread.get().isAlive()).isFalse();
            assertThat(p.pool().size()).isZero();
        }
    }

    @Test
    void concurrentRestartsOfManyServices_neverGiveOneThreadTwoRuns() throws Exception {
        int services = 200;
        int wantedRuns = 20_000;
        Map<Thread, String> busy = new ConcurrentHashMap<>();
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        Policy fast = Policy.builder().restart(Restart.ALWAYS).fixedDelay(Duration.ofMillis(1)).noRestartLimit().build();
        String name = "pool-test-" + SUPERVISORS.incrementAndGet();
        Config.Builder config = Config.builder().name(name).threadKind(ThreadKind.PLATFORM).shutdownTimeout(Duration.ofSeconds(30));
        for (int i = 0; i < services; i++) {
            String service = "s" + i;
            config.service(service, c -> {
                Thread self = Thread.currentThread();
                used.add(self);
                String other = busy.putIfAbsent(self, service);
                if (other != null) {
                    violations.add(self + " runs " + service + " while running " + other);
                }
                if (!self.getName().equals(name + "/" + service)) {
                    violations.add(service + " runs on a thread named " + self.getName());
                }
                Thread.yield();
                busy.remove(self, service);
                if (runs.incrementAndGet() >= wantedRuns) {
                    enough.countDown();
                }
                throw new IllegalStateException("again");
            }, fast);
        }
        SupervisorEngine supervisor = SupervisorEngine.create(config.build());
        supervisor.start();
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("%d runs in time", wantedRuns).isTrue();
        } finally {
            supervisor.close();
        }

        assertThat(violations).isEmpty();
        assertThat(used.size()).as("threads used for %d runs", runs.get()).isLessThan(runs.get() / 10);
        assertThat(used).noneMatch(Thread::isAlive);
    }

    @Test
    void virtualThreadsAreNotPooled() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ThreadKind.virtualThreadsAvailable());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (Pooled p = new Pooled(b -> b.threadKind(ThreadKind.VIRTUAL).service("flaky", c -> {
            threads.add(Thread.currentThread());
            throw new Exception("x");
        }))) {
            p.supervisor.start();
            p.recorder.awaitStatus("flaky", Status.ERROR);
            p.clock.advance(Fixture.INTERVAL);
            p.recorder.awaitStatus("flaky", Status.ERROR);

            assertThat(threads).hasSize(2);
            assertThat(threads.get(1)).isNotSameAs(threads.get(0));
            assertThat(p.pool().size()).isZero();
        }
    }

    @Test
    void settingsFromProperties_defaultsAndOverrides_andBadValuesNamed() {
        assertThat(PlatformPool.Settings.from(key -> null))
                .isEqualTo(new PlatformPool.Settings(Duration.ofSeconds(60), 1024, null));
        assertThat(PlatformPool.Settings.from(Map.of("supervisor.pool.keepAlive", "PT5S", "supervisor.pool.maxIdle", "7")::get))
                .isEqualTo(new PlatformPool.Settings(Duration.ofSeconds(5), 7, null));
        assertThatThrownBy(() -> PlatformPool.Settings.from(Map.of("supervisor.pool.keepAlive", "60s")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property supervisor.pool.keepAlive = '60s' is not a duration; expected ISO-8601 such as PT60S");
        assertThatThrownBy(() -> PlatformPool.Settings.from(Map.of("supervisor.pool.maxIdle", "many")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property supervisor.pool.maxIdle = 'many' is not a whole number; expected 0 or more, such as 1024");
        assertThatThrownBy(() -> PlatformPool.Settings.from(Map.of("supervisor.pool.maxIdle", "-1")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system properties supervisor.pool.keepAlive / supervisor.pool.maxIdle:"
                        + " the pool's maxIdle must be 0 or more; it was -1");
        assertThatThrownBy(() -> PlatformPool.Settings.from(Map.of("supervisor.pool.keepAlive", "PT0S")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system properties supervisor.pool.keepAlive / supervisor.pool.maxIdle:"
                        + " the pool's keep-alive must be positive; it was PT0S");
    }
}
