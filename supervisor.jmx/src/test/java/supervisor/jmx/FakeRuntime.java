package supervisor.jmx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import supervisor.api.Policy;
import supervisor.api.ServiceDescription;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorDescription.Settings;
import supervisor.api.SupervisorDescription.State;
import supervisor.api.SupervisorRuntime;
import supervisor.api.ThreadKind;

/**
 * A supervisor that describes what a test sets and records the operations it is asked for; an
 * unknown name fails as the engine's does, naming the services (on two lines, to check they are
 * joined), and an ended supervisor refuses operations.
 */
public final class FakeRuntime implements SupervisorRuntime {

    static final Instant TIME = Instant.parse("2026-12-01T10:00:00Z");
    private static final Settings SETTINGS = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(10), 1024, 10,
            ThreadKind.PLATFORM, Policy.INHERIT);

    private final String name;
    volatile State state = State.RUNNING;
    volatile String escalation;
    volatile List<ServiceDescription> services = List.of();
    /** Each operation asked for, as {@code "stop poller"}. */
    final List<String> operations = new CopyOnWriteArrayList<>();

    public FakeRuntime(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SupervisorDescription describe() {
        return new SupervisorDescription(name, TIME, state, escalation, SETTINGS, services, List.of());
    }

    @Override
    public boolean stop(String service) {
        check("stop", service);
        operations.add("stop " + service);
        return true;
    }

    @Override
    public boolean start(String service) {
        check("start", service);
        operations.add("start " + service);
        return false;
    }

    @Override
    public void restart(String service) {
        check("restart", service);
        operations.add("restart " + service);
    }

    private void check(String what, String service) {
        if (services.stream().noneMatch(s -> s.name().equals(service))) {
            throw new IllegalArgumentException("supervisor '" + name + "' has no service named '" + service
                    + "';\nits services are " + services.stream().map(ServiceDescription::name).toList());
        }
        if (state != State.RUNNING) {
            throw new IllegalStateException("cannot " + what + " service '" + service + "': supervisor '" + name
                    + "' is " + state);
        }
    }

    @Override
    public List<StatusUpdate> statuses() {
        return List.of();
    }

    @Override
    public Optional<StatusUpdate> status(String service) {
        return Optional.empty();
    }

    @Override
    public List<StatusUpdate> history(String service) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Policy policy(String service) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addListener(StatusListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        throw new UnsupportedOperationException();
    }
}
