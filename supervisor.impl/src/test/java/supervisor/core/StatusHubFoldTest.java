package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusUpdate;
import supervisor.testing.FakeScheduler;

/** Without a listener a change is only noted, and folded into the snapshot when someone reads it. */
class StatusHubFoldTest {

    private final StatusHub hub = new StatusHub("hub", new EngineLog("hub", System.getLogger("supervisor.core")));
    private final List<Runnable> handedOver = new ArrayList<>();
    private final List<StatusEvent> received = new ArrayList<>();

    private static ServiceCell cell(long id) {
        return new ServiceCell(id, "s" + id, c -> { }, supervisor.api.Policy.INHERIT);
    }

    /** What the engine does: record the update on its cell, then publish it. */
    private void change(ServiceCell cell, Status status) {
        StatusUpdate update = new StatusUpdate(cell.id, cell.name, Instant.EPOCH, status, Reason.STARTED, null, 0, null, null);
        cell.record(update, 10);
        hub.publish(StatusEvent.Kind.CHANGED, update, cell);
    }

    private static List<String> describe(List<StatusUpdate> snapshot) {
        return snapshot.stream().map(u -> u.serviceName() + " " + u.status()).toList();
    }

    @Test
    void withoutAListener_aChangeIsNotedNotFolded_untilTheSnapshotIsTaken() {
        ServiceCell a = cell(0);
        ServiceCell b = cell(1);
        change(a, Status.IDLE);
        change(b, Status.IDLE);
        change(a, Status.RUNNING);
        change(a, Status.ERROR);

        assertThat(hub.stale()).isTrue();
        assertThat(hub.folded()).isEmpty();
        assertThat(hub.takeDispatch()).isFalse(); // nothing to hand to anyone

        assertThat(describe(hub.snapshot())).containsExactly("s0 ERROR", "s1 IDLE");
        assertThat(hub.stale()).isFalse();
        assertThat(hub.folded()).isSameAs(hub.snapshot());
    }

    @Test
    void withoutAListener_aRemovedServiceLeavesTheSnapshotAtTheFold() {
        ServiceCell a = cell(0);
        ServiceCell b = cell(1);
        change(a, Status.IDLE);
        change(b, Status.IDLE);
        assertThat(hub.snapshot()).hasSize(2);

        change(a, Status.STOPPED);
        hub.publish(StatusEvent.Kind.REMOVED, a.latest(), a);

        assertThat(describe(hub.snapshot())).containsExactly("s1 IDLE");
    }

    @Test
    void theFirstListener_getsEveryChangeSoFarInItsCurrentEvent_andEveryLaterChangeAtOnce() {
        ServiceCell a = cell(0);
        change(a, Status.IDLE);
        change(a, Status.RUNNING);

        hub.add(received::add, handedOver::add, 16, new ThreadLocal<>(), this, true);
        change(a, Status.ERROR);
        assertThat(hub.stale()).isFalse();
        hub.dispatch();
        handedOver.forEach(Runnable::run);

        assertThat(received).extracting(StatusEvent::kind).containsExactly(StatusEvent.Kind.CURRENT, StatusEvent.Kind.CHANGED);
        assertThat(describe(received.get(0).snapshot())).containsExactly("s0 RUNNING");
        assertThat(describe(received.get(1).snapshot())).containsExactly("s0 ERROR");
    }

    @Test
    void aSupervisorWithoutListeners_showsEveryChangeInStatusesAndStatus() throws Exception {
        FakeScheduler clock = new FakeScheduler();
        SupervisorEngine supervisor = SupervisorEngine.create(Config.builder()
                .scheduler(clock)
                .restartInterval(Duration.ofSeconds(1))
                .service("failing", c -> {
                    throw new Exception("x");
                })
                .service("blocked", c -> c.awaitCancellation())
                .build());
        try {
            supervisor.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    supervisor.status("failing").map(StatusUpdate::status).orElse(null) == Status.ERROR
                            && supervisor.status("blocked").map(StatusUpdate::status).orElse(null) == Status.RUNNING);
            assertThat(describe(supervisor.statuses())).containsExactly("failing ERROR", "blocked RUNNING");
            assertThat(supervisor.status("failing").orElseThrow().nextRestart()).isEqualTo(clock.now().plusSeconds(1));

            supervisor.remove("failing");

            assertThat(supervisor.status("failing")).isEmpty();
            assertThat(describe(supervisor.statuses())).containsExactly("blocked RUNNING");
        } finally {
            supervisor.close();
        }
    }
}
