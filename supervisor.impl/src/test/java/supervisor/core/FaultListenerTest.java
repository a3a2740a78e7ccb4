package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.RunResult;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/**
 * Listeners that throw, that block for good, and that call back into the supervisor from their
 * call. None holds up supervision or another listener; each listener that returns gets every
 * update, once and in order, the same order for all; the supervisor ends within its shutdown
 * timeout however a listener behaves.
 */
class FaultListenerTest {

    /** Records each event as {@link Recorder#describe} has it, then throws {@code thrown}. */
    private static final class Throwing implements StatusListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        private final RuntimeException runtime;
        private final Error error;

        Throwing(RuntimeException runtime, Error error) {
            this.runtime = runtime;
            this.error = error;
        }

        @Override
        public void onStatusChange(StatusEvent event) {
            seen.add(Recorder.describe(event));
            if (runtime != null) {
                throw runtime;
            }
            throw error;
        }
    }

    @Test
    void fault_listenersThatThrowOnEveryEvent_stillGetEveryUpdateInOrder_andSoDoOthers() throws Exception {
        Throwing runtime = new Throwing(new IllegalStateException("listener bug"), null);
        Throwing error = new Throwing(null, new AssertionError("listener error"));
        try (Fixture f = new Fixture(b -> b.listener(runtime).listener(error)
                .service("bystander", c -> c.awaitCancellation())
                .service("failing", c -> {
                    throw new Exception("failing");
                }))) {
            f.supervisor.start();
            assertThat(f.recorder.next("bystander", 2)).containsExactly("bystander IDLE", "bystander RUNNING");
            for (int run = 0; run < 3; run++) {
                assertThat(f.recorder.next("failing", 3)).containsExactly("failing IDLE", "failing RUNNING", "failing ERROR");
                f.clock.advance(Fixture.INTERVAL);
            }
            assertThat(f.recorder.next("failing", 3)).containsExactly("failing IDLE", "failing RUNNING", "failing ERROR");
            assertThat(f.supervisor.stop("bystander")).isTrue();
            assertThat(f.supervisor.start("bystander")).isTrue();
            assertThat(f.recorder.next("bystander", 3)).containsExactly("bystander STOPPED", "bystander IDLE", "bystander RUNNING");
            f.supervisor.cancel();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.leftRunning()).isEmpty();

            List<String> all = f.recorder.all().stream().map(Recorder::describe).toList();
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING", "bystander STOPPED",
                            "bystander IDLE", "bystander RUNNING", "bystander STOPPED")),
                    Map.entry("failing", List.of("failing IDLE", "failing RUNNING", "failing ERROR",
                            "failing IDLE", "failing RUNNING", "failing ERROR",
                            "failing IDLE", "failing RUNNING", "failing ERROR",
                            "failing IDLE", "failing RUNNING", "failing ERROR", "failing revised ERROR")));
            assertThat(runtime.seen).containsExactlyElementsOf(all);
            assertThat(error.seen).containsExactlyElementsOf(all);
        }
    }

    /**
     * A listener whose {@code toString()} throws too, so the supervisor cannot even name it when
     * it logs the listener's failure: it still gets every update, and the supervisor ends.
     */
    @Test
    void fault_aListenerThatThrowsAndCannotBeNamed_stillGetsEveryUpdateInOrder() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        StatusListener nameless = new StatusListener() {
            @Override
            public void onStatusChange(StatusEvent event) {
                seen.add(Recorder.describe(event));
                throw new IllegalStateException("listener bug");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no name either");
            }
        };
        try (Fixture f = new Fixture(b -> b.listener(nameless).service("failing", c -> {
            throw new Exception("failing");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.next("failing", 3)).containsExactly("failing IDLE", "failing RUNNING", "failing ERROR");
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.next("failing", 3)).containsExactly("failing IDLE", "failing RUNNING", "failing ERROR");
            f.supervisor.cancel();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.leftRunning()).isEmpty();
            assertThat(seen).containsExactlyElementsOf(f.recorder.all().stream().map(Recorder::describe).toList());
            assertThat(seen).hasSize(7);
        }
    }

    /** The same, blocked for good: the shutdown deadline, which names the listeners still busy, still ends the supervisor. */
    @Test
    void fault_aBlockedListenerThatCannotBeNamed_stillLetsTheShutdownEndAtItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StatusListener nameless = new StatusListener() {
            @Override
            public void onStatusChange(StatusEvent event) {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // blocked for good: only the test lets it go
                    }
                }
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no name");
            }
        };
        try (Fixture f = new Fixture(b -> b.listener(nameless).service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            assertThat(f.recorder.next("s", 2)).containsExactly("s IDLE", "s RUNNING");
            f.supervisor.cancel();
            assertThat(f.recorder.next("s", 1)).containsExactly("s STOPPED");
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            f.clock.advance(Fixture.TIMEOUT.minusNanos(1));
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            assertThat(end.get(10, TimeUnit.SECONDS).finalStatuses()).extracting(StatusUpdate::status)
                    .containsExactly(Status.STOPPED);
            FaultChecks.assertWholeRuns(f.recorder.all());
        } finally {
            release.countDown();
        }
    }

    @Test
    void fault_aListenerBlockedForGood_holdsUpNeitherSupervisionNorOtherListeners_andTheShutdownEndsAtItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        StatusListener blocked = event -> {
            entered.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // blocked for good: only the test lets it go
                }
            }
        };
        Recorder late = new Recorder();
        try (Fixture f = new Fixture(b -> b.listener(blocked)
                .service("bystander", c -> c.awaitCancellation())
                .service("failing", c -> {
                    throw new Exception("failing");
                }))) {
            f.supervisor.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(f.recorder.next("bystander", 2)).containsExactly("bystander IDLE", "bystander RUNNING");
            for (int run = 0; run < 3; run++) {
                assertThat(f.recorder.next("failing", 3)).containsExactly("failing IDLE", "failing RUNNING", "failing ERROR");
                f.clock.advance(Fixture.INTERVAL); // restarts fall due though a listener is stuck
            }
            assertThat(f.recorder.next("failing", 3)).containsExactly("failing IDLE", "failing RUNNING", "failing ERROR");
            assertThat(f.supervisor.stop("bystander")).isTrue();
            assertThat(f.supervisor.start("bystander")).isTrue();
            assertThat(f.recorder.next("bystander", 3)).containsExactly("bystander STOPPED", "bystander IDLE", "bystander RUNNING");
            f.supervisor.addListener(late); // a listener added now is served too
            assertThat(late.next().kind()).isEqualTo(StatusEvent.Kind.CURRENT);

            f.supervisor.cancel();
            assertThat(f.recorder.next("bystander", 1)).containsExactly("bystander STOPPED");
            assertThat(late.next("bystander", 1)).containsExactly("bystander STOPPED");
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            f.clock.advance(Fixture.TIMEOUT.minusNanos(1)); // every run is over; the stuck listener has not drained
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            RunResult result = end.get(10, TimeUnit.SECONDS);
            assertThat(result.leftRunning()).isEmpty();
            assertThat(result.finalStatuses()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("bystander STOPPED", "failing ERROR");

            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING", "bystander STOPPED",
                            "bystander IDLE", "bystander RUNNING", "bystander STOPPED")),
                    Map.entry("failing", List.of("failing IDLE", "failing RUNNING", "failing ERROR",
                            "failing IDLE", "failing RUNNING", "failing ERROR",
                            "failing IDLE", "failing RUNNING", "failing ERROR",
                            "failing IDLE", "failing RUNNING", "failing ERROR", "failing revised ERROR")));
            assertThat(late.all().stream().skip(1).map(Recorder::describe))
                    .containsExactly("failing revised ERROR", "bystander STOPPED");
        } finally {
            release.countDown();
        }
    }

    /**
     * One listener drives a service through its own callbacks: on the first run it restarts it,
     * on the second it stops it (waiting for the run to end, whose end it then receives), on that
     * stop it starts it, on the third run it adds a service, on that one's run it removes it, and
     * on that removal it tries {@code run()} (refused) and closes the supervisor (which from a
     * listener only cancels). Nothing deadlocks; it and another listener get the same events, in
     * order, every run whole.
     */
    @Test
    void fault_aListenerCallingBackIntoTheSupervisor_restartsStopsStartsAddsRemovesAndCloses_withoutDeadlockOrLoss() throws Exception {
        List<String> answers = Collections.synchronizedList(new ArrayList<>());
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Fixture[] holder = new Fixture[1];
        StatusListener driver = event -> {
            seen.add(Recorder.describe(event));
            SupervisorEngine supervisor = holder[0].supervisor;
            StatusUpdate update = event.update();
            String what = Recorder.describe(event);
            switch (what) {
                case "target RUNNING" -> {
                    switch (update.restartCount()) {
                        case 0 -> {
                            supervisor.restart("target");
                            answers.add("restart");
                        }
                        case 1 -> answers.add("stop " + supervisor.stop("target"));
                        default -> answers.add("add #" + supervisor.add("added", c -> c.awaitCancellation()));
                    }
                }
                case "target STOPPED" -> {
                    if (update.reason() == Reason.STOPPED_BY_REQUEST) {
                        answers.add("start " + supervisor.start("target"));
                    }
                }
                case "added RUNNING" -> answers.add("remove " + supervisor.remove("added"));
                case "added removed" -> {
                    try {
                        supervisor.run();
                        answers.add("run returned");
                    } catch (IllegalStateException refused) {
                        answers.add("run refused");
                    }
                    supervisor.close();
                    answers.add("closed");
                }
                default -> {
                }
            }
        };
        try (Fixture f = new Fixture(b -> b.listener(driver)
                .service("bystander", c -> c.awaitCancellation())
                .service("target", c -> c.awaitCancellation()))) {
            holder[0] = f;
            f.supervisor.start();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.isClean()).isTrue();
            assertThat(answers).containsExactly("restart", "stop true", "start true", "add #2", "remove true", "run refused", "closed");

            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING", "bystander STOPPED")),
                    Map.entry("target", List.of("target IDLE", "target RUNNING", "target STOPPED",
                            "target IDLE", "target RUNNING", "target STOPPED",
                            "target IDLE", "target RUNNING", "target STOPPED")),
                    Map.entry("added", List.of("added IDLE", "added RUNNING", "added STOPPED", "added removed")));
            assertThat(f.supervisor.history("target")).filteredOn(u -> u.status() == Status.STOPPED)
                    .extracting(StatusUpdate::reason)
                    .containsExactly(Reason.RESTARTED_BY_REQUEST, Reason.STOPPED_BY_REQUEST, Reason.SHUTTING_DOWN);
            assertThat(seen).containsExactlyElementsOf(f.recorder.all().stream().map(Recorder::describe).toList());
        }
    }

    /** A listener that removes itself from its own call is not called again, and the others go on. */
    @Test
    void fault_aListenerRemovingItselfFromItsCall_returnsAtOnce_andIsNotCalledAgain() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> removed = Collections.synchronizedList(new ArrayList<>());
        Fixture[] holder = new Fixture[1];
        StatusListener leaving = new StatusListener() {
            @Override
            public void onStatusChange(StatusEvent event) {
                seen.add(Recorder.describe(event));
                if (Recorder.describe(event).equals("s RUNNING")) {
                    removed.add(holder[0].supervisor.removeListener(this));
                }
            }
        };
        try (Fixture f = new Fixture(b -> b.listener(leaving).service("s", c -> {
            throw new Exception("s");
        }))) {
            holder[0] = f;
            f.supervisor.start();
            assertThat(f.recorder.next("s", 3)).containsExactly("s IDLE", "s RUNNING", "s ERROR");
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.next("s", 3)).containsExactly("s IDLE", "s RUNNING", "s ERROR");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !removed.isEmpty());
            f.supervisor.cancel();
            f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(removed).containsExactly(true);
            assertThat(seen).containsExactly("s IDLE", "s RUNNING");
            FaultChecks.assertWholeRuns(f.recorder.all());
        }
    }
}
