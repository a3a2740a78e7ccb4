package supervisor.osgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * {@link #entries} (and every {@link Entry}'s fields), {@link #closed} and the writes of
 * {@link #supervisor} and {@link #filter}; under it only this bookkeeping happens. No supervisor
 * call happens under it: adding a listener hands its first event to the listener executor, and
 * removing one waits for its call in progress. Nor does getting and ungetting listener objects
 * (which may activate or deactivate a component) or logging.
 *
 * <p>So adding a listener is two steps: under the lock the entry takes the listener as
 * {@link Entry#calling} (a {@link Called} that keeps the supervisor it goes to); outside it the
 * supervisor's {@code addListener} is called, and its return completes {@link Called#added}. A path
 * that drops the listener meanwhile (unbind, updated, retarget, close) takes the {@code Called} under
 * the lock as it takes one already added, and waits for {@code added} before it removes the listener
 * and gives it back, so a removal never comes before the add it undoes. A registration's listener is
 * added again only once its previous removal is over ({@link Called#removed}): the registry may hand
 * out the same object again, and a late removal would take the new add away.
 */
final class ListenerWhiteboard {

    private final String owner;
    private volatile SupervisorRuntime supervisor; // written under lock, by reopen only; a Called keeps the one it went to
    private final Log log;
    private volatile String filter;

    private final Object lock = new Object();
    /** Every bound registration, by {@code service.id}. */
    private final Map<Long, Entry> entries = new HashMap<>();
    private boolean closed;

    /** One bound registration, and the object the supervisor calls, if it does. Guarded by {@link #lock}. */
    private static final class Entry {
        final Registration<StatusListener> registration;
        /** The listener added (or being added) to the supervisor, or null. */
        Called calling;
        /** The last listener taken from {@link #calling}, whose removal a new add waits for; or null. */
        Called dropped;
        RefusedRegistration refusal;

        Entry(Registration<StatusListener> registration) {
            this.registration = registration;
        }
    }

    /**
     * A listener added, or being added, to {@code supervisor}: {@code added} completes when the
     * supervisor's {@code addListener} returned; {@code removed} when it was removed again (or, after
     * a close, given back).
     */
    private record Called(Registration<StatusListener> registration, StatusListener listener,
            SupervisorRuntime supervisor, CompletableFuture<Void> added, CompletableFuture<Void> removed) {
    }

    /** How long a removal waits for the add it undoes, and a new add for the removal before it. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
        Called dropped = null;
        synchronized (lock) {
            Entry entry = entries.remove(id);
            if (entry != null) {
                dropped = take(entry);
            }
        }
        if (dropped != null) {
            drop(dropped);
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
                dropped = take(entry);
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
                    Called taken = take(entry);
                    if (taken != null) {
                        dropped.add(taken);
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
                Called taken = take(entry);
                if (taken != null) {
                    called.add(taken);
                }
            }
        }
        return new Closing(called);
    }

    /**
     * Gives back the listeners {@link #close()} took: call this after the supervisor is closed (they
     * have had their last events). One whose add had not returned yet goes back once it has.
     */
    void ungetClosed(Closing closing) {
        for (Called called : closing.called) {
            if (!called.added().isDone()) {
                Waits.await(called.added(), PATIENCE);
            }
            if (called.added().isDone()) {
                giveBack(called);
            } else {
                called.added().whenComplete((ignored, e) -> giveBack(called));
            }
        }
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

    /**
     * Gets the listener object and adds it, unless things changed meanwhile; neither under the lock
     * (getting it may activate a component, adding it dispatches its first event).
     */
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
        Called reserved = null;
        Called previous = null;
        synchronized (lock) {
            boolean current = !closed && entries.get(registration.id()) == entry && registration.matches(filter);
            if (listener == null) {
                if (current) {
                    entry.refusal = refusal(registration, Cause.UNAVAILABLE, problem);
                }
            } else if (current && entry.calling == null) {
                reserved = new Called(registration, listener, supervisor, new CompletableFuture<>(),
                        new CompletableFuture<>());
                previous = entry.dropped;
                entry.calling = reserved;
                entry.refusal = null;
            }
        }
        if (reserved != null) {
            if (previous != null && !previous.removed().isDone()) {
                Waits.await(previous.removed(), PATIENCE); // its removal must not take this add away
            }
            try {
                reserved.supervisor().addListener(listener);
            } finally {
                reserved.added().complete(null); // a drop that took it meanwhile waits for this
            }
            return;
        }
        if (listener == null) {
            log.warn(owner + " could not get listener service.id " + registration.id() + " ("
                    + registration.describe() + "): " + problem);
        } else {
            registration.unget(listener);
        }
    }

    /** Under lock: takes the entry's listener, added or being added, out of its hands; null if none. */
    private static Called take(Entry entry) {
        Called taken = entry.calling;
        if (taken != null) {
            entry.calling = null;
            entry.dropped = taken;
        }
        return taken;
    }

    /**
     * Outside the lock: once its add has returned, removes a listener from the supervisor it was
     * added to (waiting for a call in progress) and gives it back.
     */
    private void drop(Called called) {
        if (!called.added().isDone()) {
            Waits.await(called.added(), PATIENCE);
            if (!called.added().isDone()) {
                log.warn(owner + ": listener service.id " + called.registration().id() + " ("
                        + called.registration().describe() + ") was to be removed while the supervisor's add of"
                        + " it had not returned within " + PATIENCE + "; it is removed once the add returns");
                called.added().whenComplete((ignored, e) -> drop(called));
                return;
            }
        }
        try {
            called.supervisor().removeListener(called.listener());
        } finally {
            giveBack(called);
        }
    }

    /** The supervisor calls the listener no more: it goes back, and a new add of its registration may go ahead. */
    private static void giveBack(Called called) {
        try {
            called.registration().unget(called.listener());
        } finally {
            called.removed().complete(null);
        }
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
