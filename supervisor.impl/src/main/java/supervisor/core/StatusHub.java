package supervisor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;

/**
 * Owns what listeners and readers see: the snapshot of every service's latest update, and one
 * {@link ListenerChannel} per listener.
 *
 * <p>Concurrency: the two-phase discipline of Guava's {@code ListenerCallQueue}. Under the engine's
 * lock, {@link #publish} and {@link #publishAll} make the new snapshot and <em>enqueue</em> the
 * event on every channel, so every listener sees the changes in one order, the order they were
 * made in. After the lock is released, {@link #dispatch()} <em>kicks</em> the channels, which is
 * where work is handed to the listener executor (or, with a direct executor, the listener runs).
 * The engine calls {@code dispatch} after every critical section that published (see
 * {@link #takeDispatch()}). The snapshot and the channel list are volatile and immutable, so
 * readers take them without a lock; they are written under the engine's lock only.
 *
 * <p>Without a listener nobody needs the snapshot of each moment, so a change only notes its cell
 * (once until the next fold, O(1), no allocation) and marks the snapshot {@link #stale()}; the
 * next {@link #snapshot()}, taken under the engine's lock by a reader or by the first listener,
 * folds the noted cells' latest updates in: at most one O(log n) path per service however many
 * changes it had. With a listener every change makes its snapshot at once, as the event carries it.
 */
final class StatusHub {

    private final String supervisor;
    private final EngineLog log;
    private volatile Snapshot snapshot = Snapshot.EMPTY; // as last folded
    private volatile List<ListenerChannel> channels = List.of();
    private volatile boolean stale; // changes are noted that the snapshot does not show yet
    private boolean undispatched; // guarded by the engine's lock
    private final List<ServiceCell> unfolded = new ArrayList<>(); // guarded by the engine's lock

    StatusHub(String supervisor, EngineLog log) {
        this.supervisor = supervisor;
        this.log = log;
    }

    /** Under the engine's lock: the latest update of every service, every change folded in. */
    Snapshot snapshot() {
        if (stale) {
            fold();
        }
        return snapshot;
    }

    /** Lock-free: the snapshot as last folded; the latest one unless {@link #stale()}. */
    Snapshot folded() {
        return snapshot;
    }

    /** Lock-free: whether changes were made that {@link #folded()} does not show yet. */
    boolean stale() {
        return stale;
    }

    /**
     * Under the engine's lock: a change of {@code cell}, whose latest update is now {@code update}
     * (or which was removed): made visible and queued for every listener, or, with none, only noted.
     */
    void publish(StatusEvent.Kind kind, StatusUpdate update, ServiceCell cell) {
        if (listened()) {
            publish(kind, update);
            return;
        }
        if (kind == StatusEvent.Kind.REMOVED) {
            cell.leftSnapshot = true;
        }
        if (!cell.unfolded) {
            cell.unfolded = true;
            unfolded.add(cell);
        }
        stale = true;
    }

    private void fold() {
        Snapshot next = snapshot;
        for (ServiceCell cell : unfolded) {
            cell.unfolded = false;
            next = cell.leftSnapshot ? next.without(cell.id) : next.with(cell.latest());
        }
        unfolded.clear();
        snapshot = next;
        stale = false;
    }

    /** The channels; lock-free. */
    List<ListenerChannel> channels() {
        return channels;
    }

    /** Under the engine's lock: makes {@code update} visible and queues it for every listener. */
    void publish(StatusEvent.Kind kind, StatusUpdate update) {
        Snapshot now = snapshot();
        Snapshot next = kind == StatusEvent.Kind.REMOVED ? now.without(update.serviceId()) : now.with(update);
        snapshot = next;
        if (listened()) {
            enqueue(new StatusEvent(supervisor, kind, update, next, 0));
        }
    }

    /**
     * Under the engine's lock: makes every update visible at once, then queues one
     * {@link StatusEvent.Kind#CHANGED} event per update, each carrying the snapshot with all of
     * them, so even the first event lists every service.
     */
    void publishAll(List<StatusUpdate> updates) {
        Snapshot next = snapshot().withAll(updates);
        snapshot = next;
        if (!listened()) {
            return;
        }
        for (StatusUpdate update : updates) {
            enqueue(new StatusEvent(supervisor, StatusEvent.Kind.CHANGED, update, next, 0));
        }
    }

    private void enqueue(StatusEvent event) {
        for (ListenerChannel channel : channels) {
            channel.enqueue(event);
        }
        undispatched = true;
    }

    /** Under the engine's lock: whether anyone listens; without a listener no event is made at all. */
    private boolean listened() {
        return !channels.isEmpty();
    }

    /**
     * Under the engine's lock: adds a channel for {@code listener}, unless it has one.
     *
     * @param current whether to queue a {@link StatusEvent.Kind#CURRENT} event first
     * @return false if the listener was there already
     */
    boolean add(StatusListener listener, Executor executor, int backlog, ThreadLocal<Object> marker, Object owner,
            boolean current) {
        for (ListenerChannel channel : channels) {
            if (channel.listener == listener) {
                return false;
            }
        }
        ListenerChannel channel = new ListenerChannel(listener, executor, backlog, marker, owner, log);
        List<ListenerChannel> next = new ArrayList<>(channels);
        next.add(channel);
        channels = List.copyOf(next);
        if (current) {
            channel.enqueue(new StatusEvent(supervisor, StatusEvent.Kind.CURRENT, null, snapshot(), 0));
            undispatched = true;
        }
        return true;
    }

    /** Under the engine's lock: takes the listener's channel out, or returns null; the caller detaches it. */
    ListenerChannel remove(StatusListener listener) {
        ListenerChannel removed = null;
        List<ListenerChannel> next = new ArrayList<>(channels.size());
        for (ListenerChannel channel : channels) {
            if (channel.listener == listener && removed == null) {
                removed = channel;
            } else {
                next.add(channel);
            }
        }
        if (removed != null) {
            channels = List.copyOf(next);
        }
        return removed;
    }

    /** Under the engine's lock: whether something was queued since the last dispatch; clears it. */
    boolean takeDispatch() {
        boolean take = undispatched;
        undispatched = false;
        return take;
    }

    /** Outside the engine's lock: starts delivery on every channel that has events waiting. */
    void dispatch() {
        for (ListenerChannel channel : channels) {
            channel.kick();
        }
    }
}
