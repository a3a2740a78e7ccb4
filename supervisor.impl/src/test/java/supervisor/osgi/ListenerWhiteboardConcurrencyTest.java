package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

/**
 * The listener whiteboard calls the supervisor outside its lock: an {@code addListener} that blocks
 * holds up only the listener it adds, and a drop of that listener meanwhile removes it once added.
 */
class ListenerWhiteboardConcurrencyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final SupervisorEngine engine = SupervisorEngine.create(Config.builder().name("test")
            .scheduler(new FakeScheduler()).build());
    private final GatedRuntime supervisor = new GatedRuntime(engine);
    private final ListenerWhiteboard listeners = new ListenerWhiteboard("supervisor 'test'", supervisor,
            new RecordingLog(), SupervisorConstants.DEFAULT_TARGET);

    /** Keeps every event. */
    private static final class Recorder implements StatusListener {
        final List<StatusEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStatusChange(StatusEvent event) {
            events.add(event);
        }
    }

    /** The engine, except that adding the listener set by {@link #hold} blocks until {@link #release()}. */
    private static final class GatedRuntime implements SupervisorRuntime {
        private final SupervisorEngine engine;
        private final AtomicReference<StatusListener> held = new AtomicReference<>();
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        GatedRuntime(SupervisorEngine engine) {
            this.engine = engine;
        }

        void hold(StatusListener listener) {
            held.set(listener);
        }

        void awaitHeld() throws InterruptedException {
            assertThat(entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("the add was called").isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void addListener(StatusListener listener) {
            if (held.compareAndSet(listener, null)) {
                entered.countDown();
                awaitQuietly(released);
            }
            engine.addListener(listener);
        }

        @Override
        public boolean removeListener(StatusListener listener) {
            return engine.removeListener(listener);
        }

        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public List<StatusUpdate> statuses() {
            return engine.statuses();
        }

        @Override
        public Optional<StatusUpdate> status(String name) {
            return engine.status(name);
        }

        @Override
        public List<StatusUpdate> history(String name) {
            return engine.history(name);
        }

        @Override
        public Policy policy(String name) {
            return engine.policy(name);
        }

        @Override
        public boolean stop(String name) {
            return engine.stop(name);
        }

        @Override
        public boolean start(String name) {
            return engine.start(name);
        }

        @Override
        public void restart(String name) {
            engine.restart(name);
        }

        @Override
        public SupervisorDescription describe() {
            return engine.describe();
        }
    }

    @BeforeEach
    void start() {
        engine.start();
    }

    @AfterEach
    void close() {
        supervisor.release();
        engine.close();
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

    @Test
    void bind_whileAnotherListenersAddIsBlocked_isCalledWithoutWaitingForIt() throws Exception {
        Recorder slow = new Recorder();
        supervisor.hold(slow);
        CompletableFuture<Void> first = onThread(new AtomicReference<>(),
                () -> listeners.bind(new FakeRegistration<StatusListener>(1, slow)));
        supervisor.awaitHeld();
        Recorder other = new Recorder();

        onThread(new AtomicReference<>(), () -> listeners.bind(new FakeRegistration<StatusListener>(2, other)))
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        await().atMost(PATIENCE).until(() -> !other.events.isEmpty());
        assertThat(first).isNotDone();
        supervisor.release();
        first.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).until(() -> !slow.events.isEmpty());
    }

    @Test
    void unbind_whileItsAddIsBlocked_returnsOnlyOnceItIsRemovedAndGivenBack() throws Exception {
        Recorder recorder = new Recorder();
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, recorder);
        supervisor.hold(recorder);
        CompletableFuture<Void> bind = onThread(new AtomicReference<>(), () -> listeners.bind(registration));
        supervisor.awaitHeld();
        AtomicReference<Thread> unbinding = new AtomicReference<>();

        CompletableFuture<Void> unbind = onThread(unbinding, () -> listeners.unbind(1));

        // waiting (bounded) for the add to return, not blocked on the whiteboard's lock
        await().atMost(PATIENCE).until(() -> unbinding.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(unbind).isNotDone();
        supervisor.release();
        unbind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        bind.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(engine.removeListener(recorder)).as("still added").isFalse();
        assertThat(registration.inUse()).isZero();
    }

    @Test
    void updated_deselectsAndReselectsWhileTheAddIsBlocked_endsAddedOnce() throws Exception {
        Recorder recorder = new Recorder();
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, recorder);
        supervisor.hold(recorder);
        CompletableFuture<Void> bind = onThread(new AtomicReference<>(), () -> listeners.bind(registration));
        supervisor.awaitHeld();
        CompletableFuture<Void> deselect = onThread(new AtomicReference<>(),
                () -> listeners.updated(registration.set(SupervisorConstants.GROUP, "fast").id()));
        await().atMost(PATIENCE).until(() -> !listeners.refusals().isEmpty());
        CompletableFuture<Void> reselect = onThread(new AtomicReference<>(),
                () -> listeners.updated(registration.set(SupervisorConstants.GROUP, null).id()));

        supervisor.release();
        CompletableFuture.allOf(bind, deselect, reselect).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(registration.inUse()).isEqualTo(1);
        assertThat(listeners.refusals()).isEmpty();
        assertThat(engine.removeListener(recorder)).as("added again after its removal").isTrue();
    }

    @RepeatedTest(20)
    void bindAndUnbindConcurrently_leaveNothingAddedOrHeld() throws Exception {
        Recorder recorder = new Recorder();
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, recorder);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> bind = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            listeners.bind(registration);
        });
        CompletableFuture<Void> unbind = onThread(new AtomicReference<>(), () -> {
            awaitQuietly(go);
            listeners.unbind(1);
        });
        go.countDown();
        CompletableFuture.allOf(bind, unbind).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        listeners.unbind(1); // whichever came first, the registration is gone now

        assertThat(engine.removeListener(recorder)).isFalse();
        assertThat(registration.inUse()).isZero();
        assertThat(listeners.refusals()).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
