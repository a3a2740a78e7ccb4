package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;

/**
 * The waits of a run's context: the first waiter parks on the flag, any waiter beside it waits on
 * a latch; both wake on cancellation, neither by a stray wake-up, and interrupts keep the
 * documented meaning.
 */
class RunContextTest {

    private static final EngineLog LOG = new EngineLog("sup", System.getLogger("supervisor.core"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RunContext run = new RunContext(new ServiceCell(1, "s", context -> { }, Policy.INHERIT), LOG, null);

    @Test
    void awaitCancellationReturnsAtOnceWhenAlreadyCancelled() throws InterruptedException {
        run.cancel();

        run.awaitCancellation();

        assertThat(run.isCancelled()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void theFirstWaiterAndOneBesideItBothWakeOnCancellation() {
        CompletableFuture<Boolean> first = waitingThread(() -> {
            run.awaitCancellation();
            return true;
        });
        awaitParkedWaiter();
        Thread[] besideThreads = new Thread[1];
        CompletableFuture<Boolean> beside = waitingThread(() -> {
            besideThreads[0] = Thread.currentThread();
            return run.awaitCancellation(Duration.ofMinutes(5));
        });
        await().atMost(WAIT).until(() -> besideThreads[0] != null);
        Thread besideThread = besideThreads[0];
        await().atMost(WAIT).until(() -> run.latchMade() && blocked(besideThread));

        run.cancel();

        assertThat(first).succeedsWithin(WAIT).isEqualTo(true);
        assertThat(beside).succeedsWithin(WAIT).isEqualTo(true);
    }

    @Test
    void aStrayUnparkDoesNotEndTheWait() throws Exception {
        AtomicBoolean returned = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                run.awaitCancellation();
                returned.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        awaitParkedWaiter();

        for (int i = 0; i < 100; i++) {
            LockSupport.unpark(waiter);
        }

        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !returned.get() && waiter.isAlive());
        run.cancel();
        waiter.join(WAIT.toMillis());
        assertThat(returned).isTrue();
    }

    @Test
    void anInterruptWithoutCancellationThrowsAndClearsTheInterrupt() {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                run.awaitCancellation();
                outcome.complete("returned");
            } catch (InterruptedException e) {
                outcome.complete("thrown, interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();
        awaitParkedWaiter();

        waiter.interrupt();

        assertThat(outcome).succeedsWithin(WAIT).isEqualTo("thrown, interrupted=false");
        assertThat(run.isCancelled()).isFalse();
    }

    @Test
    void aCancellationThatInterruptsTheBoundThreadReturnsNormallyWithTheInterruptKept() {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            run.bindThread(Thread.currentThread());
            try {
                run.awaitCancellation();
                outcome.complete("returned, interrupted=" + Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                outcome.complete("thrown");
            }
        });
        waiter.start();
        awaitParkedWaiter();

        run.cancel();

        assertThat(outcome).succeedsWithin(WAIT).isEqualTo("returned, interrupted=true");
    }

    @Test
    void aTimedWaitReturnsFalseWhenTheTimeoutElapsesUncancelled() throws InterruptedException {
        assertThat(run.awaitCancellation(Duration.ofMillis(20))).isFalse();
        assertThat(run.awaitCancellation(Duration.ZERO)).isFalse();
        assertThat(run.awaitCancellation(Duration.ofMillis(-5))).isFalse();
    }

    @Test
    void aTimedWaitOfNoTimeThrowsWhenInterruptedAndUncancelled() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> run.awaitCancellation(Duration.ZERO)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aTimedWaitLongerThanNanosecondsCanCountWaitsUntilCancelled() {
        CompletableFuture<Boolean> waiting = waitingThread(() -> run.awaitCancellation(Duration.ofSeconds(Long.MAX_VALUE)));
        awaitParkedWaiter();

        run.cancel();

        assertThat(waiting).succeedsWithin(WAIT).isEqualTo(true);
    }

    @Test
    void aTimedWaitAfterCancellationReturnsTrueEvenWhenInterrupted() throws InterruptedException {
        run.cancel();
        Thread.currentThread().interrupt();

        assertThat(run.awaitCancellation(Duration.ofSeconds(1))).isTrue();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void theFlagIsFreeForTheNextWaiterOnceOneReturned() {
        CompletableFuture<Boolean> timedOut = waitingThread(() -> run.awaitCancellation(Duration.ofMillis(10)));
        assertThat(timedOut).succeedsWithin(WAIT).isEqualTo(false);

        CompletableFuture<Boolean> next = waitingThread(() -> run.awaitCancellation(Duration.ofMinutes(5)));
        awaitParkedWaiter();
        assertThat(run.latchMade()).isFalse();
        run.cancel();

        assertThat(next).succeedsWithin(WAIT).isEqualTo(true);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private interface Wait {
        boolean call() throws InterruptedException;
    }

    private static CompletableFuture<Boolean> waitingThread(Wait wait) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(wait.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Until some thread is parked on the context's flag. */
    private void awaitParkedWaiter() {
        await().atMost(WAIT).until(() -> {
            Thread parked = run.parkedWaiter();
            return parked != null && blocked(parked);
        });
    }

    private static boolean blocked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
