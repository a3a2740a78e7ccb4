package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/** The run cycle of services: IDLE, RUNNING, an end, and a restart one interval after that end. */
class SupervisorRunTest {

    private static final Service UNTIL_CANCELLED = context -> context.awaitCancellation();

    @Test
    void singleService_runsUntilCancelled_thenStops() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("service1", UNTIL_CANCELLED))) {
            f.supervisor.start();
            assertThat(f.recorder.next(2)).containsExactly("service1 IDLE", "service1 RUNNING");
            f.supervisor.cancel();
            assertThat(f.recorder.next(1)).containsExactly("service1 STOPPED");
            assertThat(f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS).isClean()).isTrue();
        }
    }

    @Test
    void serviceThatThrowsException_endsInError_andRestartsAfterTheInterval() throws Exception {
        Exception boom = new Exception("boom");
        try (Fixture f = new Fixture(b -> b.service("service1", context -> {
            throw boom;
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.next(3)).containsExactly("service1 IDLE", "service1 RUNNING", "service1 ERROR");
            StatusUpdate error = f.supervisor.status("service1").orElseThrow();
            assertThat(error.error()).isSameAs(boom);
            assertThat(error.nextRestart()).isEqualTo(error.time().plus(Fixture.INTERVAL));

            f.clock.advance(Fixture.INTERVAL.minusNanos(1));
            assertThat(f.supervisor.status("service1").orElseThrow()).isSameAs(error); // restarts publish synchronously
            assertThat(f.recorder.isEmpty()).isTrue();
            f.clock.advance(Duration.ofNanos(1));
            assertThat(f.recorder.next(3)).containsExactly("service1 IDLE", "service1 RUNNING", "service1 ERROR");
            assertThat(f.supervisor.status("service1").orElseThrow().restartCount()).isEqualTo(1);
        }
    }

    @Test
    void serviceThatThrowsError_endsInPanic_withTheErrorKept_andRestarts() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AssertionError boom = new AssertionError("boom");
        try (Fixture f = new Fixture(b -> b.service("service1", context -> {
            runs.incrementAndGet();
            throw boom;
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.next(3)).containsExactly("service1 IDLE", "service1 RUNNING", "service1 PANIC");
            assertThat(f.supervisor.status("service1").orElseThrow().error()).isSameAs(boom);
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.next(3)).containsExactly("service1 IDLE", "service1 RUNNING", "service1 PANIC");
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void serviceThatThrowsNonExceptionThrowable_endsInPanic() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("service1", context -> {
            throw new StackOverflowError();
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("service1", Status.PANIC).error()).isInstanceOf(StackOverflowError.class);
        }
    }

    @Test
    void serviceThatReturns_endsStopped_andIsRestartedLikeTheOriginal() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b.service("service1", context -> runs.incrementAndGet()))) {
            f.supervisor.start();
            assertThat(f.recorder.next(3)).containsExactly("service1 IDLE", "service1 RUNNING", "service1 STOPPED");
            assertThat(f.supervisor.status("service1").orElseThrow().error()).isNull();
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.next(3)).containsExactly("service1 IDLE", "service1 RUNNING", "service1 STOPPED");
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void tenServices_allRunAtOnce_eachOnAThreadNamedAfterItsSupervisorAndItself() throws Exception {
        BlockingQueue<String> threadNames = new LinkedBlockingQueue<>();
        CountDownLatch allRunning = new CountDownLatch(10);
        try (Fixture f = new Fixture(b -> {
            for (int i = 0; i < 10; i++) {
                b.service("service" + i, context -> {
                    threadNames.add(Thread.currentThread().getName());
                    allRunning.countDown();
                    context.awaitCancellation();
                });
            }
            return b;
        })) {
            f.supervisor.start();
            assertThat(allRunning.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(threadNames).containsExactlyInAnyOrder(
                    "supervisor/service0", "supervisor/service1", "supervisor/service2", "supervisor/service3",
                    "supervisor/service4", "supervisor/service5", "supervisor/service6", "supervisor/service7",
                    "supervisor/service8", "supervisor/service9");
        }
    }

    @Test
    void eachService_restartsOneIntervalAfterItsOwnEnd_notOnAGlobalTick() throws Exception {
        CountDownLatch releaseSlow = new CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b
                .service("fast", context -> {
                    throw new Exception("fails at once");
                })
                .service("slow", context -> {
                    releaseSlow.await();
                    throw new Exception("fails later");
                }))) {
            f.supervisor.start();
            Instant fastEnded = f.recorder.awaitStatus("fast", Status.ERROR).time();
            f.clock.advance(Duration.ofMillis(400));
            releaseSlow.countDown();
            Instant slowEnded = f.recorder.awaitStatus("slow", Status.ERROR).time();

            assertThat(slowEnded).isEqualTo(fastEnded.plusMillis(400));
            assertThat(f.clock.pendingDueTimes())
                    .containsExactly(fastEnded.plus(Fixture.INTERVAL), slowEnded.plus(Fixture.INTERVAL));
        }
    }

    @Test
    void whileEveryServiceIsHealthy_nothingIsScheduled() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("a", UNTIL_CANCELLED).service("b", UNTIL_CANCELLED))) {
            f.supervisor.start();
            f.recorder.awaitStatus("a", Status.RUNNING);
            f.recorder.awaitStatus("b", Status.RUNNING);
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void restartCount_countsRestarts_andTheFirstRunIsZero() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", context -> {
            throw new Exception("again");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("s", Status.ERROR).restartCount()).isZero();
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.awaitStatus("s", Status.ERROR).restartCount()).isEqualTo(1);
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.awaitStatus("s", Status.ERROR).restartCount()).isEqualTo(2);
        }
    }

    @Test
    void context_givesTheServiceItsNameIdAndALoggerNamedAfterIt() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        try (Fixture f = new Fixture(b -> b.service("first", UNTIL_CANCELLED).service("second", context -> {
            seen.set(context.id() + " " + context.name() + " " + context.logger().getName());
            context.awaitCancellation();
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("second", Status.RUNNING);
            org.awaitility.Awaitility.await().untilAtomic(seen, org.hamcrest.Matchers.notNullValue());
            assertThat(seen.get()).isEqualTo("1 second second");
        }
    }

    @Test
    void byDefault_servicesRunOnPlatformDaemonThreads_onEveryJava() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (Fixture f = new Fixture(b -> b.service("s", context -> {
            thread.set(Thread.currentThread());
            context.awaitCancellation();
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("s", Status.RUNNING);
            org.awaitility.Awaitility.await().untilAtomic(thread, org.hamcrest.Matchers.notNullValue());
            boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(thread.get());
            assertThat(virtual).isFalse();
            assertThat(thread.get().isDaemon()).isTrue();
        } catch (NoSuchMethodException onJava17) {
            assertThat(Runtime.version().feature()).isLessThan(21);
            assertThat(thread.get().isDaemon()).isTrue();
        }
    }

    @Test
    void aThreadFactoryFromTheConfig_isUsed_andItsThreadsAreNamedAfterTheService() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicReference<String> name = new AtomicReference<>();
        try (Fixture f = new Fixture(b -> b.threadFactory(task -> {
            made.incrementAndGet();
            Thread t = new Thread(task, "whatever");
            t.setDaemon(true);
            return t;
        }).service("named", context -> {
            name.set(Thread.currentThread().getName());
            context.awaitCancellation();
        }))) {
            f.supervisor.start();
            f.recorder.awaitStatus("named", Status.RUNNING);
            org.awaitility.Awaitility.await().untilAtomic(name, org.hamcrest.Matchers.notNullValue());
            assertThat(name.get()).isEqualTo("supervisor/named");
            assertThat(made).hasValue(1);
        }
    }

    @Test
    void aThreadFactoryThatFails_endsTheRunInError_andTheServiceIsRetried() throws Exception {
        try (Fixture f = new Fixture(b -> b.threadFactory(task -> {
            throw new IllegalStateException("no threads today");
        }).service("s", UNTIL_CANCELLED))) {
            f.supervisor.start();
            assertThat(f.recorder.next(2)).containsExactly("s IDLE", "s ERROR");
            assertThat(f.clock.pendingDueTimes()).hasSize(1);
        }
    }

    @Test
    void statuses_isAnImmutableSnapshotOrderedById() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("z", UNTIL_CANCELLED).service("a", UNTIL_CANCELLED))) {
            f.supervisor.start();
            f.recorder.awaitStatus("z", Status.RUNNING);
            f.recorder.awaitStatus("a", Status.RUNNING);
            List<StatusUpdate> statuses = f.supervisor.statuses();
            assertThat(statuses).extracting(StatusUpdate::serviceName).containsExactly("z", "a");
            assertThat(statuses).extracting(StatusUpdate::serviceId).containsExactly(0L, 1L);
            assertThatThrownBy(() -> statuses.remove(0)).isInstanceOf(UnsupportedOperationException.class);
            f.supervisor.cancel();
            f.recorder.awaitStatus("a", Status.STOPPED);
            assertThat(statuses).extracting(StatusUpdate::status).containsExactly(Status.RUNNING, Status.RUNNING);
        }
    }

    @Test
    void start_twice_isRejected() throws Exception {
        try (Fixture f = new Fixture(b -> b)) {
            f.supervisor.start();
            assertThatThrownBy(f.supervisor::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("supervisor 'supervisor' was already started; it is RUNNING");
        }
    }
}
