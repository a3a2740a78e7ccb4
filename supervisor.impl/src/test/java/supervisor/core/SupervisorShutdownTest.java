package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RunResult;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.testing.FakeScheduler;

/** Ending a supervisor: cancellation, the shutdown timeout, and the result. */
class SupervisorShutdownTest {

    @Test
    void cancel_cancelsEveryContext_andInterruptsEveryThread() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean contextCancelled = new AtomicBoolean();
        try (Fixture f = new Fixture(b -> b.service("sleeper", c -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                contextCancelled.set(c.isCancelled());
                throw e;
            }
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("sleeper", Status.RUNNING);
            f.supervisor.cancel();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(interrupted).isTrue();
            assertThat(contextCancelled).isTrue();
            assertThat(result.finalStatuses()).extracting(StatusUpdate::status).containsExactly(Status.STOPPED);
            assertThat(result.isClean()).isTrue();
        }
    }

    @Test
    void cancellationCallbacks_runOnCancel_andAtOnceIfAlreadyCancelled() throws Exception {
        CountDownLatch callback = new CountDownLatch(1);
        AtomicBoolean lateRanAtOnce = new AtomicBoolean();
        try (Fixture f = new Fixture(b -> b.service("socket", c -> {
            c.onCancel(callback::countDown);
            c.awaitCancellation();
            AtomicBoolean ran = new AtomicBoolean();
            c.onCancel(() -> ran.set(true));
            lateRanAtOnce.set(ran.get());
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("socket", Status.RUNNING);
            f.supervisor.cancel();
            assertThat(callback.await(10, TimeUnit.SECONDS)).isTrue();
            f.recorder.awaitStatus("socket", Status.STOPPED);
            assertThat(lateRanAtOnce).isTrue();
        }
    }

    @Test
    void aServiceThatIgnoresCancellation_isNamedInTheResult_afterTheShutdownTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b
                .service("polite", c -> c.awaitCancellation())
                .service("stubborn", Fixture.ignoringCancellation(never)))) {
            f.supervisor.start();
            f.recorder.awaitStatus("polite", Status.RUNNING);
            f.recorder.awaitStatus("stubborn", Status.RUNNING);
            f.supervisor.cancel();
            f.recorder.awaitStatus("polite", Status.STOPPED);
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();

            f.clock.advance(Fixture.TIMEOUT.minusNanos(1));
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofNanos(1));

            RunResult result = end.get(10, TimeUnit.SECONDS);
            assertThat(result.leftRunning()).containsExactly("stubborn");
            assertThat(result.isClean()).isFalse();
            never.countDown();
        }
    }

    @Test
    void run_returnsWhichServicesFailed() {
        FakeScheduler clock = new FakeScheduler();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder().scheduler(clock).build());
        CountDownLatch failed = new CountDownLatch(1);
        supervisor.add("broken", c -> {
            failed.countDown();
            throw new IllegalStateException("broken");
        });
        supervisor.add("fine", c -> c.awaitCancellation());
        supervisor.add("stopper", c -> {
            failed.await();
            supervisor.cancel();
        });
        RunResult result = supervisor.run();
        assertThat(result.failed()).extracting(StatusUpdate::serviceName).containsExactly("broken");
        assertThat(result.failed().get(0).error()).hasMessage("broken");
        assertThat(result.failed().get(0).nextRestart()).isNull();
        assertThat(result.leftRunning()).isEmpty();
        assertThat(result.finalStatuses()).extracting(StatusUpdate::serviceName).containsExactly("broken", "fine", "stopper");
    }

    @Test
    void aCancelledServiceThatThrowsInterruptedException_countsAsStopped() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("blocking", c -> new CountDownLatch(1).await()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("blocking", Status.RUNNING);
            f.supervisor.cancel();
            StatusUpdate end = f.recorder.awaitStatus("blocking", Status.STOPPED);
            assertThat(end.error()).isNull();
        }
    }

    @Test
    void anUncancelledServiceThatThrowsInterruptedException_isAnError() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("confused", c -> {
            throw new InterruptedException("not from us");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("confused", Status.ERROR).error()).hasMessage("not from us");
        }
    }

    @Test
    void close_fromTheServicesOwnThread_onlyCancels_andDoesNotDeadlock() {
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder().scheduler(new FakeScheduler()).build());
        supervisor.add("closer", c -> supervisor.close());
        RunResult result = supervisor.run();
        assertThat(result.finalStatuses()).extracting(StatusUpdate::status).containsExactly(Status.STOPPED);
    }

    @Test
    void close_fromOutside_waitsUntilTheSupervisorHasEnded() {
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder().scheduler(new FakeScheduler()).build());
        AtomicReference<Thread> thread = new AtomicReference<>();
        supervisor.add("worker", c -> {
            thread.set(Thread.currentThread());
            c.awaitCancellation();
        });
        supervisor.start();
        await().untilAtomic(thread, org.hamcrest.Matchers.notNullValue());
        supervisor.close();
        assertThat(supervisor.termination().toCompletableFuture()).isDone();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !thread.get().isAlive());
    }

    @Test
    void cancel_beforeStart_endsTheSupervisorWithNothingRun() throws Exception {
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder().service("never", c -> { }).build());
        supervisor.cancel();
        RunResult result = supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.finalStatuses()).isEmpty();
        assertThat(result.isClean()).isTrue();
    }

    @Test
    void run_onAnInterruptedThread_cancelsTheSupervisor_andKeepsTheInterrupt() throws Exception {
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .scheduler(new FakeScheduler()).service("s", c -> c.awaitCancellation()).build());
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            Thread.currentThread().interrupt();
            result.set(supervisor.run());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        runner.join(10_000);
        assertThat(result.get().finalStatuses()).extracting(StatusUpdate::status).containsExactly(Status.STOPPED);
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void aPendingRestart_isCalledOffByShutdown_andTheFinalStatusSaysNoRestart() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("failing", c -> {
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("failing", Status.ERROR).nextRestart()).isNotNull();
            f.supervisor.cancel();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.finalStatuses().get(0).status()).isEqualTo(Status.ERROR);
            assertThat(result.finalStatuses().get(0).nextRestart()).isNull();
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }
}
