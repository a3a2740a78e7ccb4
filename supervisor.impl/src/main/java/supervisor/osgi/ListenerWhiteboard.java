package supervisor.osgi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.StatusListener;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * The whiteboard {@link StatusListener}s of one supervisor, in plain Java: it adds to the supervisor
 * the listeners its filter selects, removes those it no longer selects or that go away (waiting for
 * a call in progress, as {@link SupervisorRuntime#removeListener} does), and records why it refused
 * the others. Listener objects are taken only for registrations that match, and given back only
 * once the supervisor calls them no more.
 *
 * <p>Concurrency: every method may come from any thread, also at once. {@link #lock} guards
 * {@link #entries} and {@link #closed}, for bookkeeping and the supervisor's non-blocking
 * {@code addListener} (which only queues the listener's first event: the adapter's engines call
 * listeners on their own threads, never on the caller's); getting and ungetting listener objects and removing a listener (which waits
 * for its call in progress) happen outside it. {@link #filter} is only written under the lock.
 */
final class ListenerWhiteboard {

    private final String owner;
    private volatile SupervisorRuntime supervisor; // written under lock, by reopen only
    private final Log log;
    private volatile String filter;

    private final Object lock = new Object();
    /** Every bound registration, by {@code service.id}. */
    private final Map<Long, Entry> entries = new HashMap<>();
    private boolean closed;

    /** One bound registration, and the object the supervisor calls, if it does. Guarded by {@link #lock}. */
    private static final class Entry {
        final Registration<StatusListener> registration;
        StatusListener calling;
        RefusedRegistration refusal;

        Entry(Registration<StatusListener> registration) {
            this.registration = registration;
        }
    }

    /** A listener taken out of the supervisor's hands, with where to give it back. */
    private record Called(Registration<StatusListener> registration, StatusListener listener) {
    }

    /** The listeners {@link #close()} took; give them back with {@link #ungetClosed} once the supervisor is closed. */
    static final class Closing {
        private final List<Called> called;

        private Closing(List<Called> called) {
            this.called = called;
        }
    }

    /**
     * @param owner how messages name the supervisor, such as {@code supervisor 'fast'}
     * @param filter the LDAP filter selecting listeners, already checked
     */
    ListenerWhiteboard(String owner, SupervisorRuntime supervisor, Log log, String filter) {
        this.owner = owner;
        this.supervisor = supervisor;
        this.log = log;
        this.filter = filter;
    }

    /** A registration came: call it if the filter selects it (after the start, it first gets the current state). */
    void bind(Registration<StatusListener> registration) {
        Entry entry = new Entry(registration);
        boolean selected;
        synchronized (lock) {
            entries.put(registration.id(), entry); // also while closed: a reopen calls it
            selected = registration.matches(filter);
            entry.refusal = selected ? null : mismatch(registration, filter);
            if (closed) {
                return;
            }
        }
        if (selected) {
            call(entry);
        }
    }

    /** A registration is going away: the supervisor calls it no more (waiting for a call in progress), then it goes back. */
    void unbind(long id) {
        Entry entry;
        StatusListener listener = null;
        synchronized (lock) {
            entry = entries.remove(id);
            if (entry != null) {
                listener = entry.calling;
                entry.calling = null;
            }
        }
        if (listener != null) {
            drop(new Called(entry.registration, listener));
        }
    }

    /** A registration's properties changed: it is called, or no more, as the filter now says. */
    void updated(long id) {
        Called dropped = null;
        Entry starting = null;
        synchronized (lock) {
            Entry entry = entries.get(id);
            if (entry == null || closed) {
                return;
            }
            boolean selected = entry.registration.matches(filter);
            if (!selected) {
                entry.refusal = mismatch(entry.registration, filter);
                if (entry.calling != null) {
                    dropped = new Called(entry.registration, entry.calling);
                    entry.calling = null;
                }
            } else if (entry.calling == null) {
                starting = entry;
            }
        }
        if (dropped != null) {
            drop(dropped);
        } else if (starting != null) {
            call(starting);
        }
    }

    /** Applies a new filter: drops the listeners it no longer selects, calls those it newly selects. */
    void retarget(String next) {
        List<Called> dropped = new ArrayList<>();
        List<Entry> calls = new ArrayList<>();
        synchronized (lock) {
            filter = next;
            if (closed) {
                return;
            }
            for (Entry entry : entries.values()) {
                boolean selected = entry.registration.matches(next);
                if (!selected) {
                    entry.refusal = mismatch(entry.registration, next);
                    if (entry.calling != null) {
                        dropped.add(new Called(entry.registration, entry.calling));
                        entry.calling = null;
                    }
                } else if (entry.calling == null) {
                    calls.add(entry);
                }
            }
        }
        dropped.forEach(this::drop);
        calls.forEach(this::call);
    }

    /** Stops taking listeners; returns the ones called, to give back once the supervisor is closed. */
    Closing close() {
        List<Called> called = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Entry entry : entries.values()) {
                if (entry.calling != null) {
                    called.add(new Called(entry.registration, entry.calling));
                    entry.calling = null;
                }
            }
        }
        return new Closing(called);
    }

    /** Gives back the listeners {@link #close()} took: call this after the supervisor is closed (they have had their last events). */
    void ungetClosed(Closing closing) {
        closing.called.forEach(called -> called.registration().unget(called.listener()));
    }

    /**
     * After {@link #close()} and {@link #ungetClosed}: opens this whiteboard again on a new
     * supervisor engine, with {@code nextFilter}; every bound listener the filter selects is called.
     */
    void reopen(SupervisorRuntime next, String nextFilter) {
        List<Entry> calls = new ArrayList<>();
        synchronized (lock) {
            supervisor = next;
            filter = nextFilter;
            closed = false;
            for (Entry entry : entries.values()) {
                boolean selected = entry.registration.matches(nextFilter);
                entry.refusal = selected ? null : mismatch(entry.registration, nextFilter);
                if (selected && entry.calling == null) {
                    calls.add(entry);
                }
            }
        }
        calls.forEach(this::call);
    }

    /** What this whiteboard refuses now, ordered by {@code service.id}: a point-in-time copy. */
    List<RefusedRegistration> refusals() {
        synchronized (lock) {
            return entries.values().stream().filter(entry -> entry.refusal != null).map(entry -> entry.refusal)
                    .sorted(Comparator.comparingLong(RefusedRegistration::serviceId)).toList();
        }
    }

    /** Gets the listener object (not under the lock: it may activate a component) and adds it, unless things changed meanwhile. */
    private void call(Entry entry) {
        Registration<StatusListener> registration = entry.registration;
        StatusListener listener;
        String problem = "the registry has no service object for it (its component may have failed to activate)";
        try {
            listener = registration.get();
        } catch (RuntimeException e) {
            listener = null;
            problem = "getting its service object failed: " + e;
        }
        synchronized (lock) {
            boolean current = !closed && entries.get(registration.id()) == entry && registration.matches(filter);
            if (listener == null) {
                if (current) {
                    entry.refusal = refusal(registration, Cause.UNAVAILABLE, problem);
                }
            } else if (current && entry.calling == null) {
                entry.calling = listener;
                entry.refusal = null;
                supervisor.addListener(listener);
                return;
            }
        }
        if (listener == null) {
            log.warn(owner + " could not get listener service.id " + registration.id() + " ("
                    + registration.describe() + "): " + problem);
        } else {
            registration.unget(listener);
        }
    }

    /** Outside the lock: removes a listener (waiting for a call in progress) and gives it back. */
    private void drop(Called called) {
        supervisor.removeListener(called.listener());
        called.registration().unget(called.listener());
    }

    private static RefusedRegistration mismatch(Registration<StatusListener> registration, String filter) {
        return refusal(registration, Cause.FILTER_MISMATCH, SupervisorConstants.LISTENERS_TARGET + " " + filter
                + " does not select it");
    }

    private static RefusedRegistration refusal(Registration<StatusListener> registration, Cause cause, String detail) {
        return new RefusedRegistration(registration.id(), StatusListener.class.getName(), registration.name(),
                registration.bundle(), cause, detail);
    }
}
