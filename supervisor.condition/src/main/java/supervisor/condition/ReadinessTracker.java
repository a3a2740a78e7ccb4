package supervisor.condition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * Keeps one condition per ready supervisor ({@value #PREFIX}{@code <name>}) and one
 * ({@value #ALL}) while at least one supervisor is tracked and every tracked one is ready, as
 * {@link Readiness} decides.
 *
 * <p>Concurrency: all state is confined to {@code serial}, an executor that runs one task at a
 * time in order (a single thread in OSGi, {@code Runnable::run} in tests); there is no lock. The
 * listeners it hands out only queue a task, so they never block the supervisor's listener thread;
 * describing supervisors and registering or unregistering conditions happen in those tasks, outside
 * any lock of anyone.
 */
final class ReadinessTracker {

    /** The condition id of one supervisor is this prefix and its name. */
    static final String PREFIX = "supervisor.ready.";
    /** The condition id for every supervisor. */
    static final String ALL = "supervisor.ready";

    private final Executor serial;
    private final Registrar registrar;

    /** The tracked supervisors by key; confined to {@link #serial}. */
    private final Map<Long, Watched> watched = new TreeMap<>();
    /** Whether a reconcile after events is queued; confined to {@link #serial}. */
    private boolean reconcileQueued;
    /** The registered conditions by id; confined to {@link #serial}. */
    private final Map<String, Registrar.Registration> registered = new HashMap<>();

    /** One tracked supervisor and the ids of its services that have run since it started. */
    private static final class Watched {
        final String name;
        final SupervisorRuntime runtime;
        final Set<Long> ran = new HashSet<>();

        Watched(String name, SupervisorRuntime runtime) {
            this.name = name;
            this.runtime = runtime;
        }
    }

    ReadinessTracker(Executor serial, Registrar registrar) {
        this.serial = Objects.requireNonNull(serial, "serial");
        this.registrar = Objects.requireNonNull(registrar, "registrar");
    }

    /**
     * Starts tracking a supervisor; any thread. Returns the listener to add to it (the caller adds
     * it after this returns, and removes it before {@link #remove(long)}).
     *
     * @param key what tells this registration from others (its {@code service.id})
     */
    StatusListener add(long key, String name, SupervisorRuntime runtime) {
        serial.execute(() -> {
            watched.put(key, new Watched(name, runtime));
            reconcile();
        });
        return event -> serial.execute(() -> seen(key, event));
    }

    /** Evaluates a tracked supervisor again, as when it may have started again without an event; any thread. */
    void refresh(long key) {
        serial.execute(this::reconcile);
    }

    /** Stops tracking a supervisor; any thread. */
    void remove(long key) {
        serial.execute(() -> {
            watched.remove(key);
            reconcile();
        });
    }

    /** Stops tracking every supervisor, so every condition goes; any thread. */
    void clear() {
        serial.execute(() -> {
            watched.clear();
            reconcile();
        });
    }

    private void seen(long key, StatusEvent event) {
        Watched supervisor = watched.get(key);
        if (supervisor == null) {
            return;
        }
        for (StatusUpdate update : event.snapshot()) {
            if (Readiness.ran(update)) {
                supervisor.ran.add(update.serviceId());
            }
        }
        if (event.update() != null) {
            if (event.kind() == StatusEvent.Kind.REMOVED) {
                supervisor.ran.remove(event.update().serviceId());
            } else if (Readiness.ran(event.update())) {
                supervisor.ran.add(event.update().serviceId());
            }
        }
        // one describe() for a burst of events: the reconcile runs after the events queued before it
        if (!reconcileQueued) {
            reconcileQueued = true;
            serial.execute(() -> {
                reconcileQueued = false;
                reconcile();
            });
        }
    }

    /** Registers the conditions that should be there and are not, unregisters those that are and should not. */
    private void reconcile() {
        Map<String, String> wanted = new LinkedHashMap<>();
        boolean all = !watched.isEmpty();
        for (Watched supervisor : watched.values()) {
            if (ready(supervisor)) {
                wanted.put(PREFIX + supervisor.name, supervisor.name);
            } else {
                all = false;
            }
        }
        if (all) {
            wanted.put(ALL, null);
        }
        registered.entrySet().removeIf(entry -> {
            if (wanted.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().unregister();
            return true;
        });
        wanted.forEach((id, supervisor) -> {
            if (!registered.containsKey(id)) {
                registered.put(id, registrar.register(id, supervisor));
            }
        });
    }

    private static boolean ready(Watched supervisor) {
        SupervisorDescription description;
        try {
            description = supervisor.runtime.describe();
        } catch (RuntimeException gone) {
            return false; // a runtime being unregistered may refuse; its removal follows
        }
        if (description.state() != SupervisorDescription.State.RUNNING) {
            supervisor.ran.clear(); // ready again only after its services run again
        }
        return Readiness.ready(description.state(), description.services(), supervisor.ran);
    }
}
