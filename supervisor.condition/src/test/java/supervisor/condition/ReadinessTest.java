package supervisor.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription.State;

class ReadinessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static ServiceDescription service(long id, Status status, boolean held) {
        return new ServiceDescription(id, "s" + id, status, status == null ? null : Reason.STARTED,
                status == null ? null : NOW, 0, null, null, held, Policy.INHERIT);
    }

    @Test
    void ready_runningWithoutServices_isReady() {
        assertThat(Readiness.ready(State.RUNNING, List.of(), Set.of())).isTrue();
    }

    @Test
    void ready_notRunningYet_isNotReady() {
        assertThat(Readiness.ready(State.NEW, List.of(), Set.of())).isFalse();
    }

    @Test
    void ready_ended_isNotReady() {
        assertThat(Readiness.ready(State.ENDED, List.of(), Set.of())).isFalse();
    }

    @Test
    void ready_stopping_isNotReady() {
        assertThat(Readiness.ready(State.STOPPING, List.of(service(1, Status.RUNNING, false)), Set.of(1L))).isFalse();
    }

    @Test
    void ready_everyServiceRunning_isReady() {
        assertThat(Readiness.ready(State.RUNNING, List.of(service(1, Status.RUNNING, false), service(2, Status.RUNNING, false)),
                Set.of())).isTrue();
    }

    @Test
    void ready_serviceThatNeverRan_isNotReady() {
        assertThat(Readiness.ready(State.RUNNING, List.of(service(1, Status.RUNNING, false), service(2, Status.IDLE, false)),
                Set.of(1L))).isFalse();
    }

    @Test
    void ready_serviceRestartingAfterItRan_staysReady() {
        assertThat(Readiness.ready(State.RUNNING, List.of(service(1, Status.ERROR, false)), Set.of(1L))).isTrue();
    }

    @Test
    void ready_serviceGivenUp_isNotReadyThoughItRan() {
        assertThat(Readiness.ready(State.RUNNING, List.of(service(1, Status.GAVE_UP, false)), Set.of(1L))).isFalse();
    }

    @Test
    void ready_heldServiceThatNeverRan_doesNotHoldItBack() {
        assertThat(Readiness.ready(State.RUNNING, List.of(service(1, Status.STOPPED, true)), Set.of())).isTrue();
    }

    @Test
    void ready_serviceNotStarted_isNotReady() {
        assertThat(Readiness.ready(State.RUNNING, List.of(service(1, null, false)), Set.of())).isFalse();
    }

    private static StatusUpdate update(Status status, Reason reason) {
        return new StatusUpdate(1, "s1", NOW, status, reason, status == Status.ERROR ? new Exception("x") : null, 0, null, null);
    }

    @Test
    void ran_running_isTrue() {
        assertThat(Readiness.ran(update(Status.RUNNING, Reason.STARTED))).isTrue();
    }

    @Test
    void ran_error_isTrue() {
        assertThat(Readiness.ran(update(Status.ERROR, Reason.FAILED))).isTrue();
    }

    @Test
    void ran_returned_isTrue() {
        assertThat(Readiness.ran(update(Status.STOPPED, Reason.RETURNED))).isTrue();
    }

    @Test
    void ran_idle_isFalse() {
        assertThat(Readiness.ran(update(Status.IDLE, Reason.STARTED))).isFalse();
    }

    @Test
    void ran_stoppedByRequest_isFalse() {
        assertThat(Readiness.ran(update(Status.STOPPED, Reason.STOPPED_BY_REQUEST))).isFalse();
    }
}
