package supervisor.osgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import supervisor.api.Policy;
import supervisor.api.RefusedRegistration;
import supervisor.api.RefusedRegistration.Cause;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;

/**
 * The whiteboard {@link Service}s of one supervisor, in plain Java: which registrations it was
 * offered, which it runs (claimed through the {@link ClaimRegistry}, named by {@link ServiceNames},
 * with the policy {@link PolicyProperties} reads), and why it refused the others. It starts what its
 * filter selects, stops what it no longer selects and waits for its run to end (bounded by the
 * shutdown timeout; the thread itself may go back to the engine's pool), applies changed service properties as the service's live policy, and stops everything
 * when closed. It talks to the engine through its public API only.
 *
 * <p>Concurrency: {@link #bind}, {@link #unbind}, {@link #updated}, {@link #retarget} and
 * {@link #close} may come from any thread, also at once. {@link #lock} guards {@link #entries} (and
 * every {@link Entry}'s fields), {@link #stopping}, {@link #names}, {@link #closed} and the writes of
 * {@link #engine} and {@link #filter}; under it only this bookkeeping happens, with the registry's
 * non-blocking claims. No engine call happens under it: adding a service starts its thread and hands
 * its first event to the listener executor, removing one runs its cancellation callbacks, and
 * setting a policy takes the engine's own lock. Nor does getting and ungetting service objects
 * (which may activate or deactivate a component), logging, or waiting for threads.
 *
 * <p>So a start is two steps. Under the lock it <em>reserves</em>: the entry gets its
 * {@link Running} (name reserved in {@link #names}, claim held, the engine it goes to) marked
 * {@link Entry#adding}; outside it the engine's {@code add} is called, and its outcome completes
 * {@link Running#added}; under the lock again the start keeps what it added, unless a path that
 * stops (unbind, updated, retarget, close) took the reservation meanwhile. Such a path takes a
 * reservation exactly as it takes a running service ({@link #beginStop}), and its stop first waits
 * for the add to return, then removes what was added: a reservation is stopped by whoever took it,
 * never by the start. A registration has at most one {@link Running} at a time: a start waits
 * (deferred, {@link Entry#deferred}) while the previous run of the same registration is still being
 * stopped, and the stop starts it when over. {@link #filter} and {@link #shutdownTimeout} are
 * immutable values swapped whole; the filter is only written under the lock, so a bind and a
 * retarget agree on it.
 */
final class ServiceWhiteboard {

    private final String owner;
    private volatile SupervisorEngine engine; // written under lock, by reopen only; a Running keeps the one it went to
    private final ClaimRegistry claims;
    private final Log log;
    private volatile String filter;
    private volatile Duration shutdownTimeout;
    private volatile Inherited inherited = new Inherited(Policy.INHERIT, Duration.ofSeconds(1));

    /** What a service's policy inherits: an immutable value swapped whole. */
    private record Inherited(Policy defaultPolicy, Duration restartInterval) {
    }

    private final Object lock = new Object();
    /** Every bound registration, by {@code service.id}. */
    private final Map<Long, Entry> entries = new HashMap<>();
    /** The services taken out of supervision whose thread was not yet awaited, by {@code service.id}; also after an unbind. */
    private final Map<Long, Stopping> stopping = new HashMap<>();
    /** The names the engine holds for services of ours. */
    private final Set<String> names = new HashSet<>();
    private boolean closed;

    /** One bound registration: whether it runs here and why not, if it does not as it is. Guarded by {@link #lock}. */
    private static final class Entry {
        final Registration<Service> registration;
        /** What runs here for it, or is being added to the engine for it ({@link #adding}); null if nothing. */
        Running running;
        /** Whether the engine's {@code add} of {@link #running} has not returned yet, or its start not yet kept it. */
        boolean adding;
        /** Its properties changed while {@link #adding}: the start applies them as its policy once added. */
        boolean revise;
        /** A start waits for the previous run of this registration to be stopped: the stop starts it when over. */
        boolean deferred;
        List<RefusedRegistration> refusals = List.of();

        Entry(Registration<Service> registration) {
            this.registration = registration;
        }
    }

    /**
     * A whiteboard service this supervisor runs, or is adding: {@code added} completes (outside the
     * lock) when the engine's {@code add} returned, true if the service went into {@code engine}.
     */
    private record Running(Registration<Service> registration, Service object, String name, BundleService service,
            SupervisorEngine engine, CompletableFuture<Boolean> added) {
    }

    /** A service being stopped; {@code done} completes once the end of its run was awaited (or the wait gave up). */
    private record Stopping(Running service, CompletableFuture<Void> done) {
    }

    /** The services {@link #close()} took out of supervision, to await once the engine is closed. */
    static final class Closing {
        private final List<Stopping> stops;

        private Closing(List<Stopping> stops) {
            this.stops = stops;
        }
    }

    /**
     * @param owner how messages name the supervisor, such as {@code supervisor 'fast'}; also how
     *     another supervisor's refusal names this one as the owner of a claim
     * @param filter the LDAP filter selecting services, already checked
     */
    ServiceWhiteboard(String owner, SupervisorEngine engine, ClaimRegistry claims, Log log, String filter,
            Duration shutdownTimeout) {
        this.owner = owner;
        this.engine = engine;
        this.claims = claims;
        this.log = log;
        this.filter = filter;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * What a service's policy inherits from now on: the supervisor's default policy, and its
     * restart interval as the first delay; used to tell when a policy's delays meet the fixed-delay
     * rule. Until set: nothing but the built-in restart interval of 1 s.
     */
    void inherited(Policy defaultPolicy, Duration restartInterval) {
        inherited = new Inherited(defaultPolicy, restartInterval);
    }

    /** How long a stop waits from now on. */
    void shutdownTimeout(Duration timeout) {
        shutdownTimeout = timeout;
    }

    /**
     * A registration came: run it if the filter selects it, else record why not. A second bind of a
     * {@code service.id} that is bound already replaces the first, stopping what runs for it.
     */
    void bind(Registration<Service> registration) {
        Entry entry = new Entry(registration);
        boolean selected;
        Stopping replaced = null;
        synchronized (lock) {
            Entry previous = entries.put(registration.id(), entry); // also while closed: a reopen starts it
            if (previous != null && previous.running != null) {
                replaced = beginStop(previous);
            }
            selected = registration.matches(filter);
            if (!selected) {
                entry.refusals = List.of(mismatch(registration, filter));
            }
            if (closed) {
                selected = false;
            }
        }
        if (replaced != null) {
            stop(replaced);
        }
        if (selected) {
            start(entry);
        }
    }

    /**
     * A registration is going away (its bundle stops, say): if it runs here, cancel it and block
     * until its run has ended, at most the shutdown timeout. If another path (a retarget, the
     * close) is stopping it already, wait for that instead, as long; not when called from the
     * service's own thread, which would wait for itself.
     */
    void unbind(long id) {
        Stopping stop = null;
        Stopping inProgress = null;
        synchronized (lock) {
            Entry entry = entries.remove(id);
            if (entry != null && entry.running != null) {
                stop = beginStop(entry);
            } else {
                inProgress = stopping.get(id);
            }
        }
        if (stop != null) {
            stop(stop);
        } else if (inProgress != null && !inProgress.service().service().isOwnThread()) {
            Waits.await(inProgress.done(), shutdownTimeout.multipliedBy(2));
        }
    }

    /**
     * A registration's properties changed: one the filter no longer selects is stopped (as for an
     * unbind), one it newly selects is started, and one that keeps running gets the policy its
     * properties now describe, from the next end of a run on; its name stays. One still being added
     * gets that policy once the engine has it.
     */
    void updated(long id) {
        Stopping stop = null;
        Entry starting = null;
        Running running = null;
        synchronized (lock) {
            Entry entry = entries.get(id);
            if (entry == null || closed) {
                return;
            }
            boolean selected = entry.registration.matches(filter);
            if (entry.running != null && !selected) {
                stop = beginStop(entry);
            } else if (entry.running == null && selected) {
                starting = entry;
            } else if (entry.running != null && entry.adding) {
                entry.revise = true; // its start applies the properties once the engine has it
            } else if (entry.running != null) {
                running = entry.running;
            }
            if (!selected) {
                entry.refusals = List.of(mismatch(entry.registration, filter));
            }
        }
        if (stop != null) {
            stop(stop);
        } else if (starting != null) {
            start(starting);
        } else if (running != null) {
            revise(running);
        }
    }

    /** Gives a running service the policy its properties now describe. */
    private void revise(Running running) {
        long id = running.registration().id();
        PolicyProperties.Result policy = PolicyProperties.parse(running.registration().properties(),
                PolicyProperties.Source.SERVICE);
        try {
            running.engine().setPolicy(running.name(), policy.policy());
        } catch (IllegalArgumentException | IllegalStateException gone) {
            return; // removed or shut down meanwhile
        }
        synchronized (lock) {
            Entry entry = entries.get(id);
            if (entry != null && entry.running == running) {
                List<RefusedRegistration> kept = new ArrayList<>(entry.refusals.stream()
                        .filter(r -> r.cause() == Cause.RENAMED).toList());
                policy.problems().forEach(p -> kept.add(refusal(running.registration(), Cause.INVALID_PROPERTY,
                        invalid(p))));
                entry.refusals = List.copyOf(kept);
            }
        }
        logPolicyProblems(running.name(), id, policy);
        warnFixedDelay(running.name(), id, policy.policy());
    }

    /** Applies a new filter: stops what it no longer selects (waiting, bounded), starts what it newly selects. */
    void retarget(String next) {
        List<Stopping> stops = new ArrayList<>();
        List<Entry> starts = new ArrayList<>();
        synchronized (lock) {
            filter = next;
            if (closed) {
                return;
            }
            for (Entry entry : entries.values()) {
                boolean selected = entry.registration.matches(next);
                if (!selected) {
                    entry.refusals = List.of(mismatch(entry.registration, next));
                    if (entry.running != null) {
                        stops.add(beginStop(entry));
                    }
                } else if (entry.running == null) {
                    starts.add(entry);
                }
            }
        }
        stops.forEach(this::stop);
        starts.forEach(this::start);
    }

    /**
     * Takes every running service (and every one still being added) out of this whiteboard's hands,
     * for the engine's close to cancel; nothing is started after this. Pass the result to
     * {@link #awaitClosed}.
     */
    Closing close() {
        List<Stopping> ours = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Entry entry : entries.values()) {
                if (entry.running != null) {
                    ours.add(beginStop(entry));
                }
            }
            names.clear();
        }
        return new Closing(ours);
    }

    /**
     * Once the engine is closed: waits for the runs of the closed services to end, all together at most
     * the shutdown timeout (not for those the engine left running: it reported them, with where they
     * are stuck); gives every service object and claim back.
     *
     * @param result the engine's result, or null if it has none yet
     */
    void awaitClosed(Closing closing, RunResult result) {
        Duration timeout = shutdownTimeout;
        long deadline = System.nanoTime() + timeout.toNanos(); // one bound for all the threads together
        for (Stopping stop : closing.stops) {
            Running service = stop.service();
            CompletableFuture<Boolean> added = service.added();
            if (!added.isDone()) { // taken while the engine was adding it
                Waits.await(added, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (!added.isDone()) {
                    added.whenComplete((ok, e) -> stopped(stop)); // the engine, closed, cancels what it added
                    continue;
                }
            }
            try {
                // one the engine left running it reported already, with where it is stuck
                if (Boolean.TRUE.equals(added.getNow(false))
                        && (result == null || !result.leftRunning().contains(service.name()))) {
                    service.service().awaitRunEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
            } finally {
                stopped(stop);
            }
        }
    }

    /**
     * After {@link #close()} and {@link #awaitClosed}: opens this whiteboard again on a new engine
     * (the supervisor ended, say by escalation, and starts afresh), with {@code nextFilter}. Every
     * bound registration the filter selects is started on it.
     */
    void reopen(SupervisorEngine next, String nextFilter) {
        List<Entry> starts = new ArrayList<>();
        synchronized (lock) {
            engine = next;
            filter = nextFilter;
            closed = false;
            for (Entry entry : entries.values()) {
                if (!entry.registration.matches(nextFilter)) {
                    entry.refusals = List.of(mismatch(entry.registration, nextFilter));
                } else if (entry.running == null) {
                    entry.refusals = List.of();
                    starts.add(entry);
                }
            }
        }
        starts.forEach(this::start);
    }

    /** What this whiteboard refuses now, ordered by {@code service.id}: a point-in-time copy. */
    List<RefusedRegistration> refusals() {
        synchronized (lock) {
            return entries.values().stream().flatMap(entry -> entry.refusals.stream())
                    .sorted(Comparator.comparingLong(RefusedRegistration::serviceId)).toList();
        }
    }

    @Override
    public String toString() {
        return owner;
    }

    // ---- starting and stopping -------------------------------------------------------------------

    /**
     * Claims, names and runs a selected registration; one another supervisor runs is left to it. The
     * service object is got, and the engine's {@code add} called, outside the lock; see the class
     * comment for the reservation that makes that safe.
     */
    private void start(Entry entry) {
        Registration<Service> registration = entry.registration;
        long id = registration.id();
        Optional<Object> owned = claims.claim(id, this);
        if (owned.isPresent()) {
            String detail = owned.get() + " runs it already; a service never runs under two supervisors";
            log.warn(owner + " does not run service.id " + id + " (" + registration.describe() + "): " + detail);
            refuse(entry, Cause.CLAIMED_BY_ANOTHER, detail);
            return;
        }
        Service object;
        String problem;
        try {
            object = registration.get();
            problem = "the registry has no service object for it (its component may have failed to activate)";
        } catch (RuntimeException e) {
            object = null;
            problem = "getting its service object failed: " + e;
        }
        if (object == null) {
            synchronized (lock) {
                releaseIfIdle(id);
            }
            log.warn(owner + " could not get service.id " + id + " (" + registration.describe() + "): " + problem);
            refuse(entry, Cause.UNAVAILABLE, problem);
            return;
        }
        ClassLoader loader = registration.classLoader();
        BundleService wrapped = new BundleService(object, loader != null ? loader : object.getClass().getClassLoader());
        Map<String, Object> properties = registration.properties();
        PolicyProperties.Result policy = PolicyProperties.parse(properties, PolicyProperties.Source.SERVICE);
        ServiceNames.Choice choice = null;
        Running reserved = null;
        Running concurrent = null;
        synchronized (lock) {
            // unless stopped, unbound or deselected meanwhile, or started by a concurrent path
            if (!closed && entries.get(id) == entry && registration.matches(filter)) {
                if (entry.running != null) {
                    // a concurrent start won; it may have read the properties before a change
                    if (entry.adding) {
                        entry.revise = true;
                    } else {
                        concurrent = entry.running;
                    }
                } else if (stopping.containsKey(id)) {
                    entry.deferred = true; // its previous run is still being stopped: that stop starts it
                } else if (claims.claim(id, this).isEmpty()) {
                    choice = ServiceNames.choose(properties, id, object.getClass(), names::contains);
                    names.add(choice.name()); // reserved: no other start takes the name while the engine adds it
                    reserved = new Running(registration, object, choice.name(), wrapped, engine,
                            new CompletableFuture<>());
                    entry.running = reserved;
                    entry.adding = true;
                    entry.revise = false;
                    entry.deferred = false;
                }
            }
            if (reserved == null) {
                releaseIfIdle(id);
            }
        }
        if (reserved == null) {
            registration.unget(object);
            if (concurrent != null) {
                revise(concurrent);
            }
            return;
        }
        // Outside the lock: the engine starts the service's thread and hands its first event to the
        // listener executor. The engine keeps the policy for this registration (updated replaces
        // it). A service that registers again (bundle updated or refreshed, component
        // reconfigured) is added afresh, so its going away never counts towards its backoff or
        // restart limit.
        String failure = null;
        boolean added = false;
        try {
            reserved.engine().add(reserved.name(), wrapped, policy.policy());
            added = true;
        } catch (IllegalStateException ended) {
            // the engine shut down (a policy escalated): it runs nothing any more
        } catch (IllegalArgumentException rejected) {
            failure = rejected.getMessage();
        } finally {
            reserved.added().complete(added); // a stop that took the reservation waits for this
        }
        if (failure != null) {
            log.error(owner + " cannot run service.id " + id + " (" + registration.describe() + "): " + failure);
        }
        boolean kept;
        boolean revise = false;
        synchronized (lock) {
            kept = entry.running == reserved; // else a stop took it, and removes what was added
            if (kept) {
                entry.adding = false;
                revise = entry.revise;
                entry.revise = false;
                if (added) {
                    entry.refusals = refusals(registration, choice, policy);
                } else {
                    entry.running = null;
                    if (reserved.engine() == engine) {
                        names.remove(reserved.name());
                    }
                    releaseIfIdle(id);
                }
            }
        }
        if (!kept) {
            return;
        }
        if (!added) {
            registration.unget(object);
            return;
        }
        choice.notes().forEach(note -> log.warn(owner + ": " + note));
        logPolicyProblems(choice.name(), id, policy);
        warnFixedDelay(choice.name(), id, policy.policy());
        if (revise) {
            revise(reserved); // its properties changed while the engine added it
        }
    }

    /**
     * Says (WARN) when a service's own delays meet the rule that {@link Policy} documents, "a
     * maxDelay below minDelay counts as minDelay: a fixed delay": its {@code supervisor.min.delay}
     * above the max delay it sets or inherits, or its {@code supervisor.max.delay} below the min
     * delay it sets or inherits (the supervisor's {@code restart.interval}). Names the service and
     * both values, with where each comes from. Delays that both come from the supervisor are its
     * configuration's business, told when the configuration is applied.
     */
    private void warnFixedDelay(String serviceName, long id, Policy own) {
        Inherited from = inherited;
        if (own.minDelay().isEmpty() && own.maxDelay().isEmpty()) {
            return;
        }
        Duration min = own.minDelay().orElse(from.restartInterval());
        Optional<Duration> max = own.maxDelay().or(() -> from.defaultPolicy().maxDelay());
        if (max.isEmpty() || max.get().compareTo(min) >= 0) {
            return;
        }
        String minText = own.minDelay().isPresent() ? SupervisorConstants.MIN_DELAY + " " + min
                : "the supervisor's " + SupervisorConstants.RESTART_INTERVAL + " " + min + " (inherited min delay)";
        String maxText = own.maxDelay().isPresent() ? SupervisorConstants.MAX_DELAY + " " + max.get()
                : "the supervisor's default " + SupervisorConstants.CONFIG_MAX_DELAY + " " + max.get()
                        + " (inherited max delay)";
        log.warn(owner + ": service '" + serviceName + "' (service.id " + id + "): " + minText + " exceeds " + maxText
                + "; a maxDelay below minDelay counts as minDelay, so it restarts after a fixed " + min);
    }

    /** Under lock: marks a running service, or one still being added, as being stopped. */
    private Stopping beginStop(Entry entry) {
        Stopping stop = new Stopping(entry.running, new CompletableFuture<>());
        entry.running = null;
        entry.adding = false;
        entry.revise = false;
        stopping.put(entry.registration.id(), stop);
        return stop;
    }

    /**
     * Outside the lock (cancelling runs the service's cancellation callbacks, user code): waits for
     * the engine's add to return if it has not, removes the service from the engine it went to and
     * waits, bounded by the shutdown timeout, for its run to end; then gives the service object and its
     * claim back. A removal that timed out the engine reports itself; this reports only a run that
     * outlived a removal the engine thought complete, and an add that did not return in time (the
     * service is then stopped once it does).
     */
    private void stop(Stopping stop) {
        Running service = stop.service();
        CompletableFuture<Boolean> added = service.added();
        if (!added.isDone()) {
            Duration timeout = shutdownTimeout;
            Waits.await(added, timeout.multipliedBy(2));
            if (!added.isDone()) {
                log.warn(owner + ": service '" + service.name() + "' (service.id " + service.registration().id()
                        + ") was to stop while the supervisor's add of it had not returned within "
                        + timeout.multipliedBy(2) + "; it is stopped once the add returns");
                added.whenComplete((ok, e) -> stop(stop));
                return;
            }
        }
        try {
            if (!Boolean.TRUE.equals(added.getNow(false))) {
                synchronized (lock) {
                    forget(service); // the engine never had it
                }
                return;
            }
            CompletableFuture<Boolean> removal;
            try {
                removal = service.engine().removeAsync(service.name());
            } catch (IllegalStateException | IllegalArgumentException ended) {
                removal = CompletableFuture.completedFuture(true); // the engine has ended: nothing runs
            }
            synchronized (lock) {
                forget(service); // the engine has let the name go
            }
            if (service.service().isOwnThread()) {
                return; // unregistered from its own run: waiting here could never end
            }
            Duration timeout = shutdownTimeout;
            Waits.await(removal, timeout.multipliedBy(2));
            boolean completed = removal.isDone() && !removal.isCompletedExceptionally();
            if (completed && Boolean.FALSE.equals(removal.getNow(null))) {
                return; // the engine gave up waiting and logged where the service is stuck
            }
            if (!completed || !service.service().awaitRunEnd(timeout)) {
                log.warn(owner + ": service '" + service.name() + "' (service.id " + service.registration().id()
                        + ") did not stop within " + timeout + " of being cancelled; it was removed while still"
                        + " running, at:" + service.service().whereStuck());
            }
        } finally {
            stopped(stop);
        }
    }

    /** Under lock: the name of a service the engine no longer has is free again, if it was one of the engine in use. */
    private void forget(Running service) {
        if (service.engine() == engine) {
            names.remove(service.name()); // after a reopen, the names are the new engine's
        }
    }

    /**
     * A stop is over: the object goes back, the claim too unless the service runs here again;
     * waiters go on; a start that waited for this stop goes ahead.
     */
    private void stopped(Stopping stop) {
        Running service = stop.service();
        service.registration().unget(service.object());
        long id = service.registration().id();
        Entry deferred = null;
        synchronized (lock) {
            stopping.remove(id, stop);
            Entry entry = entries.get(id);
            if (entry != null && entry.deferred && !stopping.containsKey(id)) {
                entry.deferred = false;
                if (!closed && entry.running == null && entry.registration.matches(filter)) {
                    deferred = entry;
                }
            }
            releaseIfIdle(id);
        }
        stop.done().complete(null);
        if (deferred != null) {
            start(deferred);
        }
    }

    /** Under lock: gives the claim up unless the service runs (or is being added) here or the end of its run is still awaited. */
    private void releaseIfIdle(long id) {
        Entry entry = entries.get(id);
        if ((entry == null || entry.running == null) && !stopping.containsKey(id)) {
            claims.release(id, this);
        }
    }

    // ---- refusals --------------------------------------------------------------------------------

    /** Records a refusal for an entry still bound and not running. */
    private void refuse(Entry entry, Cause cause, String detail) {
        synchronized (lock) {
            if (entries.get(entry.registration.id()) == entry && entry.running == null) {
                entry.refusals = List.of(refusal(entry.registration, cause, detail));
            }
        }
    }

    private static List<RefusedRegistration> refusals(Registration<Service> registration, ServiceNames.Choice choice,
            PolicyProperties.Result policy) {
        List<RefusedRegistration> list = new ArrayList<>();
        for (String note : choice.notes()) {
            list.add(note.equals(choice.renamed()) ? refusal(registration, Cause.RENAMED, note)
                    : refusal(registration, Cause.INVALID_PROPERTY, note + "; the service runs under '" + choice.name() + "'"));
        }
        policy.problems().forEach(problem -> list.add(refusal(registration, Cause.INVALID_PROPERTY, invalid(problem))));
        return List.copyOf(list);
    }

    private static String invalid(String problem) {
        return "service property " + problem + "; the service runs and inherits this setting";
    }

    private static RefusedRegistration mismatch(Registration<Service> registration, String filter) {
        return refusal(registration, Cause.FILTER_MISMATCH, SupervisorConstants.SERVICES_TARGET + " " + filter
                + " does not select it");
    }

    private static RefusedRegistration refusal(Registration<Service> registration, Cause cause, String detail) {
        return new RefusedRegistration(registration.id(), Service.class.getName(), registration.name(),
                registration.bundle(), cause, detail);
    }

    private void logPolicyProblems(String serviceName, long id, PolicyProperties.Result policy) {
        for (String problem : policy.problems()) {
            log.error(owner + ": service '" + serviceName + "' (service.id " + id + "): " + invalid(problem));
        }
    }
}
