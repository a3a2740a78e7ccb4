package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.Restart;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

/**
 * The whiteboard calls the engine outside its lock: an engine add that blocks (here: in the thread
 * factory, which the engine calls from {@code add} to start the service's thread) holds up only the
 * registration it adds, and bind, unbind, updated, retarget and close of the same registration
 * meanwhile leave it supervised exactly when it is bound and selected.
 */
class ServiceWhiteboardConcurrencyTest {

    private static final String DEFAULT = SupervisorConstants.DEFAULT_TARGET;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final GatedThreads threads = new GatedThreads();
    private final RecordingLog log = new RecordingLog();
    private final ClaimRegistry claims = new ClaimRegistry();
    private final SupervisorEngine engine = SupervisorEngine.create(Config.builder().name("test")
            .scheduler(new FakeScheduler()).shutdownTimeout(PATIENCE).threadFactory(threads).build());
    private final ServiceWhiteboard services = new ServiceWhiteboard("supervisor 'test'", engine, claims, log, DEFAULT,
            PATIENCE);

    /** Makes threads; the one call after {@link #holdNext()} blocks until {@link #release()}. */
    private static final class GatedThreads implements ThreadFactory {
        private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void holdNext() {
            gate.set(released);
        }

        /** Waits until a call is held. */
        void awaitHeld() throws InterruptedException {
            assertThat(entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("an add reached the thread factory")
                    .isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public Thread newThread(Runnable body) {
            CountDownLatch held = gate.getAndSet(null);
            if (held != null) {
                entered.countDown();
                awaitQuietly(held);
            }
            return new Thread(body);
        }
    }

    /** Runs until cancelled, counting its runs in progress and the most it ever had at once. */
    private static final class Counted implements Service {
        final AtomicInteger inRun = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run(ServiceContext context) throws InterruptedException {
            most.accumulateAndGet(inRun.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            try {
                context.awaitCancellation();
            } finally {
                inRun.decrementAndGet();
            }
        }
    }

    @BeforeEach
    void start() {
        engine.start();
    }

    /** Latches the end of each test counts down before the engine is closed. */
    private final List<CountDownLatch> released = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        threads.release();
        released.forEach(CountDownLatch::countDown);
        engine.close();
    }

    private boolean running(String name) {
        return engine.status(name).map(update -> update.status() == Status.RUNNING).orElse(false);
    }

    private static FakeRegistration<Service> registration(long id, Service service, Object... keyValues) {
        return new FakeRegistration<>(id, service, keyValues);
    }

    /** Runs {@code action} on a new thread, which it records. */
    private static CompletableFuture<Void> onThread(AtomicReference<Thread> thread, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread started = new Thread(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        thread.set(started);
        started.start();
        return done;
    }

    /** Starts binding {@code registration}, and returns once the engine's add of it is held in the thread factory. */
    private CompletableFuture<Void> bindHeld(FakeRegistration<Service> registration) throws InterruptedException {
        threads.holdNext();
        CompletableFuture<Void> bind = onThread(new AtomicReference<>(), () -> services.bind(registration));
        threads.awaitHeld();
        return bind;
    }

    @Test
    void bind_whileAnotherRegistrationsAddIsBlocked_runsWithoutWaitingForIt() throws Exception {
        CompletableFuture<Void> slow = bindHeld(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a"));

        CompletableFuture<Void> other = onThread(new AtomicReference<>(),
                () -> services.bind(registration(2, new Services.Polite(), SupervisorConstants.NAME, "b")));

        other.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).until(() -> running("b"));
        assertThat(slow).isNotDone();
        threads.release();
        slow.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).isEmpty();
    }

    @Test
    void bind_sameNameWhileTheFirstIsStillBeingAdded_runsTheSecondRenamed() throws Exception {
        CompletableFuture<Void> slow = bindHeld(registration(1, new Services.Polite(), SupervisorConstants.NAME, "a"));

        onThread(new AtomicReference<>(),
                () -> services.bind(registration(2, new Services.Polite(), SupervisorConstants.NAME, "a")))
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        await().atMost(PATIENCE).until(() -> running("a#2"));
        threads.release();
        slow.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(services.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.serviceId()).isEqualTo(2);
            assertThat(refusal.cause()).isEqualTo(Cause.RENAMED);
        });
    }

    @Test
    void unbind_whileItsAddIsBlocked_returnsOnlyOnceTheAddReturnedAndTheRunEnded() throws Exception {
        Services.Polite service = new Services.Polite();
        FakeRegistration<Service> registration = registration(1, service, SupervisorConstants.NAME, "a");
        CompletableFuture<Void> bind = bindHeld(registration);
        AtomicReference<Thread> unbinding = new AtomicReference<>();

        CompletableFuture<Void> unbind = onThread(unbinding, () -> services.unbind(1));

        // waiting (bounded) for the add to return, not blocked on the whiteboard's lock
        await().atMost(PATIENCE).until(() -> unbinding.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(unbind).isNotDone();
        threads.release();
        unbind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        bind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(engine.status("a")).isEmpty();
        assertThat(service.thread == null || !service.thread.isAlive()).as("its run has ended").isTrue();
        assertThat(registration.inUse()).isZero();
        assertThat(claims.owner(1)).isEmpty();
        assertThat(services.refusals()).isEmpty();
    }

    @Test
    void updated_whileItsAddIsBlocked_appliesTheNewPolicyOnceAdded() throws Exception {
        FakeRegistration<Service> registration = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");
        CompletableFuture<Void> bind = bindHeld(registration);

        onThread(new AtomicReference<>(), () -> services.updated(registration.set(SupervisorConstants.RESTART, "never").id()))
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(bind).isNotDone();
        threads.release();
        bind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(engine.policy("a").restart()).contains(Restart.NEVER);
        assertThat(registration.inUse()).isEqualTo(1);
    }

    @Test
    void retarget_deselectingOneStillBeingAdded_stopsItOnceAdded() throws Exception {
        FakeRegistration<Service> registration = registration(1, new Services.Polite(), SupervisorConstants.NAME, "a");
        CompletableFuture<Void> bind = bindHeld(registration);
        AtomicReference<Thread> retargeting = new AtomicReference<>();

        CompletableFuture<Void> retarget = onThread(retargeting, () -> services.retarget("(supervisor.group=fast)"));

        await().atMost(PATIENCE).until(() -> retargeting.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(retarget).isNotDone();
        threads.release();
        retarget.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        bind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(engine.status("a")).isEmpty();
        assertThat(registration.inUse()).isZero();
        assertThat(claims.owner(1)).isEmpty();
        assertThat(services.refusals()).singleElement().extracting(RefusedRegistration::cause)
                .isEqualTo(Cause.FILTER_MISMATCH);
    }

    @Test
    void close_whileAnAddIsBlocked_awaitClosedGivesTheObjectAndTheClaimBack() throws Exception {
        Services.Polite service = new Services.Polite();
        FakeRegistration<Service> registration = registration(1, service, SupervisorConstants.NAME, "a");
        CompletableFuture<Void> bind = bindHeld(registration);

        ServiceWhiteboard.Closing closing = services.close();
        threads.release();
        engine.close();
        services.awaitClosed(closing, engine.termination().toCompletableFuture().getNow(null));

        bind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(service.thread == null || !service.thread.isAlive()).as("its run has ended").isTrue();
        assertThat(registration.inUse()).isZero();
        assertThat(claims.owner(1)).isEmpty();
    }

    @Test
    void updated_reselectedWhileItsStopStillWaitsForTheThread_startsOnlyOnceThatThreadEnded() throws Exception {
        Services.Stubborn stubborn = new Services.Stubborn();
        released.add(stubborn.release); // also when an assertion fails, so that the engine's close ends
        FakeRegistration<Service> registration = registration(1, stubborn, SupervisorConstants.NAME, "a");
        services.bind(registration);
        assertThat(stubborn.started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Void> deselect = onThread(new AtomicReference<>(),
                () -> services.updated(registration.set(SupervisorConstants.GROUP, "fast").id()));
        await().atMost(PATIENCE).until(() -> !services.refusals().isEmpty()); // the stop has begun
        Services.Polite next = new Services.Polite();
        registration.getting(() -> next);

        services.updated(registration.set(SupervisorConstants.GROUP, null).id());

        assertThat(registration.inUse()).as("only the stubborn run's object is held").isEqualTo(1);
        assertThat(next.started.getCount()).isEqualTo(1);
        stubborn.release.countDown();
        deselect.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next.started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(stubborn.thread.isAlive()).isFalse();
        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(registration.inUse()).isEqualTo(1);
        assertThat(services.refusals()).isEmpty();
    }

    @RepeatedTest(30)
    void bindAndUpdatedConcurrently_supervisedExactlyWhenTheFinalPropertiesAreSelected(
            RepetitionInfo repetition) throws Exception {
        SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
        boolean groupedAtFirst = random.nextBoolean();
        Counted service = new Counted();
        FakeRegistration<Service> registration = registration(1, service, SupervisorConstants.NAME, "a",
                SupervisorConstants.GROUP, groupedAtFirst ? "fast" : null);
        CountDownLatch go = new CountDownLatch(1);

        CompletableFuture<Void> bind = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            services.bind(registration);
        });
        CompletableFuture<Void> update = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            registration.set(SupervisorConstants.GROUP, groupedAtFirst ? null : "fast");
            services.updated(1);
        });
        go.countDown();
        CompletableFuture.allOf(bind, update).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        if (groupedAtFirst) { // now selected
            await().atMost(PATIENCE).until(() -> running("a"));
            assertThat(registration.inUse()).isEqualTo(1);
            assertThat(claims.owner(1)).containsSame(services);
        } else {
            assertThat(engine.status("a")).isEmpty();
            assertThat(registration.inUse()).isZero();
            assertThat(claims.owner(1)).isEmpty();
        }
        assertThat(service.most).hasValueLessThanOrEqualTo(1);
        services.unbind(1);
        assertThat(engine.statuses()).isEmpty();
        assertThat(service.inRun).hasValue(0);
        assertThat(registration.inUse()).isZero();
    }

    @RepeatedTest(10)
    void updatedAndRetargetRacing_neverRunOneRegistrationTwiceAtOnce_andEndRunningItOnce() throws Exception {
        Counted service = new Counted();
        FakeRegistration<Service> registration = registration(1, service, SupervisorConstants.NAME, "a");
        services.bind(registration);
        CountDownLatch go = new CountDownLatch(1);

        CompletableFuture<Void> toggling = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            for (int i = 0; i < 20; i++) {
                registration.set(SupervisorConstants.GROUP, i % 2 == 0 ? "fast" : null);
                services.updated(1);
            }
        });
        CompletableFuture<Void> retargeting = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            for (int i = 0; i < 20; i++) {
                services.retarget(DEFAULT);
            }
        });
        CompletableFuture<Void> updating = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            for (int i = 0; i < 20; i++) {
                services.updated(1);
            }
        });
        go.countDown();
        CompletableFuture.allOf(toggling, retargeting, updating).get(PATIENCE.toMillis() * 3, TimeUnit.MILLISECONDS);
        services.updated(1); // the last properties (no group) are selected

        await().atMost(PATIENCE).until(() -> running("a"));
        assertThat(service.most).hasValueLessThanOrEqualTo(1);
        assertThat(engine.statuses()).singleElement().extracting(StatusUpdate::serviceName).isEqualTo("a");
        assertThat(registration.inUse()).isEqualTo(1);
        services.unbind(1);
        assertThat(service.inRun).hasValue(0);
        assertThat(registration.inUse()).isZero();
        assertThat(claims.owner(1)).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
