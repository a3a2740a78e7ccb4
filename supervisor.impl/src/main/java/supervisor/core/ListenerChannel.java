package supervisor.core;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;

/**
 * Delivers events to one listener, in order, one at a time, on a thread of the listener executor,
 * never on the thread that offers them.
 *
 * <p>Backlog: up to {@code backlog} events wait in a queue. Past that the channel coalesces: it
 * keeps only the latest event of each service (in the order of their latest change) and counts the
 * events it dropped; the next event delivered carries that count in {@link StatusEvent#missed()}.
 * Memory is thus bounded by the backlog or the number of services, whichever is larger. Once the
 * listener has caught up, the channel delivers every event again.
 */
final class ListenerChannel {

    private static final System.Logger LOG = System.getLogger("supervisor.core");
    private static final long CURRENT_KEY = Long.MIN_VALUE;

    final StatusListener listener;
    private final Executor executor;
    private final int backlog;
    private final ThreadLocal<Object> marker;
    private final Object owner;

    private final Object lock = new Object(); // guards every field below; never held while calling the listener
    private final ArrayDeque<StatusEvent> queue = new ArrayDeque<>();
    private LinkedHashMap<Long, StatusEvent> coalesced; // non-null while the listener is behind
    private long missed;
    private boolean draining;
    private boolean detached;
    private Runnable onDrained;

    /**
     * @param marker set to {@code owner} on the delivering thread while the listener runs, so the
     *     engine can tell that a call comes from one of its listeners
     */
    ListenerChannel(StatusListener listener, Executor executor, int backlog, ThreadLocal<Object> marker, Object owner) {
        this.listener = listener;
        this.executor = executor;
        this.backlog = backlog;
        this.marker = marker;
        this.owner = owner;
    }

    /** Queues an event; never blocks, never calls the listener. */
    void offer(StatusEvent event) {
        synchronized (lock) {
            if (detached || onDrained != null) {
                return;
            }
            if (coalesced == null && queue.size() < backlog) {
                queue.add(event);
            } else {
                if (coalesced == null) {
                    coalesced = new LinkedHashMap<>();
                    queue.forEach(this::coalesce);
                    queue.clear();
                }
                coalesce(event);
            }
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                draining = false;
            }
            LOG.log(Level.DEBUG, "listener executor is shut down; event not delivered: " + event);
        }
    }

    /** Stops delivering; a call in progress finishes. */
    void detach() {
        Runnable drained;
        synchronized (lock) {
            detached = true;
            queue.clear();
            coalesced = null;
            drained = draining ? null : onDrained;
            onDrained = null;
        }
        if (drained != null) {
            drained.run();
        }
    }

    /** Accepts no more events and runs {@code drained} once every queued event has been delivered. */
    void close(Runnable drained) {
        synchronized (lock) {
            if (draining || hasPending()) {
                onDrained = drained;
                return;
            }
            onDrained = () -> { };
        }
        drained.run();
    }

    /** How many events wait; for diagnostics. */
    int pending() {
        synchronized (lock) {
            return queue.size() + (coalesced == null ? 0 : coalesced.size());
        }
    }

    private boolean hasPending() {
        return !queue.isEmpty() || (coalesced != null && !coalesced.isEmpty());
    }

    private void coalesce(StatusEvent event) {
        long key = event.update() == null ? CURRENT_KEY : event.update().serviceId();
        if (coalesced.remove(key) != null) {
            missed++;
        }
        coalesced.put(key, event);
    }

    private StatusEvent poll() {
        if (detached) {
            return null;
        }
        if (coalesced != null) {
            Iterator<StatusEvent> oldest = coalesced.values().iterator();
            StatusEvent next = oldest.next();
            oldest.remove();
            if (coalesced.isEmpty()) {
                coalesced = null;
            }
            StatusEvent withCount = next.withMissed(missed);
            missed = 0;
            return withCount;
        }
        return queue.poll();
    }

    private void drain() {
        Object previous = marker.get();
        marker.set(owner);
        try {
            while (true) {
                StatusEvent next;
                Runnable drained = null;
                synchronized (lock) {
                    next = poll();
                    if (next == null) {
                        draining = false;
                        if (onDrained != null) {
                            drained = onDrained;
                            onDrained = () -> { };
                        }
                    }
                }
                if (next == null) {
                    if (drained != null) {
                        drained.run();
                    }
                    return;
                }
                deliver(next);
            }
        } finally {
            marker.set(previous);
        }
    }

    private void deliver(StatusEvent event) {
        try {
            listener.onStatusChange(event);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "status listener " + listener + " failed on " + event.kind() + " "
                    + event.update() + "; it keeps receiving events", t);
        }
    }
}
