package supervisor.eventadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusEvent.Kind;
import supervisor.api.StatusUpdate;

class StatusPosterTest {

    private static final Instant TIME = Instant.parse("2026-12-01T10:00:00Z");
    private static final StatusUpdate RUNNING =
            new StatusUpdate(1, "poller", TIME, Status.RUNNING, Reason.STARTED, null, 0, null, null);

    /** One posted event. */
    record Posted(String topic, Map<String, Object> properties) {
    }

    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private final StatusPoster poster = new StatusPoster((topic, properties) -> posted.add(new Posted(topic, properties)));
    private final FakeRuntime supervisor = new FakeRuntime("default");

    private static StatusEvent event(String supervisor, Kind kind, StatusUpdate update) {
        return new StatusEvent(supervisor, kind, update, update == null ? List.of() : List.of(update), 0);
    }

    @Test
    void add_changedEvent_postsItOnItsStatusTopicWithTheEventsSupervisorName() {
        poster.add(supervisor);

        supervisor.send(event("default", Kind.CHANGED, RUNNING));

        assertThat(posted).containsExactly(new Posted("supervisor/status/RUNNING", EventProperties.of("default", RUNNING)));
    }

    @Test
    void add_currentRevisedAndRemovedEvents_postsNothing() {
        poster.add(supervisor);

        supervisor.send(event("default", Kind.CURRENT, null));
        supervisor.send(event("default", Kind.REVISED, RUNNING));
        supervisor.send(event("default", Kind.REMOVED, RUNNING));

        assertThat(posted).isEmpty();
    }

    @Test
    void add_sameSupervisorTwice_addsOneListener() {
        poster.add(supervisor);
        poster.add(supervisor);

        assertThat(supervisor.listeners).hasSize(1);
    }

    @Test
    void remove_addedSupervisor_removesItsListener() {
        poster.add(supervisor);

        poster.remove(supervisor);

        assertThat(supervisor.listeners).isEmpty();
        assertThat(poster.size()).isZero();
    }

    @Test
    void remove_listenerStillCalledAfterwards_postsNothing() {
        poster.add(supervisor);
        var listener = supervisor.listeners.get(0);
        poster.remove(supervisor);

        listener.onStatusChange(event("default", Kind.CHANGED, RUNNING));

        assertThat(posted).isEmpty();
    }

    @Test
    void close_twoSupervisors_removesBothListeners() {
        FakeRuntime other = new FakeRuntime("fast");
        poster.add(supervisor);
        poster.add(other);

        poster.close();

        assertThat(supervisor.listeners).isEmpty();
        assertThat(other.listeners).isEmpty();
    }

    @Test
    void add_afterClose_addsNoListener() {
        poster.close();

        poster.add(supervisor);

        assertThat(supervisor.listeners).isEmpty();
    }

    @Test
    void add_removedWhileAddingItsListener_leavesNoListener() {
        FakeRuntime racing = new FakeRuntime("racing") {
            @Override
            public void addListener(supervisor.api.StatusListener listener) {
                super.addListener(listener);
                poster.remove(this); // a removal that overtakes the add
            }
        };

        poster.add(racing);

        assertThat(racing.listeners).isEmpty();
        assertThat(poster.size()).isZero();
    }

    @Test
    void onStatusChange_sinkThrows_isContainedAndLaterEventsArePosted() {
        List<String> topics = new CopyOnWriteArrayList<>();
        StatusPoster failingOnce = new StatusPoster((topic, properties) -> {
            topics.add(topic);
            if (topics.size() == 1) {
                throw new IllegalStateException("EventAdmin went away");
            }
        });
        failingOnce.add(supervisor);

        supervisor.send(event("default", Kind.CHANGED, RUNNING));
        supervisor.send(event("default", Kind.CHANGED, RUNNING));

        assertThat(topics).containsExactly("supervisor/status/RUNNING", "supervisor/status/RUNNING");
    }

    @Test
    void add_supervisorRefusesTheListener_isContainedAndNotKept() {
        FakeRuntime ended = new FakeRuntime("ended") {
            @Override
            public void addListener(supervisor.api.StatusListener listener) {
                throw new IllegalStateException("supervisor 'ended' has ended");
            }
        };

        poster.add(ended);

        assertThat(poster.size()).isZero();
    }

    @Test
    void remove_supervisorThrowsOnRemoval_isContainedAndForgotten() {
        FakeRuntime going = new FakeRuntime("going") {
            @Override
            public boolean removeListener(supervisor.api.StatusListener listener) {
                throw new IllegalStateException("supervisor 'going' is closed");
            }
        };
        poster.add(going);

        poster.remove(going);

        assertThat(poster.size()).isZero();
    }
}
