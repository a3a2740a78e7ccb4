package supervisor.core;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/**
 * A listener that records every event, and the thread each came on. Tests read the events in
 * order, either all of them ({@link #next()}) or one service's ({@link #next(String, int)},
 * {@link #awaitStatus}), each read waiting up to ten seconds.
 */
final class Recorder implements StatusListener {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<StatusEvent> history = new ArrayList<>(); // guarded by itself, as are the cursors
    private final Map<String, Integer> serviceCursor = new HashMap<>(); // next index to read per service
    private int cursor; // next index to read of all events
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStatusChange(StatusEvent event) {
        threads.add(Thread.currentThread().getName());
        synchronized (history) {
            history.add(event);
            history.notifyAll();
        }
    }

    /** The next event of all. */
    StatusEvent next() {
        synchronized (history) {
            int index = await(cursor, event -> true, "any event");
            cursor = index + 1;
            if (index >= 0 && history.get(index).update() != null) {
                serviceCursor.merge(history.get(index).update().serviceName(), index + 1, Math::max);
            }
            return history.get(index);
        }
    }

    /** The next {@code count} events of all, as "name STATUS" (see {@link #describe}). */
    List<String> next(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(describe(next()));
        }
        return lines;
    }

    /** The next {@code count} events of one service, as "name STATUS" or "name removed". */
    List<String> next(String name, int count) {
        List<String> lines = new ArrayList<>();
        synchronized (history) {
            for (int i = 0; i < count; i++) {
                int index = await(serviceCursor.getOrDefault(name, 0), event -> of(event, name), "an event of " + name);
                serviceCursor.put(name, index + 1);
                lines.add(describe(history.get(index)));
            }
        }
        return lines;
    }

    /** Waits for the next {@link StatusEvent.Kind#REVISED} event of {@code name}, and returns its update. */
    StatusUpdate awaitRevision(String name) {
        synchronized (history) {
            int index = await(serviceCursor.getOrDefault(name, 0),
                    event -> of(event, name) && event.kind() == StatusEvent.Kind.REVISED, name + " revised");
            serviceCursor.put(name, index + 1);
            return history.get(index).update();
        }
    }

    /** Waits for the next event in which {@code name} reaches {@code status}, and returns that update. */
    StatusUpdate awaitStatus(String name, Status status) {
        synchronized (history) {
            int index = await(serviceCursor.getOrDefault(name, 0),
                    event -> of(event, name) && event.kind() == StatusEvent.Kind.CHANGED && event.update().status() == status,
                    name + " " + status);
            serviceCursor.put(name, index + 1);
            return history.get(index).update();
        }
    }

    /** Every event received so far, in order. */
    List<StatusEvent> all() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Whether every event received was read by {@link #next()}. */
    boolean isEmpty() {
        synchronized (history) {
            return cursor == history.size();
        }
    }

    static String describe(StatusEvent event) {
        return switch (event.kind()) {
            case CURRENT -> "current " + event.snapshot().size();
            case REMOVED -> event.update().serviceName() + " removed";
            case CHANGED -> event.update().serviceName() + " " + event.update().status();
            case REVISED -> event.update().serviceName() + " revised " + event.update().status();
        };
    }

    private static boolean of(StatusEvent event, String name) {
        return event.update() != null && event.update().serviceName().equals(name);
    }

    /** Under the history lock: the index of the first event from {@code from} on that matches. */
    private int await(int from, Predicate<StatusEvent> wanted, String what) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        int index = from;
        while (true) {
            for (; index < history.size(); index++) {
                if (wanted.test(history.get(index))) {
                    return index;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no " + what + " within 10 s; events so far: "
                        + history.stream().map(Recorder::describe).toList());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(history, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
