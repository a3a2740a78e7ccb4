package supervisor.eventadmin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import supervisor.api.Policy;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/** A supervisor that only keeps its listeners and sends them what a test gives it. */
class FakeRuntime implements SupervisorRuntime {

    private final String name;
    final List<StatusListener> listeners = new CopyOnWriteArrayList<>();

    FakeRuntime(String name) {
        this.name = name;
    }

    /** Calls every listener with the event, on the caller's thread. */
    void send(StatusEvent event) {
        for (StatusListener listener : listeners) {
            listener.onStatusChange(event);
        }
    }

    @Override
    public String name() {
        return name;
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
    public boolean stop(String service) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean start(String service) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restart(String service) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addListener(StatusListener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public SupervisorDescription describe() {
        throw new UnsupportedOperationException();
    }
}
