package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

/** The per-service state machine on its own: each transition and the precedence when a run ends. */
class ServiceCellTest {

    private static final Instant T0 = Instant.parse("2000-01-01T00:00:00Z");
    private static final EngineLog LOG = new EngineLog("sup", System.getLogger("supervisor.core"));

    private final ServiceCell cell = new ServiceCell(7, "s", context -> { }, Policy.INHERIT);

    private static StatusUpdate update(Status status) {
        return new StatusUpdate(7, "s", T0, status, Reason.STARTED, null, 0, null, null);
    }

    @Test
    void begin_theFirstRun_countsNoRestart_andLaterRunsCountOneEach() {
        RunContext first = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        assertThat(cell.restarts()).isZero();
        cell.runEnded(first, T0, true);
        cell.begin(Reason.RESTART_DUE, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        assertThat(cell.restarts()).isEqualTo(1);
        assertThat(cell.runReason()).isEqualTo(Reason.RESTART_DUE);
    }

    @Test
    void begin_whileARunIsInProgress_isRejected() {
        cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        assertThatThrownBy(() -> cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("service 's' cannot begin a run: one is in progress");
    }

    @Test
    void begin_afterRemove_isRejected() {
        cell.remove();
        assertThat(cell.canBegin()).isFalse();
        assertThatThrownBy(() -> cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM))).hasMessage("service 's' cannot begin a run: it is being removed");
    }

    @Test
    void runEnded_onItsOwn_appliesThePolicy_andMeasuresHowLongItRan() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        cell.markRunning(run, T0);
        ServiceCell.Ended ended = cell.runEnded(run, T0.plusSeconds(3), true);
        assertThat(ended.next()).isEqualTo(ServiceCell.AfterEnd.APPLY_POLICY);
        assertThat(ended.ranFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(cell.run()).isNull();
    }

    @Test
    void runEnded_ofARunThatIsNotTheCurrentOne_changesNothing() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        cell.runEnded(run, T0, true);
        RunContext next = cell.begin(Reason.RESTART_DUE, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        assertThat(cell.runEnded(run, T0, true)).isNull();
        assertThat(cell.run()).isSameAs(next);
    }

    @Test
    void runEnded_removalComesBeforeShutdownRestartAndHold() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        cell.requestRestart();
        cell.remove();
        assertThat(cell.runEnded(run, T0, false).next()).isEqualTo(ServiceCell.AfterEnd.DROP);
    }

    @Test
    void runEnded_whileShuttingDown_comesBeforeARestartByHand() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        cell.requestRestart();
        assertThat(cell.runEnded(run, T0, false).next()).isEqualTo(ServiceCell.AfterEnd.SHUTDOWN);
    }

    @Test
    void runEnded_afterARestartRequest_restartsNow_andSupervisesAgain() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        assertThat(cell.requestRestart()).isTrue();
        assertThat(cell.runEnded(run, T0, true).next()).isEqualTo(ServiceCell.AfterEnd.RESTART_NOW);
        assertThat(cell.intent()).isEqualTo(ServiceCell.Intent.SUPERVISE);
    }

    @Test
    void runEnded_afterAHold_staysHeld() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        cell.hold();
        assertThat(cell.runEnded(run, T0, true).next()).isEqualTo(ServiceCell.AfterEnd.STAY_HELD);
        assertThat(cell.intent()).isEqualTo(ServiceCell.Intent.HOLD);
    }

    @Test
    void requestRestart_withNoRunInProgress_leavesTheIntentAlone() {
        assertThat(cell.requestRestart()).isFalse();
        assertThat(cell.intent()).isEqualTo(ServiceCell.Intent.SUPERVISE);
    }

    @Test
    void hold_afterRemove_staysRemoved() {
        cell.remove();
        cell.hold();
        assertThat(cell.intent()).isEqualTo(ServiceCell.Intent.REMOVE);
    }

    @Test
    void begin_afterAHold_supervisesAgain() {
        cell.hold();
        cell.begin(Reason.STARTED_BY_REQUEST, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        assertThat(cell.intent()).isEqualTo(ServiceCell.Intent.SUPERVISE);
    }

    @Test
    void hold_callsOffThePendingRestart_andCancelsItsTask() {
        AtomicBoolean cancelled = new AtomicBoolean();
        ServiceCell.PendingRestart pending = new ServiceCell.PendingRestart(T0.plusSeconds(1), null);
        pending.scheduled(() -> cancelled.compareAndSet(false, true));
        cell.restartPending(pending, RestartRules.Track.FRESH);
        assertThat(cell.nextRestart()).isEqualTo(T0.plusSeconds(1));
        assertThat(cell.hold()).isTrue();
        assertThat(cancelled).isTrue();
        assertThat(cell.nextRestart()).isNull();
        assertThat(cell.hold()).isFalse();
    }

    @Test
    void takeDueRestart_ofARestartCalledOffTooLate_isIgnored() {
        ServiceCell.PendingRestart first = new ServiceCell.PendingRestart(T0, null);
        cell.restartPending(first, RestartRules.Track.FRESH);
        cell.callOffRestart();
        assertThat(cell.takeDueRestart(first)).isFalse();
    }

    @Test
    void takeDueRestart_ofThePendingRestart_takesItOnce() {
        ServiceCell.PendingRestart pending = new ServiceCell.PendingRestart(T0, null);
        cell.restartPending(pending, RestartRules.Track.FRESH);
        assertThat(cell.takeDueRestart(pending)).isTrue();
        assertThat(cell.takeDueRestart(pending)).isFalse();
    }

    @Test
    void takeDueRestart_ofAHeldService_isIgnored() {
        ServiceCell.PendingRestart pending = new ServiceCell.PendingRestart(T0, null);
        cell.restartPending(pending, RestartRules.Track.FRESH);
        cell.hold();
        assertThat(cell.takeDueRestart(pending)).isFalse();
    }

    @Test
    void awaitRunEnd_twice_sharesOneWaiterAndOneDeadline() {
        int[] deadlines = {0};
        CompletableFuture<Boolean> first = cell.awaitRunEnd(() -> {
            deadlines[0]++;
            return () -> true;
        });
        CompletableFuture<Boolean> second = cell.awaitRunEnd(() -> {
            deadlines[0]++;
            return () -> true;
        });
        assertThat(second).isSameAs(first);
        assertThat(deadlines[0]).isEqualTo(1);
    }

    @Test
    void releaseWaiter_cancelsTheDeadline_andCompletesOnlyWhenRun() {
        AtomicBoolean deadlineCancelled = new AtomicBoolean();
        CompletableFuture<Boolean> waiter = cell.awaitRunEnd(() -> () -> deadlineCancelled.compareAndSet(false, true));
        Runnable complete = cell.releaseWaiter(true);
        assertThat(deadlineCancelled).isTrue();
        assertThat(waiter).isNotDone();
        complete.run();
        assertThat(waiter).isCompletedWithValue(true);
        assertThat(cell.releaseWaiter(true)).isNull();
    }

    @Test
    void record_keepsTheLatestHistorySize_andTheLastFailureForever() {
        StatusUpdate failed = update(Status.ERROR);
        cell.record(failed, 2);
        cell.record(update(Status.IDLE), 2);
        cell.record(update(Status.RUNNING), 2);
        assertThat(cell.history()).extracting(StatusUpdate::status).containsExactly(Status.IDLE, Status.RUNNING);
        assertThat(cell.lastFailure()).isSameAs(failed);
        assertThat(cell.latest().status()).isEqualTo(Status.RUNNING);
    }

    @Test
    void markRunning_ofACancelledRun_isRefused() {
        RunContext run = cell.begin(Reason.STARTED, LOG, Threads.of(supervisor.api.ThreadKind.PLATFORM));
        run.cancel();
        assertThat(cell.markRunning(run, T0)).isFalse();
    }
}
