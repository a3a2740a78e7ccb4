package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import supervisor.api.Cancellable;
import supervisor.api.ServiceContext;

/** What the adapter waits for when a whiteboard service goes: the end of its run, not of its thread. */
class BundleServiceTest {

    private final ClassLoader bundleLoader = new ClassLoader(null) { };

    @Test
    void awaitRunEnd_returnsOnceTheRunReturned_whileItsThreadLivesOnForTheNextRun() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch threadMayEnd = new CountDownLatch(1);
        BundleService service = new BundleService(context -> {
            entered.countDown();
            finish.await();
        }, bundleLoader);
        Thread worker = new Thread(() -> {
            runQuietly(service);
            awaitQuietly(threadMayEnd); // a pooled thread parks here for the next run
        });
        worker.start();
        try {
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(service.awaitRunEnd(Duration.ofMillis(50))).isFalse();

            finish.countDown();

            assertThat(service.awaitRunEnd(Duration.ofSeconds(10))).isTrue();
            assertThat(worker.isAlive()).isTrue();
            assertThat(service.whereStuck()).isEqualTo(" (no run in progress)");
        } finally {
            threadMayEnd.countDown();
            worker.join(10_000);
        }
    }

    @Test
    void isOwnThread_onlyOnTheThreadOfTheRunInProgress_notOnceThatThreadRunsSomethingElse() throws Exception {
        AtomicBoolean ownDuringRun = new AtomicBoolean();
        AtomicReference<Boolean> ownAfterRun = new AtomicReference<>();
        AtomicReference<BundleService> self = new AtomicReference<>();
        BundleService service = new BundleService(context -> ownDuringRun.set(self.get().isOwnThread()), bundleLoader);
        self.set(service);
        Thread worker = new Thread(() -> {
            runQuietly(service);
            ownAfterRun.set(service.isOwnThread());
        });
        worker.start();
        worker.join(10_000);

        assertThat(ownDuringRun).isTrue();
        assertThat(ownAfterRun.get()).isFalse();
        assertThat(service.isOwnThread()).isFalse();
    }

    @Test
    void run_setsTheBundlesContextClassLoader_andRestoresThePreviousOne() throws Exception {
        ClassLoader previous = new ClassLoader(null) { };
        AtomicReference<ClassLoader> during = new AtomicReference<>();
        AtomicReference<ClassLoader> after = new AtomicReference<>();
        BundleService service = new BundleService(
                context -> during.set(Thread.currentThread().getContextClassLoader()), bundleLoader);
        Thread worker = new Thread(() -> {
            runQuietly(service);
            after.set(Thread.currentThread().getContextClassLoader());
        });
        worker.setContextClassLoader(previous);
        worker.start();
        worker.join(10_000);

        assertThat(during.get()).isSameAs(bundleLoader);
        assertThat(after.get()).isSameAs(previous);
    }

    @Test
    void awaitRunEnd_ofACancelledRun_waitsUntilItsThreadHasEnded() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch threadMayEnd = new CountDownLatch(1);
        BundleService service = new BundleService(context -> { }, bundleLoader);
        Thread worker = new Thread(() -> {
            try {
                service.run(new FixedContext(true));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            returned.countDown();
            awaitQuietly(threadMayEnd); // still leaving the engine's code
        });
        worker.start();
        try {
            assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(service.awaitRunEnd(Duration.ofMillis(50))).as("its thread is still alive").isFalse();

            threadMayEnd.countDown();

            assertThat(service.awaitRunEnd(Duration.ofSeconds(10))).isTrue();
            assertThat(worker.isAlive()).isFalse();
        } finally {
            threadMayEnd.countDown();
            worker.join(10_000);
        }
    }

    @Test
    void awaitRunEnd_beforeAnyRun_returnsTrueAtOnce() {
        BundleService service = new BundleService(context -> { }, bundleLoader);

        assertThat(service.awaitRunEnd(Duration.ZERO)).isTrue();
    }

    private static void runQuietly(BundleService service) {
        try {
            service.run(new FixedContext(false));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A context cancelled or not for good: a run that was not ends by itself, so its thread may serve another run. */
    private static final class FixedContext implements ServiceContext {
        private final boolean cancelled;

        FixedContext(boolean cancelled) {
            this.cancelled = cancelled;
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public String name() {
            return "s";
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void awaitCancellation() throws InterruptedException {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean awaitCancellation(Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable onCancel(Runnable action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public System.Logger logger() {
            return System.getLogger("test");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
