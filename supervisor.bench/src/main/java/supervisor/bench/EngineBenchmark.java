package supervisor.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import supervisor.api.Config;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.ThreadKind;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

/**
 * What it measures: status changes end to end through the public API, while {@code services - 1}
 * other services are running (each blocked in {@code context.awaitCancellation()}) and two
 * listeners receive every event. If a status change costs O(log n), as the README claims, the time
 * per operation must not grow with {@code services}.
 *
 * <ul>
 *   <li>{@link #restartFlappingService}: one service returns at once every time it runs; the
 *       scheduler is a {@link FakeScheduler}. One operation is {@code advance(interval)}, which
 *       restarts it on the benchmark thread (IDLE is published there), then a wait until a
 *       listener has received the end of that run (its thread started, RUNNING, STOPPED): three
 *       status changes, one thread start, one listener hand-off.
 *   <li>{@link #addAndRemoveService}: one operation adds a service that blocks and removes it
 *       again ({@code remove} waits for its thread to end): IDLE, usually RUNNING, STOPPED and
 *       REMOVED, one thread start. The scheduler is the engine's own.
 * </ul>
 *
 * <p>Threads are the engine's default: virtual on Java 21+, platform threads on Java 17. On Java
 * 17 each blocked service holds a platform thread; Linux's default {@code vm.max_map_count}
 * (65530) caps a JVM at roughly 30,000 threads, so there run it with {@code -p services=10,1000,10000}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

    /** Largest number of platform threads we ask of a JVM without virtual threads. */
    static final int MAX_PLATFORM_SERVICES = 20_000;

    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** Services blocked until cancelled, and the supervisor that runs them; shared by both benchmarks. */
    @State(Scope.Benchmark)
    public abstract static class Running {

        @Param({"10", "1000", "100000"})
        public int services;

        SupervisorEngine supervisor;
        /** Released once per ended run of the flapping service, by a listener. */
        final Semaphore flapperEnded = new Semaphore(0);
        final AtomicLong delivered = new AtomicLong();
        volatile long flapperId = -1;
        long added;

        void startWith(Config.Builder config, Service last) throws InterruptedException {
            if (!ThreadKind.virtualThreadsAvailable() && services > MAX_PLATFORM_SERVICES) {
                throw new IllegalStateException(services + " services need " + services
                        + " platform threads on Java " + Runtime.version().feature()
                        + "; use Java 21+ or -p services=10,1000,10000");
            }
            if (ThreadKind.virtualThreadsAvailable()) {
                config.threadKind(ThreadKind.VIRTUAL); // blocking services by the hundred thousand
            }
            CountDownLatch blockedRunning = new CountDownLatch(services - 1);
            for (int i = 0; i < services - 1; i++) {
                config.service("blocked-" + i, context -> {
                    blockedRunning.countDown();
                    context.awaitCancellation();
                });
            }
            config.service("last", last);
            // one listener that only looks at the event, one that waits for the flapping service
            config.listener(event -> delivered.addAndGet(event.snapshot().size() > 0 ? 1 : 0));
            config.listener(new StatusListener() {
                @Override
                public void onStatusChange(StatusEvent event) {
                    if (event.update() != null && event.update().serviceId() == flapperId
                            && event.kind() == StatusEvent.Kind.CHANGED
                            && event.update().status() != Status.IDLE && event.update().status() != Status.RUNNING) {
                        flapperEnded.release();
                    }
                }
            });
            config.shutdownTimeout(Duration.ofMinutes(5));
            supervisor = SupervisorEngine.create(config.build());
            flapperId = services - 1; // ids are given in the order of the config: "last" is the last
            supervisor.start();
            if (!blockedRunning.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("services did not start: " + blockedRunning.getCount() + " left");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long start = System.nanoTime();
            supervisor.close();
            System.out.printf("%n(teardown: closed %d services in %d ms)%n", services,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    @State(Scope.Benchmark)
    public static class Flapping extends Running {
        final FakeScheduler scheduler = new FakeScheduler();

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            startWith(Config.builder().scheduler(scheduler).restartInterval(INTERVAL), context -> { });
            // its first run ended; one more run puts the listener past every start-up event
            flapperEnded.acquire();
            scheduler.advance(INTERVAL);
            flapperEnded.acquire();
        }
    }

    @State(Scope.Benchmark)
    public static class Membership extends Running {
        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            startWith(Config.builder(), context -> context.awaitCancellation());
        }
    }

    @Benchmark
    public void restartFlappingService(Flapping state) throws InterruptedException {
        state.scheduler.advance(INTERVAL);
        state.flapperEnded.acquire();
    }

    @Benchmark
    public boolean addAndRemoveService(Membership state) {
        String name = "added-" + state.added++;
        state.supervisor.add(name, context -> context.awaitCancellation());
        return state.supervisor.remove(name);
    }
}
