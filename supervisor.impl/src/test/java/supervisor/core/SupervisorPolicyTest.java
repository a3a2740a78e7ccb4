package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Restart;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/** Restart policies in the engine, with exact restart instants on the fake clock. */
class SupervisorPolicyTest {

    private static final Service FAILING = context -> {
        throw new Exception("down");
    };

    /** Lets the failing service fail {@code runs} times, restarting it when due; returns each end. */
    private static List<StatusUpdate> failures(Fixture f, String name, int runs) {
        List<StatusUpdate> ends = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            StatusUpdate end = f.recorder.awaitStatus(name, Status.ERROR);
            ends.add(end);
            if (end.nextRestart() != null && i < runs - 1) {
                f.clock.advance(Duration.between(f.clock.now(), end.nextRestart()));
            }
        }
        return ends;
    }

    @Test
    void exponentialBackoff_restartsAtExactlyTheGrowingDelays() throws Exception {
        Policy backoff = Policy.builder().backoff(Duration.ofMillis(100), Duration.ofMillis(500), 2.0).build();
        try (Fixture f = new Fixture(b -> b.service("flaky", FAILING, backoff))) {
            Instant start = f.clock.now();
            f.supervisor.start();
            List<StatusUpdate> ends = failures(f, "flaky", 6);
            assertThat(ends).extracting(StatusUpdate::time).containsExactly(
                    start, start.plusMillis(100), start.plusMillis(300), start.plusMillis(700),
                    start.plusMillis(1200), start.plusMillis(1700));
            assertThat(ends).extracting(StatusUpdate::restartCount).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void jitter_withASeededRandomSource_givesExactlyPredictableRestartInstants() throws Exception {
        Policy jittered = Policy.builder().fixedDelay(Duration.ofSeconds(1)).jitter(0.5).build();
        SplittableRandom expected = new SplittableRandom(7);
        try (Fixture f = new Fixture(b -> b.random(new SplittableRandom(7)).service("s", FAILING, jittered))) {
            f.supervisor.start();
            for (StatusUpdate end : failures(f, "s", 4)) {
                double u = expected.nextDouble();
                long delayNanos = Math.round(1_000_000_000L * (1.0 - 0.5 * u));
                assertThat(end.nextRestart()).isEqualTo(end.time().plusNanos(delayNanos));
            }
        }
    }

    @Test
    void backoff_resetsOnceARunStayedUpForResetAfter() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Policy policy = Policy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0)
                .resetAfter(Duration.ofSeconds(5)).build();
        java.util.concurrent.CountDownLatch longRunMayEnd = new java.util.concurrent.CountDownLatch(1);
        try (Fixture f = new Fixture(b -> b.service("s", context -> {
            if (runs.incrementAndGet() == 3) {
                longRunMayEnd.await();
            }
            throw new Exception("down");
        }, policy))) {
            f.supervisor.start();
            List<StatusUpdate> firstTwo = failures(f, "s", 2);
            assertThat(Duration.between(firstTwo.get(1).time(), firstTwo.get(1).nextRestart())).isEqualTo(Duration.ofMillis(200));
            f.clock.advance(Duration.ofMillis(200));
            f.recorder.awaitStatus("s", Status.RUNNING);
            f.clock.advance(Duration.ofSeconds(5));
            longRunMayEnd.countDown();
            StatusUpdate afterLongRun = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(Duration.between(afterLongRun.time(), afterLongRun.nextRestart())).isEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void never_runsTheServiceOnce_andSaysWhy() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("once", FAILING, Policy.builder().restart(Restart.NEVER).build()))) {
            f.supervisor.start();
            StatusUpdate end = f.recorder.awaitStatus("once", Status.ERROR);
            assertThat(end.nextRestart()).isNull();
            assertThat(end.reason()).isEqualTo(Reason.RESTART_POLICY);
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void onFailure_restartsAFailure_butNotACleanEnd() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Fixture f = new Fixture(b -> b.service("job", context -> {
            if (runs.incrementAndGet() == 1) {
                throw new Exception("first attempt fails");
            }
        }, Policy.builder().restart(Restart.ON_FAILURE).build()))) {
            f.supervisor.start();
            StatusUpdate failed = f.recorder.awaitStatus("job", Status.ERROR);
            f.clock.advance(Duration.between(f.clock.now(), failed.nextRestart()));
            StatusUpdate done = f.recorder.awaitStatus("job", Status.STOPPED);
            assertThat(done.reason()).isEqualTo(Reason.RESTART_POLICY);
            assertThat(done.restartCount()).isEqualTo(1);
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void pastTheRestartLimit_theServiceIsGivenUp_andTheOthersKeepRunning() throws Exception {
        Policy limited = Policy.builder().intensity(2, Duration.ofMinutes(1)).build();
        try (Fixture f = new Fixture(b -> b.service("healthy", c -> c.awaitCancellation()).service("crashy", FAILING, limited))) {
            f.supervisor.start();
            StatusUpdate healthy = f.recorder.awaitStatus("healthy", Status.RUNNING);
            failures(f, "crashy", 2);
            f.clock.advance(Fixture.INTERVAL);
            StatusUpdate third = f.recorder.awaitStatus("crashy", Status.ERROR);
            assertThat(third.nextRestart()).isNull();
            StatusUpdate gaveUp = f.recorder.awaitStatus("crashy", Status.GAVE_UP);
            assertThat(gaveUp.reason()).isEqualTo(Reason.GAVE_UP);
            assertThat(gaveUp.error()).hasMessage("down");
            assertThat(f.supervisor.status("healthy")).contains(healthy);
            assertThat(f.supervisor.termination().toCompletableFuture()).isNotDone();
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void anEscalatingPolicy_shutsTheSupervisorDownWhenItGivesUp_andTheResultSaysWhy() throws Exception {
        Policy escalating = Policy.builder().intensity(1, Duration.ofMinutes(1)).escalate(true).build();
        try (Fixture f = new Fixture(b -> b.service("healthy", c -> c.awaitCancellation()).service("critical", FAILING, escalating))) {
            f.supervisor.start();
            failures(f, "critical", 1);
            f.clock.advance(Fixture.INTERVAL);
            RunResult result = f.supervisor.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.escalation()).isEqualTo("service 'critical' gave up: 1 restart within PT1M reached the limit of 1");
            assertThat(result.finalStatuses()).extracting(u -> u.serviceName() + " " + u.status())
                    .containsExactly("healthy STOPPED", "critical GAVE_UP");
            assertThat(result.isClean()).isFalse();
        }
    }

    @Test
    void theDefaultPolicy_appliesToServicesWithoutTheirOwn() throws Exception {
        Policy defaults = Policy.builder().fixedDelay(Duration.ofSeconds(7)).build();
        try (Fixture f = new Fixture(b -> b.defaultPolicy(defaults).service("s", FAILING))) {
            f.supervisor.start();
            StatusUpdate end = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(end.nextRestart()).isEqualTo(end.time().plusSeconds(7));
        }
    }

    @Test
    void reconfigure_appliesFromTheNextRestart_withoutTouchingRunningServices() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("healthy", c -> c.awaitCancellation()).service("s", FAILING))) {
            f.supervisor.start();
            StatusUpdate healthy = f.recorder.awaitStatus("healthy", Status.RUNNING);
            StatusUpdate first = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(first.nextRestart()).isEqualTo(first.time().plus(Fixture.INTERVAL));

            f.supervisor.reconfigure(Config.builder().scheduler(f.clock).restartInterval(Duration.ofSeconds(3)).build());
            f.clock.advance(Fixture.INTERVAL); // the restart already scheduled keeps its time
            StatusUpdate second = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(second.time()).isEqualTo(first.nextRestart());
            assertThat(second.nextRestart()).isEqualTo(second.time().plusSeconds(3));
            assertThat(f.supervisor.status("healthy")).contains(healthy);
            assertThat(f.supervisor.history("healthy")).extracting(StatusUpdate::status).containsExactly(Status.IDLE, Status.RUNNING);
        }
    }

    @Test
    void setPolicy_appliesFromTheNextEndOfARun() throws Exception {
        try (Fixture f = new Fixture(b -> b.service("s", FAILING))) {
            f.supervisor.start();
            StatusUpdate first = f.recorder.awaitStatus("s", Status.ERROR);
            f.supervisor.setPolicy("s", Policy.builder().restart(Restart.NEVER).build());
            f.clock.advance(Duration.between(f.clock.now(), first.nextRestart()));
            StatusUpdate second = f.recorder.awaitStatus("s", Status.ERROR);
            assertThat(second.reason()).isEqualTo(Reason.RESTART_POLICY);
            assertThat(f.clock.pendingDueTimes()).isEmpty();
        }
    }

    @Test
    void aServiceWithNoRestartLimit_isNotGivenUp_thoughTheDefaultPolicyHasALimit() throws Exception {
        Policy limitedDefault = Policy.builder().intensity(1, Duration.ofMinutes(1)).build();
        try (Fixture f = new Fixture(b -> b.defaultPolicy(limitedDefault)
                .service("unlimited", FAILING, Policy.builder().noRestartLimit().build()))) {
            f.supervisor.start();
            List<StatusUpdate> ends = failures(f, "unlimited", 4);
            assertThat(ends).allMatch(end -> end.nextRestart() != null);
        }
    }
}
