package supervisor.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorDescription.State;
import supervisor.api.ThreadKind;
import supervisor.healthcheck.Verdict.Line;

class HealthRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant DUE = Instant.parse("2026-01-01T00:00:05Z");
    private static final SupervisorDescription.Settings SETTINGS = new SupervisorDescription.Settings(
            Duration.ofSeconds(1), Duration.ofSeconds(5), 1000, 20, ThreadKind.PLATFORM, Policy.INHERIT);

    private static SupervisorDescription supervisor(State state, String escalation, ServiceDescription... services) {
        return new SupervisorDescription("main", T0, state, escalation, SETTINGS, List.of(services), List.of());
    }

    private static SupervisorDescription running(ServiceDescription... services) {
        return supervisor(State.RUNNING, null, services);
    }

    private static ServiceDescription service(long id, String name, Status status, Reason reason) {
        return new ServiceDescription(id, name, status, reason, T0, 0, null, null, false, Policy.INHERIT);
    }

    private static ServiceDescription waiting(long id, String name, Status status, Reason reason, int restarts,
            Throwable error) {
        StatusUpdate failure = error == null ? null
                : new StatusUpdate(id, name, T0, status, reason, error, restarts, DUE, null);
        return new ServiceDescription(id, name, status, reason, T0, restarts, DUE, failure, false, Policy.INHERIT);
    }

    private static ServiceDescription gaveUp(long id, String name, Throwable error, String detail) {
        StatusUpdate failure = new StatusUpdate(id, name, T0, Status.GAVE_UP, Reason.GAVE_UP, error, 3, null, detail);
        return new ServiceDescription(id, name, Status.GAVE_UP, Reason.GAVE_UP, T0, 3, null, failure, false,
                Policy.INHERIT);
    }

    private static ServiceDescription held(long id, String name) {
        return new ServiceDescription(id, name, Status.STOPPED, Reason.STOPPED_BY_REQUEST, T0, 0, null, null, true,
                Policy.INHERIT);
    }

    private static ServiceDescription ended(long id, String name, Status status, Reason reason, Throwable error,
            String detail) {
        StatusUpdate failure = error == null ? null
                : new StatusUpdate(id, name, T0, status, reason, error, 0, null, detail);
        return new ServiceDescription(id, name, status, reason, T0, 0, null, failure, false, Policy.INHERIT);
    }

    @Test
    void judge_everyServiceRunning_okWithOnlyTheSummary() {
        Verdict verdict = HealthRules.judge(running(service(1, "a", Status.RUNNING, Reason.STARTED),
                service(2, "b", Status.RUNNING, Reason.RESTART_DUE)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.OK,
                List.of(new Line(Level.OK, "supervisor 'main' RUNNING: 2 services, 2 running"))));
    }

    @Test
    void judge_noServices_ok() {
        Verdict verdict = HealthRules.judge(running(), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.OK,
                List.of(new Line(Level.OK, "supervisor 'main' RUNNING: no services"))));
    }

    @Test
    void judge_serviceIdle_okWithALineForIt() {
        Verdict verdict = HealthRules.judge(running(service(1, "a", Status.RUNNING, Reason.STARTED),
                service(2, "b", Status.IDLE, Reason.STARTED)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.OK, List.of(
                new Line(Level.OK, "service 'b' #2: IDLE (STARTED)"),
                new Line(Level.OK, "supervisor 'main' RUNNING: 2 services, 1 running, 1 starting"))));
    }

    @Test
    void judge_restartScheduled_warnNamingTheClassAndTheDueTime() {
        Verdict verdict = HealthRules.judge(running(service(1, "a", Status.RUNNING, Reason.STARTED),
                waiting(2, "b", Status.ERROR, Reason.FAILED, 2, new IllegalStateException("secret"))), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN, List.of(
                new Line(Level.WARN, "service 'b' #2: ERROR (FAILED), after 2 restarts, "
                        + "java.lang.IllegalStateException, restart due at 2026-01-01T00:00:05Z"),
                new Line(Level.WARN, "supervisor 'main' RUNNING: 2 services, 1 running, 1 waiting to restart"))));
    }

    @Test
    void judge_cleanReturnWithRestartScheduled_warn() {
        Verdict verdict = HealthRules.judge(running(waiting(1, "a", Status.STOPPED, Reason.RETURNED, 1, null)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN, List.of(
                new Line(Level.WARN, "service 'a' #1: STOPPED (RETURNED), after 1 restart, "
                        + "restart due at 2026-01-01T00:00:05Z"),
                new Line(Level.WARN, "supervisor 'main' RUNNING: 1 service, 1 waiting to restart"))));
    }

    @Test
    void judge_stoppedByHand_warn() {
        Verdict verdict = HealthRules.judge(running(held(1, "a")), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN, List.of(
                new Line(Level.WARN, "service 'a' #1: STOPPED (STOPPED_BY_REQUEST), stopped by hand"),
                new Line(Level.WARN, "supervisor 'main' RUNNING: 1 service, 1 stopped by hand"))));
    }

    @Test
    void judge_gaveUp_criticalWithTheClassAndTheEnginesDetailButNoMessage() {
        Verdict verdict = HealthRules.judge(running(service(1, "a", Status.RUNNING, Reason.STARTED),
                gaveUp(2, "b", new IllegalStateException("secret"), "gave up: 3 restarts within PT1M reached the limit of 2")),
                false);

        assertThat(verdict).isEqualTo(new Verdict(Level.CRITICAL, List.of(
                new Line(Level.CRITICAL, "service 'b' #2: GAVE_UP (GAVE_UP), after 3 restarts, "
                        + "java.lang.IllegalStateException: gave up: 3 restarts within PT1M reached the limit of 2"),
                new Line(Level.CRITICAL, "supervisor 'main' RUNNING: 2 services, 1 running, 1 gave up"))));
    }

    @Test
    void judge_gaveUpWithShowErrors_lineShowsTheMessage() {
        Verdict verdict = HealthRules.judge(running(gaveUp(1, "a", new IllegalStateException("secret"), "gave up: x")),
                true);

        assertThat(verdict.lines().get(0)).isEqualTo(new Line(Level.CRITICAL,
                "service 'a' #1: GAVE_UP (GAVE_UP), after 3 restarts, java.lang.IllegalStateException: secret: gave up: x"));
    }

    @Test
    void judge_anyLine_neverHoldsAStackTrace() {
        Verdict verdict = HealthRules.judge(running(gaveUp(1, "a", new IllegalStateException("secret"), null),
                waiting(2, "b", Status.PANIC, Reason.PANICKED, 1, new AssertionError("boom"))), true);

        assertThat(verdict.lines()).extracting(Line::text).noneMatch(text -> text.contains("\tat ") || text.contains("\n"));
    }

    @Test
    void judge_byDefault_noLineShowsAMessageACauseOrAStackTrace() {
        Throwable withCause = new IllegalStateException("secret message", new RuntimeException("secret cause"));
        Verdict verdict = HealthRules.judge(running(
                gaveUp(1, "a", withCause, "gave up: 3 restarts within PT1M reached the limit of 2"),
                waiting(2, "b", Status.PANIC, Reason.PANICKED, 1, new AssertionError("secret panic")),
                waiting(3, "c", Status.ERROR, Reason.FAILED, 1, withCause),
                ended(4, "d", Status.ERROR, Reason.RESTART_POLICY, withCause, "not restarted: restart policy NEVER"),
                ended(5, "e", Status.ERROR, Reason.SCHEDULER_FAILED, withCause,
                        "not restarted: the scheduler failed: java.lang.Error: secret scheduler")), false);

        assertThat(verdict.lines()).hasSize(6);
        assertThat(verdict.lines()).extracting(Line::text).noneMatch(text -> text.contains("secret")
                || text.contains("\tat ") || text.contains("\n") || text.contains("Caused by")
                || text.contains(RuntimeException.class.getName()));
        assertThat(verdict.lines().get(0).text()).endsWith("java.lang.IllegalStateException: gave up: 3 restarts within PT1M reached the limit of 2");
    }

    @Test
    void judge_failureNotRestarted_critical() {
        Verdict verdict = HealthRules.judge(running(ended(1, "a", Status.ERROR, Reason.RESTART_POLICY,
                new RuntimeException("secret"), "not restarted: restart policy NEVER")), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.CRITICAL, List.of(
                new Line(Level.CRITICAL, "service 'a' #1: ERROR (RESTART_POLICY), java.lang.RuntimeException: "
                        + "not restarted: restart policy NEVER"),
                new Line(Level.CRITICAL, "supervisor 'main' RUNNING: 1 service, 1 failed"))));
    }

    @Test
    void judge_failedRunEndedByARestartByHand_warnAsItStartsAgainAtOnce() {
        Verdict verdict = HealthRules.judge(running(ended(1, "a", Status.ERROR, Reason.RESTARTED_BY_REQUEST,
                new RuntimeException("secret"), null)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN, List.of(
                new Line(Level.WARN, "service 'a' #1: ERROR (RESTARTED_BY_REQUEST), java.lang.RuntimeException"),
                new Line(Level.WARN, "supervisor 'main' RUNNING: 1 service, 1 ended"))));
    }

    @Test
    void judge_cleanReturnNotRestarted_warn() {
        Verdict verdict = HealthRules.judge(running(ended(1, "a", Status.STOPPED, Reason.RESTART_POLICY, null, null)),
                false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN, List.of(
                new Line(Level.WARN, "service 'a' #1: STOPPED (RESTART_POLICY)"),
                new Line(Level.WARN, "supervisor 'main' RUNNING: 1 service, 1 ended"))));
    }

    @Test
    void judge_schedulerFailed_criticalWithoutItsDetail() {
        Verdict verdict = HealthRules.judge(running(ended(1, "a", Status.ERROR, Reason.SCHEDULER_FAILED,
                new RuntimeException("secret"), "not restarted: the scheduler failed: java.lang.Error: secret")), false);

        assertThat(verdict.lines()).containsExactly(
                new Line(Level.CRITICAL, "service 'a' #1: ERROR (SCHEDULER_FAILED), java.lang.RuntimeException"),
                new Line(Level.CRITICAL, "supervisor 'main' RUNNING: 1 service, 1 failed"));
    }

    @Test
    void judge_schedulerFailedWithShowErrors_showsItsDetail() {
        Verdict verdict = HealthRules.judge(running(ended(1, "a", Status.ERROR, Reason.SCHEDULER_FAILED,
                new RuntimeException("secret"), "not restarted: the scheduler failed: java.lang.Error: secret")), true);

        assertThat(verdict.lines().get(0).text()).isEqualTo("service 'a' #1: ERROR (SCHEDULER_FAILED), "
                + "java.lang.RuntimeException: secret: not restarted: the scheduler failed: java.lang.Error: secret");
    }

    @Test
    void judge_supervisorNotStarted_warnPerService() {
        Verdict verdict = HealthRules.judge(supervisor(State.NEW, null, service(1, "a", null, null)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN, List.of(
                new Line(Level.WARN, "service 'a' #1: not started"),
                new Line(Level.WARN, "supervisor 'main' NEW: 1 service, 1 not started"))));
    }

    @Test
    void judge_supervisorStopping_warn() {
        Verdict verdict = HealthRules.judge(supervisor(State.STOPPING, null, service(1, "a", Status.RUNNING,
                Reason.STARTED)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.WARN,
                List.of(new Line(Level.WARN, "supervisor 'main' STOPPING: 1 service, 1 running"))));
    }

    @Test
    void judge_supervisorEnded_critical() {
        Verdict verdict = HealthRules.judge(supervisor(State.ENDED, null), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.CRITICAL,
                List.of(new Line(Level.CRITICAL, "supervisor 'main' ENDED: no services"))));
    }

    @Test
    void judge_supervisorEscalatedWhileStopping_criticalNamingTheEscalation() {
        Verdict verdict = HealthRules.judge(supervisor(State.STOPPING, "service 'a' gave up: 3 restarts",
                service(1, "b", Status.RUNNING, Reason.STARTED)), false);

        assertThat(verdict).isEqualTo(new Verdict(Level.CRITICAL, List.of(new Line(Level.CRITICAL,
                "supervisor 'main' STOPPING, escalated: service 'a' gave up: 3 restarts: 1 service, 1 running"))));
    }

    @Test
    void judge_mixedServices_oneLinePerServiceNotRunningInIdOrderAndTheWorstLevel() {
        Verdict verdict = HealthRules.judge(running(held(1, "a"), service(2, "b", Status.RUNNING, Reason.STARTED),
                gaveUp(3, "c", null, null), waiting(4, "d", Status.STOPPED, Reason.RETURNED, 1, null)), false);

        assertThat(verdict.level()).isEqualTo(Level.CRITICAL);
        assertThat(verdict.lines()).extracting(Line::level).containsExactly(Level.WARN, Level.CRITICAL, Level.WARN,
                Level.CRITICAL);
        assertThat(verdict.lines().get(3).text()).isEqualTo(
                "supervisor 'main' RUNNING: 4 services, 1 running, 1 waiting to restart, 1 stopped by hand, 1 gave up");
    }

    @Test
    void verdict_levelNotTheWorstOfItsLines_rejected() {
        assertThatThrownBy(() -> new Verdict(Level.OK, List.of(new Line(Level.WARN, "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("level OK is not the worst level of the lines, WARN");
    }
}
