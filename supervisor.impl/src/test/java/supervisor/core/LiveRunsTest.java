package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;

/** The live runs of a supervisor, a list threaded through the runs: membership, order, and ends in any order. */
class LiveRunsTest {

    private static final EngineLog LOG = new EngineLog("live", new QuietLogger());

    private final LiveRuns live = new LiveRuns();

    private static RunContext run(String name) {
        return new RunContext(new ServiceCell(name.hashCode(), name, context -> { }, Policy.INHERIT), LOG, null);
    }

    @Test
    void aNewListIsEmpty() {
        assertThat(live).isEmpty();
        assertThat(live.iterator().hasNext()).isFalse();
    }

    @Test
    void runsAreListedTheOneBegunLastFirst() {
        RunContext a = run("a");
        RunContext b = run("b");
        RunContext c = run("c");

        live.add(a);
        live.add(b);
        live.add(c);

        assertThat(live).containsExactly(c, b, a);
        assertThat(live).hasSize(3);
    }

    @Test
    void runsEndInAnyOrderAndTheRestStayLinked() {
        RunContext a = run("a");
        RunContext b = run("b");
        RunContext c = run("c");
        RunContext d = run("d");
        List.of(a, b, c, d).forEach(live::add);

        assertThat(live.remove(b)).isTrue(); // from the middle
        assertThat(live).containsExactly(d, c, a);
        assertThat(live.remove(d)).isTrue(); // the first
        assertThat(live).containsExactly(c, a);
        assertThat(live.remove(a)).isTrue(); // the last
        assertThat(live).containsExactly(c);
        assertThat(live.remove(c)).isTrue();
        assertThat(live).isEmpty();
    }

    @Test
    void removingARunThatIsNotLiveChangesNothing() {
        RunContext a = run("a");
        RunContext never = run("never");
        live.add(a);
        live.remove(a);
        live.add(run("b"));

        assertThat(live.remove(a)).isFalse(); // ended already
        assertThat(live.remove(never)).isFalse();
        assertThat(live.remove("not a run")).isFalse();
        assertThat(live).hasSize(1);
    }

    @Test
    void aRunThatEndedMayBeListedAgainButALiveOneNot() {
        RunContext a = run("a");
        live.add(a);

        assertThatThrownBy(() -> live.add(a))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("run of service 'a' is live already");
        live.remove(a);
        live.add(a);
        assertThat(live).containsExactly(a);
    }

    @Test
    void aCopyTakenUnderTheLockHoldsEveryLiveRun() {
        RunContext a = run("a");
        RunContext b = run("b");
        live.add(a);
        live.add(b);

        List<RunContext> copy = List.copyOf(live);
        live.remove(a);

        assertThat(copy).containsExactly(b, a);
    }

    @Test
    void theIteratorSaysWhenItHasNoMore() {
        live.add(run("a"));
        Iterator<RunContext> runs = live.iterator();
        runs.next();

        assertThatThrownBy(runs::next).isInstanceOf(NoSuchElementException.class);
    }
}
