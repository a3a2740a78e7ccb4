package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.Supervisor;
import supervisor.testing.FakeScheduler;

/**
 * Pins what the API's javadoc tells a newcomer, one statement per test: how to get a supervisor,
 * what the reads return before {@code start()}, what a {@link FakeScheduler} times, what counts in
 * {@code restartCount}, which listeners get a {@code CURRENT} event first, and that listener calls
 * are serial but may come on different threads.
 */
class NewcomerDocsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    // ---- Supervisor's javadoc: how to get one ----------------------------------------------------

    @Test
    void javadocExample_createThenRun_runsTheServiceUntilCancel() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        Supervisor supervisor = SupervisorEngine.create(Config.builder()
                .name("workers")
                .service("poller", context -> {
                    polling.countDown();
                    context.awaitCancellation();
                })
                .build());
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(supervisor::run);

        assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run).isNotDone();
        supervisor.cancel();

        RunResult result = run.get(10, TimeUnit.SECONDS);
        assertThat(result.supervisor()).isEqualTo("workers");
        assertThat(result.isClean()).isTrue();
    }

    // ---- SupervisorRuntime: reads before start() -------------------------------------------------

    @Test
    void beforeStart_statusesStatusAndHistoryAreEmpty_andDescribeListsEachServiceWithoutAStatus() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("a", c -> c.awaitCancellation()))) {
            assertThat(f.supervisor.statuses()).isEmpty();
            assertThat(f.supervisor.status("a")).isEmpty();
            assertThat(f.supervisor.history("a")).isEmpty();
            ServiceDescription a = f.supervisor.describe().services().get(0);
            assertThat(a.name()).isEqualTo("a");
            assertThat(a.status()).isNull();
            assertThat(a.reason()).isNull();
            assertThat(a.since()).isNull();
            assertThat(a.restartCount()).isZero();

            assertThat(f.supervisor.status("nope")).isEmpty();
            assertThatThrownBy(() -> f.supervisor.history("nope")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- FakeScheduler: it also times the deadlines ----------------------------------------------

    /** An hour of fake time: on the real clock none of these deadlines could pass within the test's waits. */
    @Test
    void fakeScheduler_timesTheStopRemoveAndShutdownDeadlines_noneExpiresUntilTheTestAdvances() throws Exception {
        Duration timeout = Duration.ofHours(1);
        CountDownLatch never = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.shutdownTimeout(timeout)
                .service("stopped", Fixture.ignoringCancellation(never))
                .service("removed", Fixture.ignoringCancellation(never))
                .service("left", Fixture.ignoringCancellation(never)))) {
            f.supervisor.start();
            for (String name : List.of("stopped", "removed", "left")) {
                f.recorder.awaitStatus(name, Status.RUNNING);
            }

            CompletableFuture<Boolean> stop = f.supervisor.stopAsync("stopped");
            CompletableFuture<Boolean> removal = f.supervisor.removeAsync("removed");
            f.clock.advance(timeout.minusNanos(1));
            assertThat(stop).isNotDone();
            assertThat(removal).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            assertThat(stop.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(removal.get(10, TimeUnit.SECONDS)).isFalse();

            f.supervisor.cancel();
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            f.clock.advance(timeout.minusNanos(1));
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            assertThat(end.get(10, TimeUnit.SECONDS).leftRunning()).containsExactly("stopped", "removed", "left");
            never.countDown();
        }
    }

    @Test
    void removeListener_waitsForACallInProgressOnTheRealClock_notOnTheFakeScheduler() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StatusListener blocking = event -> {
            entered.countDown();
            awaitQuietly(release);
        };
        try (Fixture f = new Fixture(b -> b.shutdownTimeout(Duration.ofMillis(50)).listener(blocking)
                .service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            // the fake clock never moves: only the real clock can end the wait for the blocked call
            CompletableFuture<Boolean> removal = CompletableFuture.supplyAsync(() -> f.supervisor.removeListener(blocking));

            assertThat(removal.get(10, TimeUnit.SECONDS)).isTrue(); // it was registered
            assertThat(release.getCount()).isEqualTo(1); // and its call is still in progress
            release.countDown();
        }
    }

    // ---- restartCount: manual runs count --------------------------------------------------------

    @Test
    void restartAndStartByHand_eachCountInRestartCount() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("s", Status.RUNNING).restartCount()).isZero();

            f.supervisor.restart("s");
            assertThat(f.recorder.awaitStatus("s", Status.RUNNING).restartCount()).isEqualTo(1);
            f.supervisor.stop("s");
            f.supervisor.start("s");
            assertThat(f.recorder.awaitStatus("s", Status.RUNNING).restartCount()).isEqualTo(2);
            assertThat(f.supervisor.describe().services().get(0).restartCount()).isEqualTo(2);
        }
    }

    // ---- which listeners get a CURRENT event first -----------------------------------------------

    @Test
    void listenersOfTheConfigAndAddedBeforeStart_getNoCurrentEvent_theirFirstChangedEventListsEveryService()
            throws Exception {
        Recorder added = new Recorder();
        try (Fixture f = new Fixture(b -> b.service("a", c -> c.awaitCancellation()).service("b", c -> c.awaitCancellation()))) {
            f.supervisor.addListener(added);
            f.supervisor.start();

            for (Recorder recorder : List.of(f.recorder, added)) {
                StatusEvent first = recorder.next();
                assertThat(first.kind()).isEqualTo(StatusEvent.Kind.CHANGED);
                assertThat(first.snapshot()).extracting(StatusUpdate::serviceName).containsExactly("a", "b");
            }
        }
    }

    @Test
    void listenerAddedWhileShuttingDown_getsACurrentEventFirst() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("stubborn", Fixture.ignoringCancellation(letGo)))) {
            f.supervisor.start();
            f.recorder.awaitStatus("stubborn", Status.RUNNING);
            f.supervisor.cancel();
            Recorder late = new Recorder();

            f.supervisor.addListener(late);

            StatusEvent first = late.next();
            assertThat(first.kind()).isEqualTo(StatusEvent.Kind.CURRENT);
            assertThat(first.snapshot()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("stubborn RUNNING");
            letGo.countDown();
            assertThat(late.awaitStatus("stubborn", Status.STOPPED)).isNotNull();
        }
    }

    /** With an executor that runs each delivery on the caller, a CURRENT event would arrive inside addListener. */
    @Test
    void listenerAddedAfterTheEnd_isNeverCalled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Supervisor supervisor = SupervisorEngine.create(Config.builder().scheduler(new FakeScheduler())
                .listenerExecutor(Runnable::run).service("s", c -> {
                    running.countDown();
                    c.awaitCancellation();
                }).build());
        supervisor.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue(); // its RUNNING is in, so nothing changes until close
        List<StatusEvent> whileRunning = new CopyOnWriteArrayList<>();
        supervisor.addListener(whileRunning::add);
        assertThat(whileRunning).extracting(StatusEvent::kind).containsExactly(StatusEvent.Kind.CURRENT);
        supervisor.close();
        List<StatusEvent> afterTheEnd = new CopyOnWriteArrayList<>();

        StatusListener late = afterTheEnd::add;

        supervisor.addListener(late);

        assertThat(afterTheEnd).isEmpty();
        assertThat(supervisor.removeListener(late)).as("registered").isFalse();
    }

    // ---- listener calls: serial, but not bound to one thread -------------------------------------

    @Test
    void listenerCalls_areSerial_butMayComeOnDifferentThreads() throws Exception {
        List<Thread> executorThreads = new CopyOnWriteArrayList<>();
        AtomicInteger threadNumber = new AtomicInteger();
        Executor threadPerTask = task -> {
            Thread thread = new Thread(task, "listener-task-" + threadNumber.incrementAndGet());
            executorThreads.add(thread);
            thread.start();
        };
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        StatusListener listener = event -> {
            if (inCall.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            if (event.update() != null) {
                calls.add(event.update().status() + " on " + Thread.currentThread().getName());
            }
            inCall.decrementAndGet();
        };
        FakeScheduler clock = new FakeScheduler();
        Supervisor supervisor = SupervisorEngine.create(Config.builder().scheduler(clock).listenerExecutor(threadPerTask)
                .listener(listener).service("s", c -> c.awaitCancellation()).build());
        try {
            supervisor.start();
            String firstRunning = awaitCall(calls, "RUNNING");
            for (Thread thread : executorThreads) { // every delivery so far is over: the next needs a new task
                thread.join(WAIT.toMillis());
            }

            supervisor.restart("s");

            String secondRunning = awaitCall(calls, "RUNNING");
            assertThat(threadOf(secondRunning)).isNotEqualTo(threadOf(firstRunning));
            assertThat(overlaps).hasValue(0);
        } finally {
            supervisor.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String awaitCall(BlockingQueue<String> calls, String status) throws InterruptedException {
        while (true) {
            String call = calls.poll(10, TimeUnit.SECONDS);
            assertThat(call).as("a call with " + status).isNotNull();
            if (call.startsWith(status + " ")) {
                return call;
            }
        }
    }

    private static String threadOf(String call) {
        return call.substring(call.indexOf(" on ") + 4);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
