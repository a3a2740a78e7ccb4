package supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ReasonTest {

    @ParameterizedTest
    @CsvSource({"STOPPED, RETURNED", "ERROR, FAILED", "PANIC, PANICKED"})
    void restartedAfter_anEndedRun_isTheReasonItsPolicyRestartsItAfter(Status ended, Reason reason) {
        assertThat(Reason.restartedAfter(ended)).isEqualTo(reason);
    }

    @ParameterizedTest
    @EnumSource(value = Status.class, names = {"IDLE", "RUNNING", "GAVE_UP"})
    void restartedAfter_aStatusThatDoesNotEndARun_isRejected(Status status) {
        assertThatThrownBy(() -> Reason.restartedAfter(status))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not the status of an ended run: " + status);
    }

    @Test
    void restartedAfter_null_isRejected() {
        assertThatThrownBy(() -> Reason.restartedAfter(null)).isInstanceOf(NullPointerException.class);
    }
}
