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

    @Test
    void status_aliveAndFailure() {
        assertThat(List.of(Status.values())).filteredOn(Status::isAlive).containsExactly(Status.IDLE, Status.RUNNING);
        assertThat(List.of(Status.values())).filteredOn(Status::isFailure).containsExactly(Status.ERROR, Status.PANIC, Status.GAVE_UP);
    }

    @Test
    void statusUpdate_rejectsAnErrorOnANonFailure() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, Status.STOPPED, new Exception(), 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an error goes with ERROR, PANIC or GAVE_UP, not STOPPED");
    }

    @Test
    void statusUpdate_rejectsANegativeRestartCountAndMissingParts() {
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, Status.IDLE, null, -1, null))
                .hasMessage("restartCount must be >= 0, was -1");
        assertThatThrownBy(() -> new StatusUpdate(1, null, T, Status.IDLE, null, 0, null)).hasMessage("serviceName");
        assertThatThrownBy(() -> new StatusUpdate(1, "s", null, Status.IDLE, null, 0, null)).hasMessage("time");
        assertThatThrownBy(() -> new StatusUpdate(1, "s", T, null, null, 0, null)).hasMessage("status");
    }

    @Test
    void statusUpdate_toString_saysWhatHappened() {
        assertThat(new StatusUpdate(3, "db", T, Status.ERROR, new Exception("down"), 2, T.plusSeconds(1)))
                .hasToString("db#3 ERROR at 2026-01-01T00:00:00Z after 2 restarts: java.lang.Exception: down, "
                        + "restarts at 2026-01-01T00:00:01Z");
        assertThat(new StatusUpdate(0, "db", T, Status.RUNNING, null, 0, null)).hasToString("db#0 RUNNING at 2026-01-01T00:00:00Z");
    }

    @Test
    void statusEvent_currentHasNoUpdate_andOthersNeedOne() {
        StatusUpdate update = new StatusUpdate(0, "s", T, Status.IDLE, null, 0, null);
        assertThatThrownBy(() -> new StatusEvent(StatusEvent.Kind.CURRENT, update, List.of(), 0))
                .hasMessage("a CURRENT event has no update");
        assertThatThrownBy(() -> new StatusEvent(StatusEvent.Kind.CHANGED, null, List.of(), 0))
                .hasMessage("a CHANGED event needs update");
        assertThatThrownBy(() -> new StatusEvent(StatusEvent.Kind.CHANGED, update, List.of(), -1))
                .hasMessage("missed must be >= 0, was -1");
        StatusEvent event = new StatusEvent(StatusEvent.Kind.CHANGED, update, List.of(update), 0);
        assertThat(event.withMissed(0)).isSameAs(event);
        assertThat(event.withMissed(4).missed()).isEqualTo(4);
    }

    @Test
    void runResult_copiesItsLists_andTellsFailuresAndCleanliness() {
        List<StatusUpdate> finals = new ArrayList<>(List.of(
                new StatusUpdate(0, "ok", T, Status.STOPPED, null, 0, null),
                new StatusUpdate(1, "bad", T, Status.PANIC, new Error("x"), 0, null)));
        RunResult result = new RunResult(finals, List.of());
        finals.clear();
        assertThat(result.finalStatuses()).hasSize(2);
        assertThat(result.failed()).extracting(StatusUpdate::serviceName).containsExactly("bad");
        assertThat(result.isClean()).isFalse();
        assertThat(new RunResult(List.of(), List.of("stuck")).isClean()).isFalse();
        assertThat(new RunResult(List.of(), List.of()).isClean()).isTrue();
    }
}
