package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusUpdate;

/** The status hub: events queued under the engine's lock, handed to the executor only at dispatch. */
class StatusHubTest {

    private final List<Runnable> handedOver = new ArrayList<>();
    private final List<StatusEvent> received = new ArrayList<>();
    private final StatusHub hub = new StatusHub("hub", new EngineLog("hub", System.getLogger("supervisor.core")));

    private static StatusUpdate update(long id, Status status) {
        return new StatusUpdate(id, "s" + id, Instant.EPOCH, status, Reason.STARTED, null, 0, null, null);
    }

    private void addListener(boolean current) {
        hub.add(received::add, handedOver::add, 16, new ThreadLocal<>(), this, current);
    }

    private void runHandedOver() {
        List<Runnable> tasks = List.copyOf(handedOver);
        handedOver.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void publish_queuesButHandsNothingToTheExecutor_untilDispatch() {
        addListener(false);
        hub.publish(StatusEvent.Kind.CHANGED, update(0, Status.IDLE));
        assertThat(handedOver).isEmpty();
        assertThat(hub.takeDispatch()).isTrue();
        hub.dispatch();
        assertThat(handedOver).hasSize(1);
        runHandedOver();
        assertThat(received).extracting(e -> e.update().status()).containsExactly(Status.IDLE);
    }

    @Test
    void takeDispatch_afterNothingWasPublished_isFalse() {
        addListener(false);
        assertThat(hub.takeDispatch()).isFalse();
        hub.publish(StatusEvent.Kind.CHANGED, update(0, Status.IDLE));
        hub.takeDispatch();
        assertThat(hub.takeDispatch()).isFalse();
    }

    @Test
    void publishAll_givesEveryEventTheSnapshotOfAllTheUpdates() {
        addListener(false);
        hub.publishAll(List.of(update(0, Status.IDLE), update(1, Status.IDLE), update(2, Status.IDLE)));
        hub.dispatch();
        runHandedOver();
        assertThat(received).hasSize(3).allSatisfy(event -> assertThat(event.snapshot()).hasSize(3));
        assertThat(received).allMatch(event -> event.supervisor().equals("hub"));
    }

    @Test
    void add_whileRunning_queuesTheCurrentStateFirst_andTheSameListenerTwiceIsAddedOnce() {
        hub.publish(StatusEvent.Kind.CHANGED, update(0, Status.RUNNING));
        addListener(true);
        assertThat(hub.add(received::add, handedOver::add, 16, new ThreadLocal<>(), this, true)).isTrue(); // a new lambda: another listener
        hub.dispatch();
        runHandedOver();
        assertThat(received).extracting(StatusEvent::kind).containsExactly(StatusEvent.Kind.CURRENT, StatusEvent.Kind.CURRENT);
    }

    @Test
    void remove_takesTheChannelOut_soLaterEventsAreNotQueuedForIt() {
        addListener(false);
        ListenerChannel channel = hub.remove(received::add);
        assertThat(channel).isNull(); // another lambda instance is another listener
        assertThat(hub.channels()).hasSize(1);
        ListenerChannel only = hub.channels().get(0);
        assertThat(hub.remove(only.listener)).isSameAs(only);
        hub.publish(StatusEvent.Kind.CHANGED, update(0, Status.IDLE));
        hub.dispatch();
        assertThat(handedOver).isEmpty();
    }

    @Test
    void publishRemoved_takesTheServiceOutOfTheSnapshot() {
        hub.publish(StatusEvent.Kind.CHANGED, update(0, Status.STOPPED));
        hub.publish(StatusEvent.Kind.REMOVED, update(0, Status.STOPPED));
        assertThat(hub.snapshot()).isEmpty();
    }
}
