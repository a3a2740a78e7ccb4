package supervisor.osgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import supervisor.api.Policy;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.Supervisor;
import supervisor.api.SupervisorConstants;
import supervisor.core.SupervisorEngine;

/**
 * One supervisor as a Declarative Services component: a thin adapter that feeds whiteboard
 * {@link Service}s and {@link StatusListener}s to a {@link SupervisorEngine}, applies ConfigAdmin
 * configuration to it, and is registered as the {@link Supervisor} service. The two concrete
 * components differ only in their PIDs and defaults.
 *
 * <p>Targets: Declarative Services tracks every registration (references {@code supervisedServices}
 * and {@code statusListeners}, no target), and this class applies the {@code services.target} and
 * {@code listeners.target} filters itself. Were they DS reference targets, Felix SCR would apply an
 * invalid filter by unbinding every service; applied here, an invalid one is rejected like any
 * other bad value and the last good filter stays. Service objects are only taken (through
 * {@link ComponentServiceObjects}) for registrations that match, so a delayed component meant for
 * another supervisor is not activated by this one.
 *
 * <p>Concurrency: Declarative Services calls bind, unbind and modified from any thread, also
 * concurrently and before activation. {@link #lock} guards the registrations, the running services
 * and their names; it is held only for bookkeeping and the engine's non-blocking calls. Waiting for
 * services to stop happens outside it. {@link #settings} and {@link #targets} are immutable values
 * swapped whole. The logger is injected dynamically, so a Log Service that comes or goes never
 * restarts the supervisor.
 */
abstract class SupervisorComponent implements Supervisor {

    private final String name;
    private final Settings defaults;
    private final SupervisorEngine engine;
    private final ClaimRegistry claims;
    private final Log log = new Log(() -> this.logger);
    private final SettingsParser.Result initial;
    private volatile Settings settings;
    private volatile Targets targets;

    private final Object lock = new Object(); // guards everything below
    private final Map<Long, Registration<Service>> services = new HashMap<>();
    private final Map<Long, Registration<StatusListener>> listeners = new HashMap<>();
    private final Map<Long, Running> running = new HashMap<>();
    private final Map<Long, Stopping> stopping = new HashMap<>(); // taken out of running, thread not yet awaited
    private final Map<Long, StatusListener> calling = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private boolean closed;

    /** Injected by Declarative Services when a Log Service is there; null otherwise. */
    @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Logger logger;

    /** A registration Declarative Services reported, whether or not this supervisor takes it. */
    private record Registration<S>(long id, ServiceReference<S> reference, ComponentServiceObjects<S> objects) {
    }

    /** A whiteboard service this supervisor runs. */
    private record Running(Registration<Service> registration, Service object, String name, BundleService service) {
    }

    /** A service being stopped; {@code done} completes once its thread was awaited (or the wait gave up). */
    private record Stopping(Running service, CompletableFuture<Void> done) {
    }

    /** The compiled filters of the settings in force. */
    private record Targets(Filter services, Filter listeners) {
        static Targets of(Settings settings) {
            try {
                return new Targets(FrameworkUtil.createFilter(settings.servicesTarget()),
                        FrameworkUtil.createFilter(settings.listenersTarget()));
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e); // SettingsParser checked them
            }
        }
    }

    /**
     * Creates the engine, not started: bind methods may come before activation.
     *
     * @param name the supervisor's name, for logs and claims
     * @param properties the component properties, configuration included
     * @param defaults what absent properties mean
     */
    SupervisorComponent(String name, Map<String, ?> properties, Settings defaults) {
        this.name = name;
        this.defaults = defaults;
        this.claims = ClaimRegistry.SHARED;
        this.initial = SettingsParser.parse(properties, defaults);
        this.settings = initial.isValid() ? initial.settings() : defaults;
        this.targets = Targets.of(settings);
        this.engine = SupervisorEngine.create(settings.toConfig());
    }

    /** The value of a String component property, or {@code fallback} when it is absent or blank. */
    static String stringProperty(Map<String, ?> properties, String key, String fallback) {
        Object value = properties.get(key);
        return value instanceof String text && !text.isBlank() ? text : fallback;
    }

    /** Starts supervising; logs the problems of the initial configuration, if any. */
    @Activate
    void activate() {
        if (!initial.isValid()) {
            log.error(this + ": configuration rejected, running on the defaults (" + describe(defaults) + "): "
                    + String.join("; ", initial.problems()));
        }
        engine.addListener(this::logGivenUp);
        engine.start();
        engine.termination().thenAccept(result -> {
            if (result.escalation() != null) {
                log.error(this + " shut down because a service policy escalates: " + result.escalation()
                        + "; it supervises nothing until it is activated again (restart the bundle supervisor.impl,"
                        + " or delete and recreate a factory supervisor's configuration)");
            }
        });
        log.info(this + " started (" + describe(settings) + ")");
    }

    /**
     * Applies a changed configuration live: running services are not restarted; new timings apply
     * from the next restart or removal; services and listeners that a changed filter no longer
     * selects are stopped (blocking, as for an unregistration) and newly selected ones started. An
     * invalid configuration is logged and ignored: the one in force stays, whole.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        SettingsParser.Result result = SettingsParser.parse(properties, defaults);
        if (!result.isValid()) {
            log.error(this + ": configuration rejected, keeping the one in force (" + describe(settings) + "): "
                    + String.join("; ", result.problems()));
            return;
        }
        engine.reconfigure(result.settings().toConfig());
        settings = result.settings();
        retarget(Targets.of(settings));
        log.info(this + " configured (" + describe(settings) + ")");
    }

    /**
     * Stops supervising: cancels every service and waits for them, bounded by the shutdown timeout;
     * reports the ones that did not stop, with where they are stuck.
     */
    @Deactivate
    void deactivate() {
        List<Stopping> ours = new ArrayList<>();
        Map<Registration<StatusListener>, StatusListener> called = new HashMap<>();
        synchronized (lock) {
            closed = true;
            for (Running service : running.values()) {
                Stopping stop = new Stopping(service, new CompletableFuture<>());
                stopping.put(service.registration().id(), stop);
                ours.add(stop);
            }
            calling.forEach((id, listener) -> called.put(listeners.get(id), listener));
            running.clear();
            calling.clear();
            names.clear();
        }
        engine.close(); // listeners have had their last events when this returns
        called.forEach((registration, listener) -> {
            if (registration != null) {
                registration.objects().ungetService(listener);
            }
        });
        RunResult result = engine.termination().toCompletableFuture().getNow(null);
        Duration timeout = settings.shutdownTimeout();
        long deadline = System.nanoTime() + timeout.toNanos(); // one bound for all the threads together
        for (Stopping stop : ours) {
            Running service = stop.service();
            try {
                if (result != null && result.leftRunning().contains(service.name())) {
                    log.warn(this + ": service '" + service.name() + "' (service.id " + service.registration().id()
                            + ") did not stop within " + timeout + " of being cancelled and was left running at:"
                            + service.service().whereStuck());
                } else {
                    service.service().awaitThreadEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
                release(service);
            } finally {
                stopped(stop);
            }
        }
        log.info(this + " stopped");
    }

    // ---- whiteboard services ---------------------------------------------------------------------

    /** A {@link Service} was registered: run it if this supervisor's filter selects it. */
    @Reference(name = "supervisedServices", service = Service.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedService")
    void bindService(ServiceReference<Service> reference, ComponentServiceObjects<Service> objects) {
        Registration<Service> registration = new Registration<>(serviceId(reference), reference, objects);
        synchronized (lock) {
            services.put(registration.id(), registration);
        }
        if (targets.services().match(reference)) {
            start(registration);
        }
    }

    /**
     * A {@link Service} is being unregistered (say, its bundle stops): if it runs here, cancel it and
     * block until its thread has ended, at most the shutdown timeout, so the unregistration
     * completes only then. One that did not stop in time is reported with where it is stuck.
     */
    void unbindService(ServiceReference<Service> reference) {
        long id = serviceId(reference);
        Stopping stop;
        Stopping inProgress;
        synchronized (lock) {
            services.remove(id);
            Running service = running.remove(id);
            stop = service == null ? null : beginStop(service);
            inProgress = service == null ? stopping.get(id) : null;
        }
        if (stop != null) {
            stop(stop);
        } else if (inProgress != null && !inProgress.service().service().isOwnThread()) {
            // being stopped on another path (a configuration change, deactivation): the
            // unregistration still completes only once the thread has ended, as promised
            awaitQuietly(inProgress.done(), settings.shutdownTimeout().multipliedBy(2));
        }
    }

    /**
     * A {@link Service}'s properties changed: a service the filter no longer selects is stopped (as
     * for an unregistration), one it newly selects is started, and one that keeps running gets the
     * policy its properties now describe, from the next end of a run on. Its name stays.
     */
    void updatedService(ServiceReference<Service> reference) {
        long id = serviceId(reference);
        boolean selected = targets.services().match(reference);
        Running service;
        Registration<Service> registration;
        Stopping stop = null;
        synchronized (lock) {
            service = running.get(id);
            registration = services.get(id);
            if (service != null && !selected) {
                running.remove(id);
                stop = beginStop(service);
            }
        }
        if (stop != null) {
            stop(stop);
        } else if (service == null && selected && registration != null) {
            start(registration);
        } else if (service != null) {
            PolicyProperties.Result policy = PolicyProperties.parse(properties(reference), PolicyProperties.Source.SERVICE);
            try {
                engine.setPolicy(service.name(), policy.policy());
            } catch (IllegalArgumentException | IllegalStateException gone) {
                return; // removed or shut down meanwhile
            }
            logPolicyProblems(service.name(), id, policy);
        }
    }

    /** Claims, names and runs a selected registration; a service another supervisor runs is left to it. */
    private void start(Registration<Service> registration) {
        long id = registration.id();
        Optional<Object> owner = claims.claim(id, this);
        if (owner.isPresent()) {
            log.warn(this + " does not run service.id " + id + " (" + describe(registration.reference())
                    + "): " + owner.get() + " runs it already; a service never runs under two supervisors");
            return;
        }
        Service object;
        try {
            object = registration.objects().getService();
        } catch (RuntimeException e) {
            object = null;
        }
        if (object == null) {
            claims.release(id, this);
            log.warn(this + " could not get service.id " + id + " (" + describe(registration.reference()) + ")");
            return;
        }
        BundleService wrapped = new BundleService(object, classLoader(registration.reference().getBundle(), object));
        Map<String, Object> properties = properties(registration.reference());
        PolicyProperties.Result policy = PolicyProperties.parse(properties, PolicyProperties.Source.SERVICE);
        ServiceNames.Choice choice = null;
        boolean runsHereAlready;
        synchronized (lock) {
            runsHereAlready = running.containsKey(id) || stopping.containsKey(id);
            // unless stopped, unregistered meanwhile, or started by a concurrent retarget
            if (!closed && services.get(id) == registration && !running.containsKey(id)) {
                choice = ServiceNames.choose(properties, id, object.getClass(), names::contains);
                // The engine keeps the policy for this registration (updatedService replaces it). A
                // service that registers again (bundle updated or refreshed, component reconfigured)
                // is added afresh, so its going away never counts towards its backoff or restart limit.
                try {
                    engine.add(choice.name(), wrapped, policy.policy());
                    names.add(choice.name());
                    running.put(id, new Running(registration, object, choice.name(), wrapped));
                } catch (IllegalStateException ended) {
                    choice = null; // the engine shut down (a policy escalated): it runs nothing any more
                }
            }
        }
        if (choice == null) {
            registration.objects().ungetService(object);
            if (!runsHereAlready) {
                claims.release(id, this); // a concurrent start that won keeps its claim
            }
            return;
        }
        choice.notes().forEach(note -> log.warn(this + ": " + note));
        logPolicyProblems(choice.name(), id, policy);
    }

    private void logPolicyProblems(String serviceName, long id, PolicyProperties.Result policy) {
        for (String problem : policy.problems()) {
            log.error(this + ": service '" + serviceName + "' (service.id " + id + "): service property " + problem
                    + "; the service runs and inherits this setting");
        }
    }

    /** Reports through the OSGi Log Service the services this supervisor gave up on (the engine logs them too). */
    private void logGivenUp(StatusEvent event) {
        StatusUpdate update = event.update();
        if (event.kind() == StatusEvent.Kind.CHANGED && update.status() == supervisor.api.Status.GAVE_UP) {
            log.warn(this + ": service '" + update.serviceName() + "' " + update.detail()
                    + "; it is not restarted until started by hand");
        }
    }

    /** Under lock: marks a service, already taken out of {@code running}, as being stopped. */
    private Stopping beginStop(Running service) {
        Stopping stop = new Stopping(service, new CompletableFuture<>());
        stopping.put(service.registration().id(), stop);
        return stop;
    }

    /**
     * Outside the lock (cancelling runs the service's cancellation callbacks, user code): removes the
     * service from the engine and waits, bounded by the shutdown timeout, for its thread; then gives
     * the service object and its claim back.
     */
    private void stop(Stopping stop) {
        Running service = stop.service();
        try {
            CompletableFuture<Boolean> removal;
            try {
                removal = engine.removeAsync(service.name());
            } catch (IllegalStateException | IllegalArgumentException ended) {
                removal = CompletableFuture.completedFuture(true); // the engine has ended: nothing runs
            }
            synchronized (lock) {
                names.remove(service.name()); // the engine has let the name go
            }
            if (service.service().isOwnThread()) {
                return; // unregistered from its own run: waiting here could never end
            }
            Duration timeout = settings.shutdownTimeout();
            if (!awaitQuietly(removal, timeout.multipliedBy(2)) || !service.service().awaitThreadEnd(timeout)) {
                log.warn(this + ": service '" + service.name() + "' (service.id " + service.registration().id()
                        + ") did not stop within " + timeout + " of being cancelled; it was removed while still"
                        + " running, at:" + service.service().whereStuck());
            }
        } finally {
            release(service);
            stopped(stop);
        }
    }

    /** A stop is over: whoever waits for it (an unregistration) may go on. */
    private void stopped(Stopping stop) {
        synchronized (lock) {
            stopping.remove(stop.service().registration().id(), stop);
        }
        stop.done().complete(null);
    }

    private void release(Running service) {
        try {
            service.registration().objects().ungetService(service.object());
        } catch (RuntimeException alreadyGone) {
            // the registration is gone; nothing to give back
        }
        claims.release(service.registration().id(), this);
    }

    // ---- whiteboard listeners ----------------------------------------------------------------------

    /** A {@link StatusListener} was registered: call it if this supervisor's filter selects it. */
    @Reference(name = "statusListeners", service = StatusListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ServiceReference<StatusListener> reference, ComponentServiceObjects<StatusListener> objects) {
        Registration<StatusListener> registration = new Registration<>(serviceId(reference), reference, objects);
        synchronized (lock) {
            listeners.put(registration.id(), registration);
        }
        if (targets.listeners().match(reference)) {
            call(registration);
        }
    }

    void unbindListener(ServiceReference<StatusListener> reference) {
        long id = serviceId(reference);
        Registration<StatusListener> registration;
        StatusListener listener;
        synchronized (lock) {
            registration = listeners.remove(id);
            listener = calling.remove(id);
        }
        if (listener != null) {
            engine.removeListener(listener); // waits for a call in progress: not under the lock
            registration.objects().ungetService(listener);
        }
    }

    /** Starts calling a listener (after start, it first gets the current state); takes the lock. */
    private void call(Registration<StatusListener> registration) {
        StatusListener listener = registration.objects().getService(); // may activate a component: not under lock
        if (listener == null) {
            return;
        }
        synchronized (lock) {
            if (!closed && listeners.get(registration.id()) == registration && !calling.containsKey(registration.id())) {
                calling.put(registration.id(), listener);
                engine.addListener(listener);
                return;
            }
        }
        registration.objects().ungetService(listener);
    }

    // ---- filters ---------------------------------------------------------------------------------

    /** Applies new filters: stops what they no longer select (waiting, bounded), starts what they newly select. */
    private void retarget(Targets next) {
        List<Stopping> stops = new ArrayList<>();
        List<Registration<Service>> starting = new ArrayList<>();
        Map<Registration<StatusListener>, StatusListener> dropped = new HashMap<>();
        List<Registration<StatusListener>> calls = new ArrayList<>();
        synchronized (lock) {
            targets = next;
            for (Running service : List.copyOf(running.values())) {
                if (!next.services().match(service.registration().reference())) {
                    running.remove(service.registration().id());
                    stops.add(beginStop(service));
                }
            }
            for (Registration<Service> registration : services.values()) {
                if (!running.containsKey(registration.id()) && next.services().match(registration.reference())) {
                    starting.add(registration);
                }
            }
            for (Map.Entry<Long, StatusListener> entry : List.copyOf(calling.entrySet())) {
                Registration<StatusListener> registration = listeners.get(entry.getKey());
                if (!next.listeners().match(registration.reference())) {
                    calling.remove(entry.getKey());
                    dropped.put(registration, entry.getValue());
                }
            }
            for (Registration<StatusListener> registration : listeners.values()) {
                if (!calling.containsKey(registration.id()) && next.listeners().match(registration.reference())) {
                    calls.add(registration);
                }
            }
        }
        dropped.forEach((registration, listener) -> {
            engine.removeListener(listener); // waits for a call in progress: not under the lock
            registration.objects().ungetService(listener);
        });
        calls.forEach(this::call);
        stops.forEach(this::stop);
        starting.forEach(this::start);
    }

    // ---- the Supervisor service: queries and listeners; the lifecycle belongs to DS ---------------

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public Policy policy(String serviceName) {
        return engine.policy(serviceName);
    }

    @Override
    public supervisor.api.SupervisorDescription describe() {
        return engine.describe();
    }

    @Override
    public List<StatusUpdate> statuses() {
        return engine.statuses();
    }

    @Override
    public Optional<StatusUpdate> status(String serviceName) {
        return engine.status(serviceName);
    }

    @Override
    public void addListener(StatusListener listener) {
        engine.addListener(listener);
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        return engine.removeListener(listener);
    }

    @Override
    public CompletionStage<RunResult> termination() {
        return engine.termination();
    }

    /** Stops a supervised service by hand; it stays stopped until started, even across configuration changes. */
    @Override
    public boolean stop(String serviceName) {
        return engine.stop(serviceName);
    }

    @Override
    public boolean start(String serviceName) {
        return engine.start(serviceName);
    }

    @Override
    public void restart(String serviceName) {
        engine.restart(serviceName);
    }

    @Override
    public List<StatusUpdate> history(String serviceName) {
        return engine.history(serviceName);
    }

    /** Unsupported: Declarative Services starts this supervisor. */
    @Override
    public void start() {
        throw lifecycle("start");
    }

    @Override
    public RunResult run() {
        throw lifecycle("run");
    }

    @Override
    public void cancel() {
        throw lifecycle("cancel");
    }

    @Override
    public void close() {
        throw lifecycle("close");
    }

    /** Unsupported: register the service on the whiteboard, so it goes away with its bundle. */
    @Override
    public long add(String serviceName, Service service) {
        throw new UnsupportedOperationException(this + " takes services from the OSGi service registry: register '"
                + serviceName + "' as a " + Service.class.getName() + " service instead");
    }

    /** Unsupported: register the service on the whiteboard, with its policy as service properties. */
    @Override
    public long add(String serviceName, Service service, Policy policy) {
        return add(serviceName, service);
    }

    @Override
    public boolean remove(String serviceName) {
        throw new UnsupportedOperationException(this + " takes services from the OSGi service registry: unregister '"
                + serviceName + "' instead");
    }

    @Override
    public String toString() {
        return "supervisor '" + name + "'";
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private UnsupportedOperationException lifecycle(String what) {
        return new UnsupportedOperationException("cannot " + what + " " + this
                + ": Declarative Services runs it; change or delete its configuration (PID "
                + SupervisorConstants.PID + " or factory PID " + SupervisorConstants.FACTORY_PID + ") instead");
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    private static ClassLoader classLoader(Bundle bundle, Service service) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        return loader != null ? loader : service.getClass().getClassLoader();
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Dictionary<String, Object> dictionary = reference.getProperties();
        Map<String, Object> map = new HashMap<>();
        for (var keys = dictionary.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }

    private static String describe(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        Object serviceName = reference.getProperty(SupervisorConstants.NAME);
        return (serviceName != null ? "'" + serviceName + "' " : "") + "from bundle "
                + (bundle == null ? "(unregistered)" : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]");
    }

    private static String describe(Settings settings) {
        return SupervisorConstants.RESTART_INTERVAL + "=" + settings.restartInterval()
                + ", " + SupervisorConstants.SHUTDOWN_TIMEOUT + "=" + settings.shutdownTimeout()
                + ", " + SupervisorConstants.THREAD_KIND + "=" + settings.threadKind()
                + ", " + SupervisorConstants.LISTENER_BACKLOG + "=" + settings.listenerBacklog()
                + ", " + SupervisorConstants.SERVICES_TARGET + "=" + settings.servicesTarget()
                + ", " + SupervisorConstants.LISTENERS_TARGET + "=" + settings.listenersTarget()
                + ", " + SupervisorConstants.HISTORY_SIZE + "=" + settings.historySize()
                + PolicyProperties.describe(settings.defaultPolicy(), PolicyProperties.Source.CONFIGURATION).stream()
                        .map(pair -> ", " + pair).collect(Collectors.joining());
    }

    /** Waits for {@code future} at most {@code timeout}, keeping an interrupt for later; false if it did not complete true or at all. */
    private static boolean awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    Object value = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return !Boolean.FALSE.equals(value);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
