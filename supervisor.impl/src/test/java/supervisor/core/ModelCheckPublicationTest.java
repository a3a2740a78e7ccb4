package supervisor.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.ThreadKind;
import supervisor.testing.FakeScheduler;

/**
 * The places where the engine hands state from one thread to another without its lock, each
 * explored by the model checker (and run on real threads) with the claim it rests on as the check.
 * The snapshot read without the lock is checked in {@link ModelCheckStatusHubTest#modelChecking_everyListenerSeesEveryUpdateOnceInOrderAndSerially}
 * ({@code read}), the name index in {@link ModelCheckEngineTest} ({@code status}); docs/reliability.md lists them all.
 */
class ModelCheckPublicationTest {

    private static final EngineLog LOG = new EngineLog("pub", new QuietLogger());

    /** A thread that is never started; it counts the interrupts it is sent. */
    static final class CountingThread extends Thread {
        final AtomicInteger interrupts = new AtomicInteger();

        @Override
        public void interrupt() {
            interrupts.incrementAndGet();
        }
    }

    /**
     * {@link RunContext#bindThread} on the run's own thread against {@link RunContext#cancel} on
     * another: the thread field is volatile and the cancellation a latch, so whichever comes second
     * sees the first, and the run's thread is interrupted (or sees the cancellation) in every order.
     */
    public static class BindAgainstCancel {
        private final ServiceCell cell = new ServiceCell(1, "s", context -> { }, Policy.INHERIT);
        private final RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(ThreadKind.PLATFORM));
        private final CountingThread thread = new CountingThread();
        private volatile boolean sawCancelled;

        @Operation(runOnce = true)
        public void bind() {
            run.bindThread(thread);
            sawCancelled = run.isCancelled();
        }

        @Operation(runOnce = true)
        public void cancel() {
            run.cancel();
        }

        @Validate
        public void aCancelledRunsThreadIsInterruptedWhateverTheOrder() {
            if (run.isCancelled() && run.thread() == thread && thread.interrupts.get() == 0) {
                throw new AssertionError("the run was cancelled and bound, but its thread was never interrupted"
                        + (sawCancelled ? " (it saw the cancellation)" : ""));
            }
        }
    }

    /**
     * {@link RunContext#awaitCancellation} against {@link RunContext#cancel}: the first waiter
     * publishes itself in the volatile {@code parked} field and then reads the volatile flag; the
     * canceller writes the flag and then reads {@code parked}. So in every order either the waiter
     * sees the flag or the canceller sees the waiter and unparks it, and a second waiter at the same
     * time waits on the latch: no wake-up is lost (one would show as a deadlock).
     */
    public static class AwaitAgainstCancel {
        private final ServiceCell cell = new ServiceCell(1, "s", context -> { }, Policy.INHERIT);
        private final RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(ThreadKind.PLATFORM));

        @Operation(runOnce = true)
        public boolean await() throws InterruptedException {
            run.awaitCancellation();
            return run.isCancelled();
        }

        @Operation(runOnce = true)
        public boolean awaitBeside() throws InterruptedException {
            return run.awaitCancellation(Duration.ofDays(1));
        }

        @Operation(runOnce = true)
        public void cancel() {
            run.cancel();
        }

        @Validate
        public void noWaiterIsLeftParked() {
            if (run.parkedWaiter() != null) {
                throw new AssertionError("a waiter is still registered on the flag: " + run.parkedWaiter());
            }
        }
    }

    /**
     * {@link SupervisorEngine#reconfigure} writes the volatile settings without the lock, while a
     * run begins under it and picks its threads from them: a run must get the threads of one
     * configuration or the other, never none.
     */
    public static class ReconfigureAgainstRunBegin {
        private final FakeScheduler clock = new FakeScheduler();
        private final QuietLogger log = new QuietLogger();
        // real threads, which the model checker follows (it cannot follow ManualThreads' parked ones)
        private final Config withFactory = Config.builder().name("pub").scheduler(clock).threadFactory(Thread::new)
                .listenerExecutor(Runnable::run).logger(log).shutdownTimeout(Duration.ofSeconds(5)).build();
        private final Config withoutFactory = Config.builder().name("pub").scheduler(clock)
                .listenerExecutor(Runnable::run).logger(log).shutdownTimeout(Duration.ofSeconds(5)).build();
        private final SupervisorEngine engine;

        public ReconfigureAgainstRunBegin() {
            engine = SupervisorEngine.create(withFactory.toBuilder().service("a", context -> { }).build());
            engine.start();
        }

        @Operation(runOnce = true)
        public void reconfigure() {
            engine.reconfigure(withoutFactory);
        }

        @Operation(runOnce = true)
        public void restart() {
            engine.restart("a");
        }

        @Validate
        public void theRunGotAThreadFromOneConfigurationOrTheOther() {
            StatusUpdate latest = engine.status("a").orElseThrow();
            if (latest.status() == Status.ERROR || log.lines().stream().anyMatch(l -> l.contains("could not start"))) {
                throw new AssertionError("a run got no thread: " + latest + " " + log.lines());
            }
        }
    }

    @Test
    void modelChecking_bindingARunsThreadAgainstItsCancellation_alwaysEndsInAnInterruptOrASeenCancel() {
        new ModelCheckingOptions()
                .iterations(1)
                .invocationsPerIteration(Budget.invocations(200))
                .threads(2)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(0)
                .verifier(EpsilonVerifier.class)
                .check(BindAgainstCancel.class);
    }

    @Test
    void stress_bindingARunsThreadAgainstItsCancellation_alwaysEndsInAnInterruptOrASeenCancel() {
        new StressOptions()
                .iterations(Budget.iterations(2))
                .invocationsPerIteration(Budget.invocations(400))
                .threads(2)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(0)
                .verifier(EpsilonVerifier.class)
                .check(BindAgainstCancel.class);
    }

    @Test
    void modelChecking_waitingForACancellationAgainstIt_neverLosesTheWakeUp() {
        new ModelCheckingOptions()
                .iterations(1)
                .invocationsPerIteration(Budget.invocations(300))
                .threads(3)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(0)
                .verifier(EpsilonVerifier.class)
                .check(AwaitAgainstCancel.class);
    }

    @Test
    void stress_waitingForACancellationAgainstIt_neverLosesTheWakeUp() {
        new StressOptions()
                .iterations(Budget.iterations(2))
                .invocationsPerIteration(Budget.invocations(400))
                .threads(3)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(0)
                .verifier(EpsilonVerifier.class)
                .check(AwaitAgainstCancel.class);
    }

    @Test
    void modelChecking_reconfiguringWhileARunBegins_givesTheRunTheThreadsOfOneConfiguration() {
        Assumptions.assumeTrue(Budget.engineModel(), "model checking the engine does not complete yet (docs/reliability.md, Limits):"
                + " run it with -Dsupervisor.model.engine=true");
        ModelCheckEngineTest.engineOptions()
                .iterations(1)
                .invocationsPerIteration(Budget.invocations(200))
                .threads(2)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(0)
                .verifier(EpsilonVerifier.class)
                .check(ReconfigureAgainstRunBegin.class);
    }
}
