package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types: Status, StatusUpdate, StatusEvent, RunResult. */
class ValuesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static StatusUpdate update(long id, String name, Status status, Throwable error) {
        return new StatusUpdate(id, name, T, status, Reason.STARTED, error, 0, null, null);
    }

    @Test
    void status_alive_isIdleAndRunning() {
        assertThat(List.of(Status.values())).filteredOn(Status::isAlive).containsExactly(Status.IDLE, Status.RUNNING);
    }

    @Test
    void status_failure_isErrorPanicAndGaveUp() {
        assertThat(List.of(Status.values())).filteredOn(Status::isFailure)
                .containsExactly(Status.ERROR, Status.PANIC, Status.GAVE_UP);
    }

    @Test
    void statusUpdate_withoutAReason_isRejected() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, Status.IDLE, null, null, 0, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("reason");
    }

    @Test
    void statusUpdate_withAnErrorOnANonFailure_isRejected() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, Status.STOPPED, Reason.RETURNED, new Exception(), 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an error goes with ERROR, PANIC or GAVE_UP, not STOPPED");
    }

    @Test
    void statusUpdate_withANegativeRestartCount_isRejected() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, Status.IDLE, Reason.STARTED, null, -1, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("restartCount must be >= 0, was -1");
    }

    @Test
    void statusUpdate_withoutServiceName_isRejected() {
        assertThatThrownBy(() -> new StatusUpdate(1, null, T, Status.IDLE, Reason.STARTED, null, 0, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("serviceName");
    }

    @Test
    void statusUpdate_withoutTime_isRejected() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", null, Status.IDLE, Reason.STARTED, null, 0, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("time");
    }

    @Test
    void statusUpdate_withoutStatus_isRejected() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, null, Reason.STARTED, null, 0, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("status");
    }

    @Test
    void statusUpdate_toString_ofAFailureWithARestart_saysWhatHappenedAndWhatFollows() {
        StatusUpdate update = new StatusUpdate(3, "db", T, Status.ERROR, Reason.FAILED, new Exception("down"), 2,
                T.plusSeconds(1), null);
        assertThat(update).hasToString("db#3 ERROR at 2026-01-01T00:00:00Z (FAILED) after 2 restarts: "
                + "java.lang.Exception: down, restarts at 2026-01-01T00:00:01Z");
    }

    @Test
    void statusUpdate_toString_ofAFirstRun_saysOnlyStatusTimeAndReason() {
        assertThat(update(0, "db", Status.RUNNING, null)).hasToString("db#0 RUNNING at 2026-01-01T00:00:00Z (STARTED)");
    }

    @Test
    void statusUpdate_toString_withDetail_endsWithIt() {
        StatusUpdate update = new StatusUpdate(0, "db", T, Status.STOPPED, Reason.RESTART_POLICY, null, 1, null,
                "not restarted: restart policy NEVER");
        assertThat(update).hasToString("db#0 STOPPED at 2026-01-01T00:00:00Z (RESTART_POLICY) after 1 restart: "
                + "not restarted: restart policy NEVER");
    }

    @Test
    void statusUpdate_because_replacesReasonAndDetailOnly() {
        Exception error = new Exception("x");
        StatusUpdate update = new StatusUpdate(4, "db", T, Status.ERROR, Reason.FAILED, error, 2, T.plusSeconds(1), null);
        assertThat(update.because(Reason.SHUTTING_DOWN, "shutting down"))
                .isEqualTo(new StatusUpdate(4, "db", T, Status.ERROR, Reason.SHUTTING_DOWN, error, 2, T.plusSeconds(1),
                        "shutting down"));
    }

    @Test
    void statusEvent_withoutSupervisorName_isRejected() {
        StatusUpdate update = update(0, "s", Status.IDLE, null);
        assertThatThrownBy(() -> new StatusEvent(null, StatusEvent.Kind.CHANGED, update, List.of(update), 0))
                .isInstanceOf(NullPointerException.class).hasMessage("supervisor");
    }

    @Test
    void statusEvent_current_withAnUpdate_isRejected() {
        StatusUpdate update = update(0, "s", Status.IDLE, null);
        assertThatThrownBy(() -> new StatusEvent("sup", StatusEvent.Kind.CURRENT, update, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a CURRENT event has no update");
    }

    @Test
    void statusEvent_revised_withoutAnUpdate_isRejected() {
        assertThatThrownBy(() -> new StatusEvent("sup", StatusEvent.Kind.REVISED, null, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a REVISED event needs update");
    }

    @Test
    void statusEvent_changed_withoutAnUpdate_isRejected() {
        assertThatThrownBy(() -> new StatusEvent("sup", StatusEvent.Kind.CHANGED, null, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a CHANGED event needs update");
    }

    @Test
    void statusEvent_withNegativeMissed_isRejected() {
        StatusUpdate update = update(0, "s", Status.IDLE, null);
        assertThatThrownBy(() -> new StatusEvent("sup", StatusEvent.Kind.CHANGED, update, List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("missed must be >= 0, was -1");
    }

    @Test
    void statusEvent_withMissed_sameCount_returnsTheSameEvent() {
        StatusUpdate update = update(0, "s", Status.IDLE, null);
        StatusEvent event = new StatusEvent("sup", StatusEvent.Kind.CHANGED, update, List.of(update), 0);
        assertThat(event.withMissed(0)).isSameAs(event);
    }

    @Test
    void statusEvent_withMissed_otherCount_changesOnlyTheCount() {
        StatusUpdate update = update(0, "s", Status.IDLE, null);
        StatusEvent event = new StatusEvent("sup", StatusEvent.Kind.CHANGED, update, List.of(update), 0);
        assertThat(event.withMissed(4))
                .isEqualTo(new StatusEvent("sup", StatusEvent.Kind.CHANGED, update, List.of(update), 4));
    }

    @Test
    void runResult_copiesItsLists() {
        List<StatusUpdate> finals = new ArrayList<>(List.of(update(0, "ok", Status.STOPPED, null)));
        List<String> stuck = new ArrayList<>(List.of("stuck"));
        RunResult result = new RunResult("sup", finals, stuck, null);
        finals.clear();
        stuck.clear();
        assertThat(result).isEqualTo(new RunResult("sup", List.of(update(0, "ok", Status.STOPPED, null)),
                List.of("stuck"), null));
    }

    @Test
    void runResult_lists_areUnmodifiable() {
        RunResult result = new RunResult("sup", new ArrayList<>(), new ArrayList<>(), null);
        assertThatThrownBy(() -> result.leftRunning().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void runResult_withoutSupervisorName_isRejected() {
        assertThatThrownBy(() -> new RunResult(null, List.of(), List.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("supervisor");
    }

    @Test
    void runResult_failed_isTheFailuresInOrder() {
        RunResult result = new RunResult("sup", List.of(update(0, "ok", Status.STOPPED, null),
                update(1, "bad", Status.PANIC, new Error("x")), update(2, "gone", Status.GAVE_UP, null)), List.of(), null);
        assertThat(result.failed()).extracting(StatusUpdate::serviceName).containsExactly("bad", "gone");
    }

    @Test
    void runResult_withAFailure_isNotClean() {
        RunResult result = new RunResult("sup", List.of(update(1, "bad", Status.ERROR, new Exception())), List.of(), null);
        assertThat(result.isClean()).isFalse();
    }

    @Test
    void runResult_withAServiceLeftRunning_isNotClean() {
        assertThat(new RunResult("sup", List.of(), List.of("stuck"), null).isClean()).isFalse();
    }

    @Test
    void runResult_withAnEscalation_isNotClean() {
        assertThat(new RunResult("sup", List.of(), List.of(), "db gave up").isClean()).isFalse();
    }

    @Test
    void runResult_withNothingWrong_isClean() {
        assertThat(new RunResult("sup", List.of(update(0, "ok", Status.STOPPED, null)), List.of(), null).isClean()).isTrue();
    }
}
