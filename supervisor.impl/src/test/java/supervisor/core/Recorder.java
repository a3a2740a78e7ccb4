package supervisor.core;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/** A listener that records every event, and the thread each came on, for tests to take in order. */
final class Recorder implements StatusListener {

    private final BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStatusChange(StatusEvent event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    /** The next event, waiting up to ten seconds for it. */
    StatusEvent next() {
        try {
            StatusEvent event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                fail("no status event within 10 s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code count} events as "name STATUS" (REMOVED events as "name removed"). */
    List<String> next(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(describe(next()));
        }
        return lines;
    }

    /** Skips events until {@code name} reaches {@code status}, and returns that update. */
    StatusUpdate awaitStatus(String name, Status status) {
        while (true) {
            StatusEvent event = next();
            if (event.kind() == StatusEvent.Kind.CHANGED && event.update().serviceName().equals(name)
                    && event.update().status() == status) {
                return event.update();
            }
        }
    }

    /** Whether no event is waiting now. */
    boolean isEmpty() {
        return events.isEmpty();
    }

    static String describe(StatusEvent event) {
        return switch (event.kind()) {
            case CURRENT -> "current " + event.snapshot().size();
            case REMOVED -> event.update().serviceName() + " removed";
            case CHANGED -> event.update().serviceName() + " " + event.update().status();
        };
    }
}
