package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import supervisor.api.Cancellable;
import supervisor.api.Reason;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Scheduler;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.testing.FakeScheduler;

/** Stopping, starting and restarting services by hand; their history. */
class SupervisorControlTest {

    @Test
    void stop_cancelsTheRun_andTheServiceStaysStopped() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.RUNNING);
            assertThat(f.supervisor.stop("s")).isTrue();
            StatusUpdate stopped = f.recorder.awaitStatus("s", Status.STOPPED);
            assertThat(stopped.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(stopped.nextRestart()).isNull();
            f.clock.advance(Duration.ofHours(1));
            assertThat(f.supervisor.status("s").orElseThrow().status()).isEqualTo(Status.STOPPED);
        }
    }

    @Test
    void stop_aServiceWaitingToRestart_callsTheRestartOff() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> {
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(f.supervisor.stop("s")).isTrue();
            StatusUpdate held = f.recorder.awaitRevision("s");
            assertThat(held.status()).isEqualTo(Status.ERROR);
            assertThat(held.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(held.nextRestart()).isNull();
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void start_aStoppedService_runsItAgainAtOnce() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.RUNNING);
            f.supervisor.stop("s");
            assertThat(f.supervisor.start("s")).isTrue();
            StatusUpdate running = f.recorder.awaitStatus("s", Status.RUNNING);
            assertThat(running.restartCount()).isEqualTo(1);
            assertThat(f.supervisor.start("s")).isFalse();
        }
    }

    @Test
    void start_aGivenUpService_runsItWithAFreshRestartLimit() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b.service("s", c -> {
            runs.incrementAndGet();
            throw new Exception("x");
        }, Policy.builder().intensity(1, Duration.ofMinutes(1)).build()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.ERROR);
            f.clock.advance(Fixture.INTERVAL);
            f.recorder.awaitStatus("s", Status.GAVE_UP);
            assertThat(f.supervisor.start("s")).isTrue();
            StatusUpdate again = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(again.nextRestart()).isNotNull();
            assertThat(runs).hasValue(3);
        }
    }

    @Test
    void restart_cancelsTheRun_andStartsANewOneWithoutDelay_andWithoutCountingItAsAFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b.service("s", c -> {
            runs.incrementAndGet();
            c.awaitCancellation();
        }, Policy.builder().intensity(1, Duration.ofMinutes(1)).build()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.RUNNING);
            for (int i = 1; i <= 3; i++) {
                f.supervisor.restart("s");
                assertThat(f.recorder.awaitStatus("s", Status.STOPPED).reason()).isEqualTo(Reason.RESTARTED_BY_REQUEST);
                assertThat(f.recorder.awaitStatus("s", Status.RUNNING).restartCount()).isEqualTo(i);
            }
            assertThat(f.clock.pendingDueTimes()).isEmpty();
            org.awaitility.Awaitility.await().untilAtomic(runs, org.hamcrest.Matchers.equalTo(4));
        }
    }

    @Test
    void restart_aStoppedService_startsIt() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.RUNNING);
            f.supervisor.stop("s");
            f.supervisor.restart("s");
            assertThat(f.recorder.awaitStatus("s", Status.RUNNING).restartCount()).isEqualTo(1);
        }
    }

    @Test
    void stop_aServiceThatIgnoresCancellation_returnsFalseAtTheTimeout_andItIsNotRestartedWhenItEnds() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("stubborn", Fixture.ignoringCancellation(letGo)))) {
            f.supervisor.start();
            f.recorder.awaitStatus("stubborn", Status.RUNNING);
            CompletableFuture<Boolean> stop = f.supervisor.stopAsync("stubborn");
            f.clock.advance(Fixture.TIMEOUT);
            assertThat(stop.get(10, TimeUnit.SECONDS)).isFalse();
            letGo.countDown();
            assertThat(f.recorder.awaitStatus("stubborn", Status.STOPPED).reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void manualControl_ofAnUnknownName_isAnErrorNamingItAndTheKnownOnes() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("a", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            String message = "supervisor 'supervisor' has no service named 'b'; its services are [a]";
            assertThatThrownBy(() -> f.supervisor.stop("b")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> f.supervisor.start("b")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> f.supervisor.restart("b")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> f.supervisor.history("b")).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            assertThatThrownBy(() -> f.supervisor.stop(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("service name must not be null");
        }
    }

    @Test
    void startOrRestart_beforeTheSupervisorRuns_isRejected() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("a", c -> c.awaitCancellation()))) {
            assertThatThrownBy(() -> f.supervisor.start("a")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot start service 'a': supervisor 'supervisor' is NEW");
            assertThatThrownBy(() -> f.supervisor.restart("a")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot restart service 'a': supervisor 'supervisor' is NEW");
        }
    }

    @Test
    void history_keepsTheLatestUpdatesOldestFirst_withTheirErrors() throws Exception {
        try (Fixture f = new Fixture(b -> b.historySize(4).service("s", c -> {
            throw new IllegalStateException("broken");
        }))) {
            f.supervisor.start();
            StatusUpdate firstEnd = f.recorder.awaitStatus("s", Status.ERROR);
            f.clock.advance(Fixture.INTERVAL);
            f.recorder.awaitStatus("s", Status.ERROR);
            List<StatusUpdate> history = f.supervisor.history("s");
            assertThat(history).extracting(StatusUpdate::status)
                    .containsExactly(Status.ERROR, Status.IDLE, Status.RUNNING, Status.ERROR);
            assertThat(history.get(0)).isEqualTo(firstEnd);
            assertThat(history.get(3).error()).isInstanceOf(IllegalStateException.class).hasMessage("broken");
            assertThat(history.get(3).error().getStackTrace()).isNotEmpty();
        }
    }

    @Test
    void stop_beforeTheSupervisorStarts_keepsTheServiceStopped() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("held", c -> c.awaitCancellation()).service("other", c -> c.awaitCancellation()))) {
            assertThat(f.supervisor.stop("held")).isTrue();
            f.supervisor.start();
            f.recorder.awaitStatus("other", Status.RUNNING);
            assertThat(f.supervisor.status("held")).map(StatusUpdate::reason).contains(Reason.STOPPED_BY_REQUEST);
            assertThat(f.supervisor.start("held")).isTrue();
            f.recorder.awaitStatus("held", Status.RUNNING);
        }
    }

    @Test
    void removeOrStop_fromTheServicesOwnThread_cancelsIt_andReturnsAtOnce() throws Exception {
        java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b)) {
            f.supervisor.add("self-stopping", c -> {
                runs.incrementAndGet();
                answers.add("stop " + f.supervisor.stop("self-stopping") + " cancelled " + c.isCancelled());
            });
            f.supervisor.add("self-removing", c -> answers.add("remove " + f.supervisor.remove("self-removing")
                    + " cancelled " + c.isCancelled()));
            f.supervisor.start();
            assertThat(List.of(answers.poll(10, TimeUnit.SECONDS), answers.poll(10, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder("stop true cancelled true", "remove true cancelled true");
            assertThat(f.recorder.awaitStatus("self-stopping", Status.STOPPED).reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(f.recorder.next("self-removing", 4)).containsExactly(
                    "self-removing IDLE", "self-removing RUNNING", "self-removing STOPPED", "self-removing removed");
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void run_fromAServiceOfTheSupervisor_isRejectedInsteadOfWaitingForItself() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        try (Fixture f = new Fixture(b -> b)) {
            f.supervisor.add("runner", c -> {
                try {
                    f.supervisor.run();
                } catch (IllegalStateException e) {
                    thrown.set(e);
                }
            });
            f.supervisor.start();
            f.recorder.awaitStatus("runner", Status.STOPPED);
            assertThat(thrown.get()).hasMessage("run() on a thread of supervisor 'supervisor''s own services or listeners"
                    + " would wait for itself; call cancel() instead");
        }
    }

    @Test
    void aSchedulerThatFailsToScheduleARestart_leavesTheServiceStopped_andSaysWhy() throws Exception {
        FakeScheduler clock = new FakeScheduler();
        Scheduler failing = new Scheduler() {
            @Override
            public java.time.Instant now() {
                return clock.now();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new IllegalStateException("no timers");
            }
        };
        Recorder recorder = new Recorder();
        SupervisorEngine engine = SupervisorEngine.create(Config.builder().scheduler(failing)
                .listener(recorder).service("s", c -> {
                    throw new Exception("x");
                }).build());
        engine.start();
        StatusUpdate end = recorder.awaitStatus("s", Status.ERROR);
        assertThat(end.nextRestart()).isNull();
        assertThat(end.reason()).isEqualTo(Reason.SCHEDULER_FAILED);
        assertThat(end.detail()).isEqualTo("not restarted: the scheduler failed: java.lang.IllegalStateException: no timers");
        engine.cancel();
        assertThat(engine.termination().toCompletableFuture().get(10, TimeUnit.SECONDS).finalStatuses()).hasSize(1);
    }
}
