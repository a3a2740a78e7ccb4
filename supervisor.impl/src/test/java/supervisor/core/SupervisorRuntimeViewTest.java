package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.System.Logger.Level;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.Restart;
import supervisor.api.RunResult;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.ThreadKind;

/** What observers and operators see: names, reasons, the description, the policy in force, and where listeners run. */
class SupervisorRuntimeViewTest {

    @Test
    void aNamedSupervisor_namesItsThreadsEventsAndResult() throws Exception {
        List<String> serviceThreads = Collections.synchronizedList(new ArrayList<>());
        Fixture f = new Fixture(b -> b.name("workers").service("poller", c -> {
            serviceThreads.add(Thread.currentThread().getName());
            c.awaitCancellation();
        }));
        f.supervisor.start();
        StatusEvent first = f.recorder.next();
        f.recorder.awaitStatus("poller", Status.RUNNING);
        f.supervisor.cancel();
        RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(f.supervisor.name()).isEqualTo("workers");
        assertThat(first.supervisor()).isEqualTo("workers");
        assertThat(serviceThreads).containsExactly("workers/poller");
        assertThat(f.recorder.threads).allMatch(name -> name.startsWith("workers-listener-"));
        assertThat(result.supervisor()).isEqualTo("workers");
    }

    @Test
    void engineLogLines_goToTheConfiguredLogger_eachStartingWithTheSupervisorsName() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        System.Logger logger = new System.Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String message, Throwable thrown) {
                lines.add(level + " " + message);
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                lines.add(level + " " + format);
            }
        };
        try (Fixture f = new Fixture(b -> b.name("named").logger(logger).listener(event -> {
            throw new IllegalStateException("listener bug");
        }).service("s", c -> c.awaitCancellation()))) {
            f.supervisor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
        }
        assertThat(lines).isNotEmpty().allMatch(line -> line.startsWith("WARNING supervisor 'named': status listener "));
    }

    @Test
    void updates_sayWhyWithAReason_throughARunAndItsRestart() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", c -> {
            throw new Exception("oops");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("s", Status.IDLE).reason()).isEqualTo(Reason.STARTED);
            assertThat(f.recorder.awaitStatus("s", Status.RUNNING).reason()).isEqualTo(Reason.STARTED);
            StatusUpdate failed = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(failed.reason()).isEqualTo(Reason.FAILED);
            assertThat(failed.nextRestart()).isEqualTo(failed.time().plus(Fixture.INTERVAL));
            f.clock.advance(Fixture.INTERVAL);
            assertThat(f.recorder.awaitStatus("s", Status.IDLE).reason()).isEqualTo(Reason.RESTART_DUE);
            assertThat(f.recorder.awaitStatus("s", Status.RUNNING).reason()).isEqualTo(Reason.RESTART_DUE);
            f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(f.supervisor.start("s")).isTrue();
            assertThat(f.recorder.awaitStatus("s", Status.IDLE).reason()).isEqualTo(Reason.STARTED_BY_REQUEST);
        }
    }

    @Test
    void aReturningOrPanickingRun_isRestartedWithItsOwnReason() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("returns", c -> { }).service("panics", c -> {
            throw new AssertionError("panic");
        }))) {
            f.supervisor.start();
            assertThat(f.recorder.awaitStatus("returns", Status.STOPPED).reason()).isEqualTo(Reason.RETURNED);
            assertThat(f.recorder.awaitStatus("panics", Status.PANIC).reason()).isEqualTo(Reason.PANICKED);
        }
    }

    @Test
    void describe_listsEveryServiceWithItsStateRestartsFailureAndPolicy() throws Exception {
        Exception oops = new Exception("oops");
        try (Fixture f = new Fixture(b -> b.name("d")
                .service("up", c -> c.awaitCancellation())
                .service("failing", c -> {
                    throw oops;
                })
                .service("held", c -> c.awaitCancellation(), Policy.builder().restart(Restart.NEVER).build()))) {
            SupervisorDescription before = f.supervisor.describe();
            assertThat(before.state()).isEqualTo(SupervisorDescription.State.NEW);
            assertThat(before.services()).extracting(ServiceDescription::status).containsOnlyNulls();
            f.supervisor.start();
            f.recorder.awaitStatus("up", Status.RUNNING);
            StatusUpdate failed = f.recorder.awaitStatus("failing", Status.ERROR);
            f.recorder.awaitStatus("held", Status.RUNNING);
            f.supervisor.stop("held");
            SupervisorDescription now = f.supervisor.describe();
            assertThat(now.name()).isEqualTo("d");
            assertThat(now.state()).isEqualTo(SupervisorDescription.State.RUNNING);
            assertThat(now.escalation()).isNull();
            assertThat(now.settings().restartInterval()).isEqualTo(Fixture.INTERVAL);
            assertThat(now.settings().shutdownTimeout()).isEqualTo(Fixture.TIMEOUT);
            assertThat(now.settings().threadKind()).isEqualTo(ThreadKind.PLATFORM);
            assertThat(now.refused()).isEmpty();
            assertThat(now.services()).extracting(ServiceDescription::name).containsExactly("up", "failing", "held");
            ServiceDescription up = now.services().get(0);
            assertThat(up.status()).isEqualTo(Status.RUNNING);
            assertThat(up.lastFailure()).isNull();
            assertThat(up.held()).isFalse();
            ServiceDescription failing = now.services().get(1);
            assertThat(failing.status()).isEqualTo(Status.ERROR);
            assertThat(failing.reason()).isEqualTo(Reason.FAILED);
            assertThat(failing.nextRestart()).isEqualTo(failed.nextRestart());
            assertThat(failing.lastFailure().error()).isSameAs(oops);
            assertThat(failing.since()).isEqualTo(failed.time());
            ServiceDescription held = now.services().get(2);
            assertThat(held.status()).isEqualTo(Status.STOPPED);
            assertThat(held.reason()).isEqualTo(Reason.STOPPED_BY_REQUEST);
            assertThat(held.held()).isTrue();
            assertThat(held.policy().restart()).contains(Restart.NEVER);
            f.clock.advance(Fixture.INTERVAL);
            f.recorder.awaitStatus("failing", Status.RUNNING);
            assertThat(f.supervisor.describe().services().get(1).restartCount()).isEqualTo(1);
        }
    }

    @Test
    void describe_afterTheEnd_saysEnded() throws Exception {
        Fixture f = new Fixture(b -> b.service("s", c -> c.awaitCancellation()));
        f.supervisor.start();
        f.supervisor.close();
        assertThat(f.supervisor.describe().state()).isEqualTo(SupervisorDescription.State.ENDED);
    }

    @Test
    void policy_resolvesOwnThenDefaultThenBuiltInSettings() {
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .restartInterval(Duration.ofMillis(200))
                .defaultPolicy(Policy.builder().maxDelay(Duration.ofSeconds(30)).intensity(5, Duration.ofMinutes(1)).build())
                .service("s", c -> { }, Policy.builder().multiplier(3).build())
                .build());
        Policy inForce = supervisor.policy("s");
        assertThat(inForce.restart()).contains(Restart.ALWAYS);
        assertThat(inForce.minDelay()).contains(Duration.ofMillis(200));
        assertThat(inForce.maxDelay()).contains(Duration.ofSeconds(30));
        assertThat(inForce.multiplier()).hasValue(3.0);
        assertThat(inForce.jitter()).hasValue(0.0);
        assertThat(inForce.resetAfter()).contains(Duration.ofMinutes(1));
        assertThat(inForce.maxRestarts()).hasValue(5);
        assertThat(inForce.window()).contains(Duration.ofMinutes(1));
        assertThat(inForce.escalate()).contains(false);
        assertThat(inForce.threadKind()).contains(ThreadKind.PLATFORM);
    }

    @Test
    void aDirectListenerExecutor_callsListenersOnTheThreadThatMadeTheChange_afterReleasingTheLock() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .listenerExecutor(Runnable::run)
                .service("s", c -> c.awaitCancellation())
                .build());
        List<Boolean> lockFree = Collections.synchronizedList(new ArrayList<>());
        supervisor.addListener(event -> {
            threads.add(Thread.currentThread().getName());
            // the listener may call back in at once: the lock is not held, so this neither deadlocks nor waits
            CompletableFuture<Boolean> describe = CompletableFuture.supplyAsync(() -> supervisor.describe() != null);
            lockFree.add(describe.join());
        });
        supervisor.start();
        assertThat(threads).isNotEmpty().first().isEqualTo(Thread.currentThread().getName());
        supervisor.close();
        assertThat(lockFree).doesNotContain(false);
    }

    @Test
    void aServiceWhosePolicyAsksForVirtualThreads_runsOnOne_besidePlatformOnes() throws Exception {
        assumeTrue(ThreadKind.virtualThreadsAvailable(), "virtual threads need Java 21+");
        CountDownLatch ran = new CountDownLatch(2);
        List<Boolean> virtual = Collections.synchronizedList(new ArrayList<>());
        try (Fixture f = new Fixture(b -> b
                .service("virtual", c -> {
                    virtual.add((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
                    ran.countDown();
                    c.awaitCancellation();
                }, Policy.builder().threadKind(ThreadKind.VIRTUAL).build())
                .service("platform", c -> {
                    virtual.add((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
                    ran.countDown();
                    c.awaitCancellation();
                }))) {
            f.supervisor.start();
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(virtual).containsExactlyInAnyOrder(true, false);
            assertThat(f.supervisor.policy("virtual").threadKind()).contains(ThreadKind.VIRTUAL);
        }
    }

    @Test
    void aServiceStoppedBeforeTheStart_isInTheFirstSnapshot_stoppedByRequest_andNotRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b.service("held", c -> runs.incrementAndGet()).service("other", c -> c.awaitCancellation()))) {
            assertThat(f.supervisor.stop("held")).isTrue();
            f.supervisor.start();
            StatusEvent first = f.recorder.next();
            assertThat(first.snapshot()).extracting(u -> u.serviceName() + " " + u.status() + " " + u.reason())
                    .containsExactly("held STOPPED STOPPED_BY_REQUEST", "other IDLE STARTED");
            f.recorder.awaitStatus("other", Status.RUNNING);
            assertThat(runs).hasValue(0);
        }
    }

    @Test
    void statusAndHistory_beforeStart_areEmpty() {
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder().service("s", c -> { }).build());
        assertThat(supervisor.statuses()).isEmpty();
        assertThat(supervisor.status("s")).isEmpty();
        assertThat(supervisor.history("s")).isEmpty();
    }
}
