package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusUpdate;

/** The per-listener queue: order, backlog, coalescing, closing; driven by a hand-cranked executor. */
class ListenerChannelTest {

    /** Runs submitted tasks only when the test says so. */
    private static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean shutDown;

        @Override
        public void execute(Runnable task) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final List<StatusEvent> received = new ArrayList<>();
    private Snapshot snapshot = Snapshot.EMPTY;

    private ListenerChannel channel(int backlog) {
        return new ListenerChannel(received::add, executor, backlog, new ThreadLocal<>(), this, new EngineLog("test", System.getLogger("supervisor.core")));
    }

    private StatusEvent change(long id, Status status) {
        StatusUpdate update = new StatusUpdate(id, "s" + id, Instant.EPOCH, status, Reason.STARTED, null, 0, null, null);
        snapshot = snapshot.with(update);
        return new StatusEvent("test", StatusEvent.Kind.CHANGED, update, snapshot, 0);
    }

    /** What the engine does: enqueue under its lock, then kick after releasing it. */
    private static void offer(ListenerChannel target, StatusEvent event) {
        target.enqueue(event);
        target.kick();
    }

    private List<String> receivedLines() {
        return received.stream().map(e -> Recorder.describe(e) + (e.missed() > 0 ? " missed " + e.missed() : "")).toList();
    }

    @Test
    void offer_neverCallsTheListenerOnTheOfferingThread_andSchedulesOneDrain() {
        ListenerChannel channel = channel(8);
        offer(channel, change(0, Status.IDLE));
        offer(channel, change(0, Status.RUNNING));
        assertThat(received).isEmpty();
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();
        assertThat(receivedLines()).containsExactly("s0 IDLE", "s0 RUNNING");
    }

    @Test
    void withinTheBacklog_everyEventIsDeliveredInOrder() {
        ListenerChannel channel = channel(4);
        offer(channel, change(0, Status.IDLE));
        offer(channel, change(1, Status.IDLE));
        offer(channel, change(0, Status.RUNNING));
        offer(channel, change(1, Status.RUNNING));
        executor.runAll();
        assertThat(receivedLines()).containsExactly("s0 IDLE", "s1 IDLE", "s0 RUNNING", "s1 RUNNING");
    }

    @Test
    void pastTheBacklog_onlyTheLatestEventOfEachServiceIsKept_andTheMissedCountIsTold() {
        ListenerChannel channel = channel(2);
        offer(channel, change(0, Status.IDLE));
        offer(channel, change(1, Status.IDLE));
        offer(channel, change(0, Status.RUNNING)); // overflow: from here on, latest per service
        offer(channel, change(1, Status.RUNNING));
        offer(channel, change(0, Status.ERROR));
        assertThat(channel.pending()).isEqualTo(2);
        executor.runAll();
        // s0: IDLE, RUNNING, ERROR -> ERROR (2 missed); s1: IDLE, RUNNING -> RUNNING (1 missed)
        assertThat(receivedLines()).containsExactly("s1 RUNNING missed 3", "s0 ERROR");
        assertThat(received.get(1).snapshot()).isSameAs(snapshot);
    }

    @Test
    void afterCatchingUp_everyEventIsDeliveredAgain() {
        ListenerChannel channel = channel(1);
        offer(channel, change(0, Status.IDLE));
        offer(channel, change(0, Status.RUNNING));
        executor.runAll();
        offer(channel, change(0, Status.STOPPED));
        executor.runAll();
        assertThat(receivedLines()).containsExactly("s0 RUNNING missed 1", "s0 STOPPED");
    }

    @Test
    void close_runsTheCallbackOnceEverythingQueuedWasDelivered_andRefusesLaterEvents() {
        ListenerChannel channel = channel(8);
        List<String> order = new ArrayList<>();
        offer(channel, change(0, Status.STOPPED));
        channel.close(() -> order.add("drained after " + received.size()));
        offer(channel, change(0, Status.IDLE));
        assertThat(order).isEmpty();
        executor.runAll();
        assertThat(order).containsExactly("drained after 1");
        assertThat(receivedLines()).containsExactly("s0 STOPPED");
    }

    @Test
    void close_whenIdle_runsTheCallbackAtOnce() {
        List<String> order = new ArrayList<>();
        channel(8).close(() -> order.add("drained"));
        assertThat(order).containsExactly("drained");
    }

    @Test
    void detach_dropsWhatIsQueued() {
        ListenerChannel channel = channel(8);
        offer(channel, change(0, Status.IDLE));
        channel.detach();
        executor.runAll();
        assertThat(received).isEmpty();
    }

    @Test
    void aThrowingListener_getsTheNextEventsAnyway() {
        List<String> seen = new ArrayList<>();
        ListenerChannel channel = new ListenerChannel(event -> {
            seen.add(Recorder.describe(event));
            throw new IllegalStateException("bug");
        }, executor, 8, new ThreadLocal<>(), this, new EngineLog("test", System.getLogger("supervisor.core")));
        offer(channel, change(0, Status.IDLE));
        offer(channel, change(0, Status.RUNNING));
        executor.runAll();
        assertThat(seen).containsExactly("s0 IDLE", "s0 RUNNING");
    }

    @Test
    void aShutDownExecutor_dropsTheEventWithoutThrowing() {
        executor.shutDown = true;
        ListenerChannel channel = channel(8);
        offer(channel, change(0, Status.IDLE));
        assertThat(received).isEmpty();
    }

    @Test
    void detach_whileADrainIsPending_stillRunsTheCloseCallback_once() {
        ListenerChannel channel = channel(8);
        List<String> order = new ArrayList<>();
        offer(channel, change(0, Status.STOPPED));
        channel.close(() -> order.add("drained"));
        channel.detach();
        assertThat(order).isEmpty();
        executor.runAll();
        assertThat(order).containsExactly("drained");
        assertThat(received).isEmpty();
    }

    @Test
    void servicesComingAndGoingWhileTheListenerIsStuck_collapseIntoOneCurrentEvent() {
        ListenerChannel channel = channel(2);
        for (long id = 0; id < 10; id++) {
            snapshot = Snapshot.EMPTY; // each service is gone by the time the next one comes
            offer(channel, change(id, Status.RUNNING));
        }
        assertThat(channel.pending()).isLessThanOrEqualTo(2 + 1 + 1);
        executor.runAll();
        assertThat(receivedLines()).containsExactly("current 1 missed 9");
        assertThat(received.get(0).snapshot()).isSameAs(snapshot);
    }
}
