package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import supervisor.api.Reason;
import supervisor.api.RunResult;
import supervisor.api.Status;
import supervisor.api.StatusListener;

/**
 * What bounds the end of a supervisor: one shutdown timeout from the cancellation, listeners'
 * draining included, never a second one for a service whose stop or removal already timed out.
 * The fake scheduler drives every deadline.
 */
class SupervisorBoundsTest {

    private static final Duration JUST_BEFORE = Fixture.TIMEOUT.minusMillis(1);

    /** A listener that blocks on the first RUNNING it hears until {@code letGo} opens. */
    private static StatusListener blockedOnRunning(CountDownLatch blocked, CountDownLatch letGo) {
        return event -> {
            if (event.update() != null && event.update().status() == Status.RUNNING) {
                blocked.countDown();
                try {
                    letGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void termination_withAStuckServiceAndABlockedListener_completesAtOneShutdownTimeout() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch listenerBlocked = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("stuck", Fixture.ignoringCancellation(letGo)).listener(blockedOnRunning(listenerBlocked, letGo)))) {
            f.supervisor.start();
            listenerBlocked.await();
            f.supervisor.cancel();
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            f.clock.advance(JUST_BEFORE);
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofMillis(1));
            assertThat(end).isDone();
            assertThat(end.get().leftRunning()).containsExactly("stuck");
            letGo.countDown();
        }
    }

    @Test
    void termination_withABlockedListenerOnly_completesAtOneShutdownTimeout() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch listenerBlocked = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("quick", c -> c.awaitCancellation()).listener(blockedOnRunning(listenerBlocked, letGo)))) {
            f.supervisor.start();
            listenerBlocked.await();
            f.supervisor.cancel();
            f.recorder.awaitStatus("quick", Status.STOPPED);
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            f.clock.advance(JUST_BEFORE);
            assertThat(end).isNotDone();
            f.clock.advance(Duration.ofMillis(1));
            assertThat(end).isCompletedWithValueMatching(result -> result.leftRunning().isEmpty());
            letGo.countDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"remove", "stop"})
    void close_afterAStopOrRemovalTimedOut_doesNotWaitForThatServiceAgain(String how) throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("stuck", Fixture.ignoringCancellation(letGo)))) {
            f.supervisor.start();
            f.recorder.awaitStatus("stuck", Status.RUNNING);
            CompletableFuture<Boolean> ending = how.equals("remove") ? f.supervisor.removeAsync("stuck")
                    : f.supervisor.stopAsync("stuck");
            f.clock.advance(Fixture.TIMEOUT);
            assertThat(ending).isCompletedWithValue(false);
            f.supervisor.cancel();
            CompletableFuture<RunResult> end = f.supervisor.termination().toCompletableFuture();
            await().atMost(Duration.ofSeconds(10)).until(end::isDone);
            assertThat(end.get().leftRunning()).containsExactly("stuck");
            letGo.countDown();
        }
    }

    @Test
    void cancel_withARestartPending_revisesTheUpdateInsteadOfSendingASecondEnd() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> {
            throw new Exception("oops");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("s", Status.ERROR).reason()).isEqualTo(Reason.FAILED);
            f.supervisor.cancel();
            f.supervisor.termination().toCompletableFuture().get();
            assertThat(f.recorder.all()).extracting(Recorder::describe)
                    .containsExactly("s IDLE", "s RUNNING", "s ERROR", "s revised ERROR");
            assertThat(f.recorder.all().get(3).update().reason()).isEqualTo(Reason.SHUTTING_DOWN);
            assertThat(f.recorder.all().get(3).update().nextRestart()).isNull();
        }
    }
}
