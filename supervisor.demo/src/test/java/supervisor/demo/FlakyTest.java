package supervisor.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlakyTest {

    @Test
    void lifetime_eachCycle_threeShortRunsThenOneLong() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(Flaky::lifetime))
                .containsExactly(Flaky.SHORT, Flaky.SHORT, Flaky.SHORT, Flaky.LONG,
                        Flaky.SHORT, Flaky.SHORT, Flaky.SHORT, Flaky.LONG);
    }

    @Test
    void lifetime_longRun_outlastsTheResetAfterOfItsPolicy() {
        assertThat(Flaky.LONG).isGreaterThan(Duration.parse("PT3S"));
    }

    @Test
    void run_notCancelled_failsNamingTheRun() {
        Flaky flaky = new Flaky();

        assertThatThrownBy(() -> flaky.run(Fixtures.context(false)))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("flaky failure in run 1 after 300 ms");
    }

    @Test
    void run_cancelledWhileWorking_returnsWithoutFailing() throws Exception {
        Flaky flaky = new Flaky();

        flaky.run(Fixtures.context(true));

        assertThatThrownBy(() -> flaky.run(Fixtures.context(false))).hasMessage("flaky failure in run 2 after 300 ms");
    }
}
