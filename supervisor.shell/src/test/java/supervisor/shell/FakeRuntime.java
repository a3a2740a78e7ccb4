package supervisor.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import supervisor.api.Policy;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/** A supervisor that returns a set description and records the manual calls it gets. */
final class FakeRuntime implements SupervisorRuntime {

    volatile SupervisorDescription description;
    final Map<String, List<StatusUpdate>> histories = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();
    volatile boolean stopResult = true;
    volatile boolean startResult = true;
    volatile RuntimeException failure;

    FakeRuntime(SupervisorDescription description) {
        this.description = description;
    }

    @Override
    public String name() {
        return description.name();
    }

    @Override
    public List<StatusUpdate> statuses() {
        return List.of();
    }

    @Override
    public Optional<StatusUpdate> status(String name) {
        return Optional.empty();
    }

    @Override
    public List<StatusUpdate> history(String name) {
        return histories.getOrDefault(name, List.of());
    }

    @Override
    public Policy policy(String name) {
        return Policy.INHERIT;
    }

    @Override
    public boolean stop(String name) {
        call("stop " + name);
        return stopResult;
    }

    @Override
    public boolean start(String name) {
        call("start " + name);
        return startResult;
    }

    @Override
    public void restart(String name) {
        call("restart " + name);
    }

    private void call(String what) {
        if (failure != null) {
            throw failure;
        }
        calls.add(what);
    }

    @Override
    public void addListener(StatusListener listener) {
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        return false;
    }

    @Override
    public SupervisorDescription describe() {
        return description;
    }
}
