package supervisor.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;

/**
 * Delivers events to one listener, in order, one at a time, on the listener executor. Events are
 * queued by {@link #enqueue} under the engine's lock and delivered after it is released, when
 * {@link #kick} hands a drain task to the executor.
 *
 * <p>Backlog: up to {@code backlog} events wait in a queue. Past that the channel coalesces: it
 * keeps only the latest event of each service (in the order of their latest change) and counts the
 * events it dropped; the next event delivered carries that count in {@link StatusEvent#missed()}.
 * Should the services it keeps events for outnumber the backlog plus the services alive (services
 * come and go while the listener is stuck), it keeps one {@link StatusEvent.Kind#CURRENT} event
 * with the latest snapshot instead. Memory is thus bounded by the backlog plus the number of
 * services. Once the listener has caught up, the channel delivers every event again.
 */
final class ListenerChannel {

    private static final long CURRENT_KEY = Long.MIN_VALUE;

    final StatusListener listener;
    private final Executor executor;
    private final int backlog;
    private final ThreadLocal<Object> marker;
    private final Object owner;
    private final EngineLog log;

    private final Object lock = new Object(); // guards every field below; never held while calling the listener
    private final ArrayDeque<StatusEvent> queue = new ArrayDeque<>();
    private LinkedHashMap<Long, StatusEvent> coalesced; // non-null while the listener is behind
    private long missed;
    private boolean draining; // a drain task is scheduled or running
    private Thread drainer; // the thread running the drain task, or null
    private boolean detached;
    private boolean closed;
    private Runnable onDrained; // run once, when closed or detached and no longer draining

    /**
     * @param marker set to {@code owner} on the delivering thread while the listener runs, so the
     *     engine can tell that a call comes from one of its listeners
     */
    ListenerChannel(StatusListener listener, Executor executor, int backlog, ThreadLocal<Object> marker, Object owner,
            EngineLog log) {
        this.listener = listener;
        this.log = log;
        this.executor = executor;
        this.backlog = backlog;
        this.marker = marker;
        this.owner = owner;
    }

    /**
     * Queues an event; never blocks, never calls the listener, never hands work to another thread:
     * the engine calls this under its lock, so the order of the queue is the order of the changes.
     * {@link #kick()} then starts the delivery, after the engine's lock is released.
     */
    void enqueue(StatusEvent event) {
        synchronized (lock) {
            if (detached || closed) {
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
                if (coalesced.size() > backlog + event.snapshot().size()) {
                    missed += coalesced.size() - 1; // one CURRENT event stands for them all
                    coalesced.clear();
                    coalesced.put(CURRENT_KEY, new StatusEvent(event.supervisor(), StatusEvent.Kind.CURRENT, null,
                            event.snapshot(), 0));
                }
            }
        }
    }

    /**
     * Starts delivering what is queued, unless a delivery is already scheduled or running (it will
     * take the new events too). Called outside the engine's lock: it may hand work to the executor,
     * and a direct executor runs the listener right here.
     */
    void kick() {
        synchronized (lock) {
            if (draining || detached || !hasPending()) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            Runnable drained;
            int dropped;
            synchronized (lock) {
                draining = false;
                dropped = queue.size() + (coalesced == null ? 0 : coalesced.size());
                queue.clear();
                coalesced = null;
                drained = takeDrainedCallbackIfIdle();
                lock.notifyAll();
            }
            log.log(e instanceof RejectedExecutionException ? Level.DEBUG : Level.ERROR, "the listener executor did not take the delivery to " + nameOf(listener) + "; " + dropped
                    + " event(s) not delivered", e);
            if (drained != null) {
                drained.run();
            }
        }
    }

    /** Stops delivering; a call in progress finishes. A pending {@link #close} callback still runs. */
    void detach() {
        Runnable drained;
        synchronized (lock) {
            detached = true;
            queue.clear();
            coalesced = null;
            drained = takeDrainedCallbackIfIdle();
        }
        if (drained != null) {
            drained.run();
        }
    }

    /**
     * Waits until no call of the listener is in progress, at most {@code timeout}; returns at once
     * when called from the listener's own call.
     *
     * @return whether the listener is idle
     */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            synchronized (lock) {
                while (draining && drainer != Thread.currentThread()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts no more events and runs {@code drained} once every queued event has been delivered. */
    void close(Runnable drained) {
        Runnable now;
        synchronized (lock) {
            closed = true;
            onDrained = drained;
            now = takeDrainedCallbackIfIdle();
        }
        if (now != null) {
            now.run();
        }
    }

    /**
     * The listener as its {@code toString()} has it or, should that throw, its class and identity:
     * naming a listener in the log must never fail, or its failure would stop its deliveries.
     */
    static String nameOf(StatusListener listener) {
        try {
            return String.valueOf(listener);
        } catch (Throwable t) {
            return listener.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(listener))
                    + " (its toString() threw " + t.getClass().getName() + ")";
        }
    }

    /** How many events wait; for diagnostics. */
    int pending() {
        synchronized (lock) {
            return queue.size() + (coalesced == null ? 0 : coalesced.size());
        }
    }

    /** Under lock: the close callback, taken, if nothing is left to deliver and no drain runs. */
    private Runnable takeDrainedCallbackIfIdle() {
        if (draining || (!detached && hasPending())) {
            return null;
        }
        Runnable drained = onDrained;
        onDrained = null;
        return drained;
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
        synchronized (lock) {
            drainer = Thread.currentThread();
        }
        try {
            while (true) {
                StatusEvent next;
                Runnable drained = null;
                synchronized (lock) {
                    next = poll();
                    if (next == null) {
                        draining = false;
                        drainer = null;
                        drained = takeDrainedCallbackIfIdle();
                        lock.notifyAll();
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
            log.log(Level.WARNING, "status listener " + nameOf(listener) + " failed on " + event.kind() + " "
                    + event.update() + "; it keeps receiving events", t);
        }
    }
}
