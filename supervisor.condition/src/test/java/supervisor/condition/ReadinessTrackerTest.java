package supervisor.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorDescription.State;
import supervisor.api.SupervisorRuntime;
import supervisor.api.ThreadKind;

class ReadinessTrackerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** The registered condition ids, and every register/unregister in order. */
    private final TreeSet<String> conditions = new TreeSet<>();
    private final List<String> log = new ArrayList<>();
    private final ReadinessTracker tracker = new ReadinessTracker(Runnable::run, (id, supervisor) -> {
        conditions.add(id);
        log.add("+" + id);
        return () -> {
            conditions.remove(id);
            log.add("-" + id);
        };
    });

    /** A supervisor whose description the test sets. */
    static final class Described implements SupervisorRuntime {
        volatile SupervisorDescription description;

        Described(String name, State state, ServiceDescription... services) {
            set(name, state, services);
        }

        void set(String name, State state, ServiceDescription... services) {
            description = new SupervisorDescription(name, NOW, state, null, new SupervisorDescription.Settings(
                    Duration.ofSeconds(1), Duration.ofSeconds(5), 10, 10, ThreadKind.PLATFORM, Policy.INHERIT),
                    List.of(services), List.of());
        }

        @Override public String name() { return description.name(); }
        @Override public List<StatusUpdate> statuses() { return List.of(); }
        @Override public Optional<StatusUpdate> status(String n) { return Optional.empty(); }
        @Override public List<StatusUpdate> history(String n) { return List.of(); }
        @Override public Policy policy(String n) { return Policy.INHERIT; }
        @Override public boolean stop(String n) { return true; }
        @Override public boolean start(String n) { return true; }
        @Override public void restart(String n) { }
        @Override public void addListener(StatusListener l) { }
        @Override public boolean removeListener(StatusListener l) { return true; }
        @Override public SupervisorDescription describe() { return description; }
    }

    private static ServiceDescription service(Status status) {
        return new ServiceDescription(1, "ping", status, Reason.STARTED, NOW, 0, null, null, false, Policy.INHERIT);
    }

    private static StatusEvent event(Status status, Reason reason) {
        StatusUpdate update = new StatusUpdate(1, "ping", NOW, status, reason,
                status.isFailure() ? new IllegalStateException("x") : null, 0, null, null);
        return new StatusEvent("default", StatusEvent.Kind.CHANGED, update, List.of(update), 0);
    }

    @Test
    void add_runningSupervisorWithoutServices_registersBothConditions() {
        tracker.add(1, "default", new Described("default", State.RUNNING));

        assertThat(conditions).containsExactly("supervisor.ready", "supervisor.ready.default");
    }

    @Test
    void add_serviceNotRunYet_registersNothing() {
        tracker.add(1, "default", new Described("default", State.RUNNING, service(Status.IDLE)));

        assertThat(conditions).isEmpty();
    }

    @Test
    void event_serviceRestartsAfterItRan_keepsTheCondition() {
        Described runtime = new Described("default", State.RUNNING, service(Status.RUNNING));
        StatusListener listener = tracker.add(1, "default", runtime);
        listener.onStatusChange(event(Status.RUNNING, Reason.STARTED));

        runtime.set("default", State.RUNNING, service(Status.ERROR));
        listener.onStatusChange(event(Status.ERROR, Reason.FAILED));

        assertThat(conditions).containsExactly("supervisor.ready", "supervisor.ready.default");
        assertThat(log).containsExactly("+supervisor.ready.default", "+supervisor.ready");
    }

    @Test
    void event_serviceGivesUp_withdrawsBothConditions() {
        Described runtime = new Described("default", State.RUNNING, service(Status.RUNNING));
        StatusListener listener = tracker.add(1, "default", runtime);

        runtime.set("default", State.RUNNING, service(Status.GAVE_UP));
        listener.onStatusChange(event(Status.GAVE_UP, Reason.GAVE_UP));

        assertThat(conditions).isEmpty();
    }

    @Test
    void event_supervisorEnded_withdrawsAndNeedsANewRunToComeBack() {
        Described runtime = new Described("default", State.RUNNING, service(Status.RUNNING));
        StatusListener listener = tracker.add(1, "default", runtime);
        runtime.set("default", State.ENDED, service(Status.STOPPED));
        listener.onStatusChange(event(Status.STOPPED, Reason.SHUTTING_DOWN));

        runtime.set("default", State.RUNNING, service(Status.IDLE));
        listener.onStatusChange(event(Status.IDLE, Reason.STARTED));

        assertThat(conditions).isEmpty();
    }

    @Test
    void add_secondSupervisorNotReady_withdrawsTheOverallCondition() {
        tracker.add(1, "default", new Described("default", State.RUNNING));
        tracker.add(2, "fast", new Described("fast", State.RUNNING, service(Status.IDLE)));

        assertThat(conditions).containsExactly("supervisor.ready.default");
    }

    @Test
    void remove_lastSupervisor_withdrawsEverything() {
        tracker.add(1, "default", new Described("default", State.RUNNING));

        tracker.remove(1);

        assertThat(conditions).isEmpty();
    }

    @Test
    void event_afterRemoval_isIgnored() {
        Described runtime = new Described("default", State.RUNNING);
        StatusListener listener = tracker.add(1, "default", runtime);
        tracker.remove(1);

        listener.onStatusChange(event(Status.RUNNING, Reason.STARTED));

        assertThat(conditions).isEmpty();
    }

    @Test
    void refresh_supervisorStartedAgainWithoutEvents_registersItsCondition() {
        Described runtime = new Described("esc", State.ENDED);
        tracker.add(1, "esc", runtime);
        runtime.set("esc", State.RUNNING);

        tracker.refresh(1);

        assertThat(conditions).containsExactly("supervisor.ready", "supervisor.ready.esc");
    }
}
