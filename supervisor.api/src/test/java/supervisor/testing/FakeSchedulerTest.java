package supervisor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import supervisor.api.Cancellable;

class FakeSchedulerTest {

    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");
    private final FakeScheduler clock = new FakeScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void time_standsStillUntilAdvanced() {
        assertThat(clock.now()).isEqualTo(START);
        clock.advance(Duration.ofMillis(1500));
        assertThat(clock.now()).isEqualTo(START.plusMillis(1500));
    }

    @Test
    void advance_runsDueTasksInDueOrder_atTheirDueTime() {
        clock.schedule(Duration.ofSeconds(2), () -> ran.add("b at " + clock.now()));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("a at " + clock.now()));
        clock.schedule(Duration.ofSeconds(3), () -> ran.add("c at " + clock.now()));
        clock.advance(Duration.ofMillis(2500));
        assertThat(ran).containsExactly("a at 2000-01-01T00:00:01Z", "b at 2000-01-01T00:00:02Z");
        assertThat(clock.pendingDueTimes()).containsExactly(START.plusSeconds(3));
        assertThat(clock.untilNextTask()).contains(Duration.ofMillis(500));
    }

    @Test
    void tasksDueAtTheSameTime_runInTheOrderTheyWereScheduled() {
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("first"));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("second"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aTaskScheduledByATask_runsInTheSameAdvance_ifDue() {
        clock.schedule(Duration.ofSeconds(1), () -> clock.schedule(Duration.ofSeconds(1), () -> ran.add("chained at " + clock.now())));
        clock.advance(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("chained at 2000-01-01T00:00:02Z");
    }

    @Test
    void aCancelledTask_neverRuns() {
        Cancellable task = clock.schedule(Duration.ofSeconds(1), () -> ran.add("no"));
        assertThat(task.cancel()).isTrue();
        assertThat(task.cancel()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).isEmpty();
        assertThat(clock.pendingDueTimes()).isEmpty();
    }

    @Test
    void cancellingATaskThatRan_returnsFalse() {
        Cancellable task = clock.schedule(Duration.ZERO, () -> ran.add("yes"));
        clock.runDueTasks();
        assertThat(task.cancel()).isFalse();
        assertThat(ran).containsExactly("yes");
    }

    @Test
    void negativeDurations_areRejected() {
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("time only moves forward; duration was PT-1S");
        assertThatThrownBy(() -> clock.schedule(Duration.ofSeconds(-1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must not be negative, was PT-1S");
    }
}
