package supervisor.eventadmin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorRuntime;

/**
 * Listens to any number of supervisors and hands each status change ({@link StatusEvent.Kind#CHANGED})
 * to a sink as a topic and its properties ({@link EventProperties}). Plain Java: the OSGi component
 * gives it {@code EventAdmin.postEvent} as the sink.
 *
 * <p>Not posted: {@link StatusEvent.Kind#CURRENT} (a snapshot, not a change: sent to every new
 * listener, so it would repeat every status each time this bundle or EventAdmin restarts),
 * {@link StatusEvent.Kind#REVISED} (a called-off restart: the status did not change) and
 * {@link StatusEvent.Kind#REMOVED} (a service left supervision: not a status either).
 *
 * <p>Concurrency: {@link #lock} guards {@link #listeners} and {@link #closed}. The supervisors are
 * called ({@code addListener}, {@code removeListener}, which may block) only outside the lock;
 * {@link #add} checks after adding its listener that it is still wanted, so a removal or close that
 * overtook it never leaves a listener behind. The sink is called on the supervisors' listener
 * threads; what it throws is logged and contained.
 */
final class StatusPoster implements AutoCloseable {

    private static final Logger LOG = System.getLogger(StatusPoster.class.getName());

    private final BiConsumer<String, Map<String, Object>> sink;
    private final Object lock = new Object();
    /** The listener added to each supervisor, by identity; guarded by {@link #lock}. */
    private final Map<SupervisorRuntime, Poster> listeners = new IdentityHashMap<>();
    /** Whether {@link #close()} was called; guarded by {@link #lock}. */
    private boolean closed;

    StatusPoster(BiConsumer<String, Map<String, Object>> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Starts posting the status changes of a supervisor; nothing if it is already there or this is closed. */
    void add(SupervisorRuntime supervisor) {
        Poster poster = new Poster();
        synchronized (lock) {
            if (closed || listeners.putIfAbsent(supervisor, poster) != null) {
                return;
            }
        }
        try {
            supervisor.addListener(poster);
        } catch (RuntimeException e) {
            synchronized (lock) {
                listeners.remove(supervisor, poster);
            }
            LOG.log(Level.WARNING, "supervisor.eventadmin: supervisor '" + supervisor.name()
                    + "' refused a listener, its status changes are not posted: " + e);
            return;
        }
        boolean wanted;
        synchronized (lock) {
            wanted = listeners.get(supervisor) == poster;
        }
        if (!wanted) {
            removeQuietly(supervisor, poster);
        }
    }

    /** Stops posting the status changes of a supervisor (waiting, bounded, for a call in progress). */
    void remove(SupervisorRuntime supervisor) {
        Poster poster;
        synchronized (lock) {
            poster = listeners.remove(supervisor);
        }
        if (poster != null) {
            removeQuietly(supervisor, poster);
        }
    }

    /** How many supervisors this posts for. */
    int size() {
        synchronized (lock) {
            return listeners.size();
        }
    }

    /** Stops posting for every supervisor; adds after this do nothing. */
    @Override
    public void close() {
        List<Map.Entry<SupervisorRuntime, Poster>> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(listeners.entrySet());
            listeners.clear();
        }
        for (Map.Entry<SupervisorRuntime, Poster> entry : all) {
            removeQuietly(entry.getKey(), entry.getValue());
        }
    }

    /** Silences the poster and removes it; a supervisor that throws (it is going away) is logged. */
    private static void removeQuietly(SupervisorRuntime supervisor, Poster poster) {
        poster.active = false;
        try {
            supervisor.removeListener(poster);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "supervisor.eventadmin: could not remove the listener of supervisor '"
                    + supervisor.name() + "': " + e);
        }
    }

    /** The listener on one supervisor. */
    private final class Poster implements StatusListener {

        /** False once removed: a straggling call posts nothing. */
        volatile boolean active = true;

        @Override
        public void onStatusChange(StatusEvent event) {
            if (!active || event.kind() != StatusEvent.Kind.CHANGED) {
                return;
            }
            try {
                sink.accept(EventProperties.topic(event.update()), EventProperties.of(event.supervisor(), event.update()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "supervisor.eventadmin: could not post the status change of service '"
                        + event.update().serviceName() + "' of supervisor '" + event.supervisor() + "': " + e);
            }
        }
    }
}
