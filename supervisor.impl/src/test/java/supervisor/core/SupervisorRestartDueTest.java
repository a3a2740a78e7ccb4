package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import supervisor.api.Cancellable;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.Scheduler;
import supervisor.api.Status;
import supervisor.api.ThreadKind;
import supervisor.testing.FakeScheduler;

/**
 * What happens when a restart falls due: the scheduler's task hands it to the thread that is to run
 * it, which begins the run; the scheduler's own thread never waits for the engine's lock.
 */
class SupervisorRestartDueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }

    @Test
    void aDueRestart_isBegunAndMarkedRunning_byTheNewThreadThatRunsIt() throws Exception {
        assumeTrue(ThreadKind.virtualThreadsAvailable());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (Fixture f = new Fixture(b -> b.threadKind(ThreadKind.VIRTUAL)
                .service("flaky", context -> {
                    threads.add(Thread.currentThread());
                    throw new Exception("x");
                }))) {
            f.supervisor.start();
            for (int restart = 0; restart < 2; restart++) {
                f.recorder.awaitStatus("flaky", Status.ERROR);
                f.clock.advance(Fixture.INTERVAL);
            }
            f.recorder.awaitStatus("flaky", Status.ERROR);

            assertThat(threads).hasSize(3).doesNotHaveDuplicates();
            for (Thread thread : threads) {
                assertThat(isVirtual(thread)).isTrue();
                assertThat(thread.getName()).isEqualTo(f.supervisor.name() + "/flaky");
            }
            assertThat(f.recorder.all().stream().map(Recorder::describe)).containsExactly(
                    "flaky IDLE", "flaky RUNNING", "flaky ERROR",
                    "flaky IDLE", "flaky RUNNING", "flaky ERROR",
                    "flaky IDLE", "flaky RUNNING", "flaky ERROR");
            assertThat(f.recorder.all().stream().map(event -> event.update().reason()).toList().subList(3, 5))
                    .containsExactly(Reason.RESTART_DUE, Reason.RESTART_DUE);
        }
    }

    @Test
    void aRestartDue_afterTheServicesThreadKindChanged_runsOnTheNewKind() throws Exception {
        assumeTrue(ThreadKind.virtualThreadsAvailable());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (Fixture f = new Fixture(b -> b.threadKind(ThreadKind.VIRTUAL).service("flaky", context -> {
            threads.add(Thread.currentThread());
            throw new Exception("x");
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("flaky", Status.ERROR);
            f.supervisor.setPolicy("flaky", Policy.builder().threadKind(ThreadKind.PLATFORM).build());

            f.clock.advance(Fixture.INTERVAL);
            f.recorder.awaitStatus("flaky", Status.ERROR);

            assertThat(threads).hasSize(2);
            assertThat(isVirtual(threads.get(0))).isTrue();
            assertThat(isVirtual(threads.get(1))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aRestartFallingDue_neverWaitsForTheEnginesLock_onTheSchedulersThread(ThreadKind kind) throws Exception {
        assumeTrue(kind == ThreadKind.PLATFORM || ThreadKind.virtualThreadsAvailable());
        // the scheduler is called under the engine's lock: one that blocks in schedule() holds that lock
        HoldingScheduler scheduler = new HoldingScheduler();
        CountDownLatch failB = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.scheduler(scheduler).threadKind(kind)
                .service("a", context -> {
                    throw new Exception("a fails at once");
                })
                .service("b", context -> {
                    failB.await();
                    throw new Exception("b fails when told");
                }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("a", Status.ERROR); // a's restart is scheduled
            f.recorder.awaitStatus("b", Status.RUNNING);
            scheduler.holdNext.set(true);
            failB.countDown();
            assertThat(scheduler.holding.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            // the lock is held: a's restart falls due on this thread, which must not wait for it
            try {
                assertTimeoutPreemptively(WAIT, () -> scheduler.clock.advance(Fixture.INTERVAL));
            } finally {
                scheduler.release.countDown(); // before the fixture's close, which needs the lock
            }

            assertThat(f.recorder.awaitStatus("a", Status.RUNNING).reason()).isEqualTo(Reason.RESTART_DUE);
            assertThatCode(() -> f.recorder.awaitStatus("b", Status.ERROR)).doesNotThrowAnyException();
        }
    }

    /** A fake clock whose {@link #schedule} blocks once, when asked to, until released. */
    private static final class HoldingScheduler implements Scheduler {
        final FakeScheduler clock = new FakeScheduler();
        final AtomicBoolean holdNext = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            if (holdNext.compareAndSet(true, false)) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return clock.schedule(delay, task);
        }
    }
}
