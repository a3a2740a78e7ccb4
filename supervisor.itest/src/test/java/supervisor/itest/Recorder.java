package supervisor.itest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/** A status listener that keeps every event it receives, in order. */
public final class Recorder implements StatusListener {

    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onStatusChange(StatusEvent event) {
        events.add(event);
    }

    public List<StatusEvent> events() {
        return List.copyOf(events);
    }

    /** The updates of one service, in order, from the CHANGED events from index {@code from} on. */
    public List<StatusUpdate> changes(String name, int from) {
        List<StatusEvent> all = events();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(event -> event.kind() == StatusEvent.Kind.CHANGED)
                .map(StatusEvent::update)
                .filter(update -> update.serviceName().equals(name))
                .toList();
    }

    /**
     * The restart delays announced by one service's ended runs (nextRestart minus time), from event
     * {@code from} on. Exact: the engine takes both from one instant per run end.
     */
    public List<Duration> restartDelays(String name, int from) {
        return changes(name, from).stream()
                .filter(update -> update.nextRestart() != null && !update.status().isAlive())
                .map(update -> Duration.between(update.time(), update.nextRestart()))
                .toList();
    }

    /** Whether this listener has received {@code update} (listeners hear of a change after the supervisor made it). */
    public boolean hasSeen(StatusUpdate update) {
        return events.stream().anyMatch(event -> event.kind() == StatusEvent.Kind.CHANGED && event.update().equals(update));
    }

    public int size() {
        return events.size();
    }
}
