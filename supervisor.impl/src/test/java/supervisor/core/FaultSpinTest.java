package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusUpdate;

/**
 * A service that swallows its interrupts and spins on the CPU, never looking at its context: a
 * stop or removal of it gives up after one shutdown timeout (on the fake clock) and says so, a
 * restart waits for its run to end, and a shutdown ends on time and names it as left running.
 * Its end, once it stops spinning, is told as the docs say. A bystander is unaffected throughout.
 */
class FaultSpinTest {

    /** Opened at the end of each test, so no spinner outlives it. */
    private final AtomicBoolean release = new AtomicBoolean();
    private final AtomicInteger swallowed = new AtomicInteger();
    private final AtomicReference<Thread> spinnerThread = new AtomicReference<>();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void releaseTheSpinner() throws InterruptedException {
        release.set(true);
        Thread thread = spinnerThread.get();
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** Its first run spins until released, clearing each interrupt it gets; later runs behave. */
    private Service spinner() {
        return context -> {
            if (runs.incrementAndGet() > 1) {
                context.awaitCancellation();
                return;
            }
            spinnerThread.set(Thread.currentThread());
            while (!release.get()) {
                if (Thread.interrupted()) {
                    swallowed.incrementAndGet();
                }
                Thread.onSpinWait();
            }
        };
    }

    private Fixture started() {
        Fixture f = new Fixture(b -> b.service("bystander", c -> c.awaitCancellation()).service("spinner", spinner()));
        f.supervisor.start();
        assertThat(f.recorder.next("bystander", 2)).containsExactly("bystander IDLE", "bystander RUNNING");
        assertThat(f.recorder.next("spinner", 2)).containsExactly("spinner IDLE", "spinner RUNNING");
        await().atMost(Duration.ofSeconds(10)).untilAtomic(spinnerThread, Matchers.notNullValue());
        return f;
    }

    @Test
    void fault_stopOfASpinnerThatSwallowsInterrupts_givesUpAfterTheShutdownTimeout_andItsLateEndIsAStop() throws Exception {
        try (Fixture f = started()) {
            CompletableFuture<Boolean> stop = f.supervisor.stopAsync("spinner");
            await().atMost(Duration.ofSeconds(10)).until(() -> swallowed.get() > 0); // interrupted, and swallowed it
            f.clock.advance(Fixture.TIMEOUT.minusNanos(1));
            assertThat(stop).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            assertThat(stop.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(f.supervisor.status("spinner").orElseThrow().status()).isEqualTo(Status.RUNNING);
            assertBystanderUnaffected(f);

            release.set(true);
            StatusUpdate end = f.recorder.awaitStatus("spinner", Status.STOPPED);
            assertThat(end.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(end.nextRestart()).isNull();
            f.clock.advance(Duration.ofHours(1));
            assertThat(f.supervisor.status("spinner").orElseThrow()).isEqualTo(end); // held: not restarted
            assertThat(runs).hasValue(1);
            assertWholeRuns(f, "spinner IDLE", "spinner RUNNING", "spinner STOPPED");
        }
    }

    @Test
    void fault_removalOfASpinnerThatSwallowsInterrupts_givesUpAfterTheShutdownTimeout_andTakesItOutThen() throws Exception {
        try (Fixture f = started()) {
            CompletableFuture<Boolean> removal = f.supervisor.removeAsync("spinner");
            await().atMost(Duration.ofSeconds(10)).until(() -> swallowed.get() > 0);
            assertThat(f.supervisor.statuses()).extracting(StatusUpdate::serviceName)
                    .containsExactly("bystander", "spinner"); // listed until the removal is over
            f.clock.advance(Fixture.TIMEOUT.minusNanos(1));
            assertThat(removal).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            assertThat(removal.get(10, TimeUnit.SECONDS)).isFalse();
            // the removal is told at its timeout, with the last update the service had: RUNNING
            assertThat(f.recorder.next("spinner", 1)).containsExactly("spinner removed");
            assertThat(f.recorder.all()).filteredOn(e -> e.kind() == StatusEvent.Kind.REMOVED)
                    .extracting(e -> e.update().status()).containsExactly(Status.RUNNING);
            assertThat(f.supervisor.statuses()).extracting(StatusUpdate::serviceName).containsExactly("bystander");
            assertBystanderUnaffected(f);

            // the abandoned run is not waited for again: the shutdown ends at once and names it
            f.supervisor.cancel();
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.leftRunning()).containsExactly("spinner");
            assertThat(result.finalStatuses()).extracting(StatusUpdate::serviceName).containsExactly("bystander");
            assertThat(spinnerThread.get().isAlive()).isTrue();
            release.set(true);
            spinnerThread.get().join(10_000);
            assertThat(spinnerThread.get().isAlive()).isFalse();
            assertThat(runs).hasValue(1);
            // its end, after the removal was told, is told to nobody: the service is gone
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING",
                            "bystander STOPPED", "bystander IDLE", "bystander RUNNING", "bystander STOPPED")),
                    Map.entry("spinner", List.of("spinner IDLE", "spinner RUNNING", "spinner removed")));
        }
    }

    @Test
    void fault_restartOfASpinnerThatSwallowsInterrupts_waitsForItsRunToEnd_thenStartsANewOne() throws Exception {
        try (Fixture f = started()) {
            f.supervisor.restart("spinner"); // returns at once
            await().atMost(Duration.ofSeconds(10)).until(() -> swallowed.get() > 0);
            f.clock.advance(Fixture.TIMEOUT.multipliedBy(10));
            assertThat(f.supervisor.status("spinner").orElseThrow().status()).isEqualTo(Status.RUNNING);
            assertThat(runs).hasValue(1); // no second run while the first one spins
            assertBystanderUnaffected(f);

            release.set(true);
            StatusUpdate end = f.recorder.awaitStatus("spinner", Status.STOPPED);
            assertThat(end.reason()).isEqualTo(Reason.RESTARTED_BY_REQUEST);
            assertThat(f.recorder.next("spinner", 2)).containsExactly("spinner IDLE", "spinner RUNNING");
            assertThat(f.supervisor.status("spinner").orElseThrow().restartCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).untilAtomic(runs, Matchers.equalTo(2));
            assertWholeRuns(f, "spinner IDLE", "spinner RUNNING", "spinner STOPPED", "spinner IDLE", "spinner RUNNING");
        }
    }

    @Test
    void fault_shutdownWithASpinnerThatSwallowsInterrupts_endsAtTheShutdownTimeout_andNamesItLeftRunning() throws Exception {
        try (Fixture f = started()) {
            f.supervisor.cancel();
            assertThat(f.recorder.next("bystander", 1)).containsExactly("bystander STOPPED");
            await().atMost(Duration.ofSeconds(10)).until(() -> swallowed.get() > 0);
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            f.clock.advance(Fixture.TIMEOUT.minusNanos(1));
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofNanos(1));
            RunResult result = end.get(10, TimeUnit.SECONDS);
            assertThat(result.leftRunning()).containsExactly("spinner");
            assertThat(result.finalStatuses()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("bystander STOPPED", "spinner RUNNING");
            assertThat(result.isClean()).isFalse();

            release.set(true);
            spinnerThread.get().join(10_000);
            assertThat(spinnerThread.get().isAlive()).isFalse();
            // the supervisor had ended: the spinner's late end reaches no listener
            assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                    Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING", "bystander STOPPED")),
                    Map.entry("spinner", List.of("spinner IDLE", "spinner RUNNING")));
        }
    }

    /** The bystander is still in its first run, and can still be stopped and started. */
    private static void assertBystanderUnaffected(Fixture f) {
        assertThat(f.supervisor.status("bystander").orElseThrow().status()).isEqualTo(Status.RUNNING);
        assertThat(f.supervisor.stop("bystander")).isTrue();
        assertThat(f.supervisor.start("bystander")).isTrue();
        assertThat(f.recorder.next("bystander", 3)).containsExactly("bystander STOPPED", "bystander IDLE", "bystander RUNNING");
    }

    /** Every run seen whole, the spinner's events exactly {@code spinner}, the bystander's its stop and start. */
    private static void assertWholeRuns(Fixture f, String... spinner) {
        assertThat(FaultChecks.assertWholeRuns(f.recorder.all())).containsExactly(
                Map.entry("bystander", List.of("bystander IDLE", "bystander RUNNING",
                        "bystander STOPPED", "bystander IDLE", "bystander RUNNING")),
                Map.entry("spinner", List.of(spinner)));
    }
}
