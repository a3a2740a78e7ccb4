package supervisor.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import supervisor.api.Config;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;
import supervisor.testing.FakeScheduler;

class ListenerWhiteboardTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final SupervisorEngine engine = SupervisorEngine.create(Config.builder().name("test")
            .scheduler(new FakeScheduler()).build());
    private final RecordingLog log = new RecordingLog();
    private final ListenerWhiteboard listeners = new ListenerWhiteboard("supervisor 'test'", engine, log,
            SupervisorConstants.DEFAULT_TARGET);

    /** Keeps every event. */
    private static final class Recorder implements StatusListener {
        final List<StatusEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStatusChange(StatusEvent event) {
            events.add(event);
        }
    }

    @BeforeEach
    void start() {
        engine.start();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void bind_selected_isCalledWithTheCurrentState() {
        Recorder recorder = new Recorder();

        listeners.bind(new FakeRegistration<StatusListener>(1, recorder));

        await().atMost(PATIENCE).until(() -> !recorder.events.isEmpty());
        assertThat(recorder.events.get(0).kind()).isEqualTo(StatusEvent.Kind.CURRENT);
        assertThat(listeners.refusals()).isEmpty();
    }

    @Test
    void bind_notSelected_refusesWithTheFilterAndTakesNoObject() {
        FakeRegistration<StatusListener> grouped = new FakeRegistration<>(1, new Recorder(), SupervisorConstants.GROUP, "fast");

        listeners.bind(grouped);

        assertThat(grouped.gets()).isZero();
        assertThat(listeners.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.cause()).isEqualTo(Cause.FILTER_MISMATCH);
            assertThat(refusal.type()).isEqualTo(StatusListener.class.getName());
            assertThat(refusal.detail()).isEqualTo("listeners.target (!(supervisor.group=*)) does not select it");
        });
    }

    @Test
    void bind_objectUnavailable_listsIt() {
        listeners.bind(new FakeRegistration<StatusListener>(1, null));

        assertThat(listeners.refusals()).singleElement().extracting(RefusedRegistration::cause).isEqualTo(Cause.UNAVAILABLE);
        assertThat(log.lines()).singleElement().asString().startsWith("WARN supervisor 'test' could not get listener service.id 1");
    }

    @Test
    void unbind_called_isRemovedThenGivenBack() {
        Recorder recorder = new Recorder();
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, recorder);
        listeners.bind(registration);

        listeners.unbind(1);

        assertThat(engine.removeListener(recorder)).isFalse(); // no longer there
        assertThat(registration.inUse()).isZero();
    }

    @Test
    void retarget_deselects_removesAndGivesBack_reselectGetsItAgain() {
        Recorder recorder = new Recorder();
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, recorder);
        listeners.bind(registration);

        listeners.retarget("(supervisor.group=fast)");
        assertThat(registration.inUse()).isZero();
        assertThat(listeners.refusals()).singleElement().extracting(RefusedRegistration::cause)
                .isEqualTo(Cause.FILTER_MISMATCH);

        listeners.retarget(SupervisorConstants.DEFAULT_TARGET);
        assertThat(registration.inUse()).isEqualTo(1);
        assertThat(listeners.refusals()).isEmpty();
    }

    @Test
    void updated_gainsAGroup_isDropped() {
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, new Recorder());
        listeners.bind(registration);

        listeners.updated(registration.set(SupervisorConstants.GROUP, "fast").id());

        assertThat(registration.inUse()).isZero();
    }

    @Test
    void closeThenUngetClosed_givesBackOnlyAfterwards() {
        FakeRegistration<StatusListener> registration = new FakeRegistration<>(1, new Recorder());
        listeners.bind(registration);

        ListenerWhiteboard.Closing closing = listeners.close();
        assertThat(registration.inUse()).isEqualTo(1); // the engine still calls it until it is closed
        engine.close();
        listeners.ungetClosed(closing);

        assertThat(registration.inUse()).isZero();
    }
}
