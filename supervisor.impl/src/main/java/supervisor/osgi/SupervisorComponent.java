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
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import supervisor.api.RunResult;
import supervisor.api.Service;
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
 * <p>Concurrency: Declarative Services calls the bind and unbind methods from any thread, also
 * concurrently and before activation. {@link #lock} guards the bindings and their names, held only
 * for bookkeeping and the engine's non-blocking calls; unbinding waits for the service's thread
 * outside it. {@link #settings} is an immutable value swapped by {@link #modified}. The logger is
 * injected dynamically, so a Log Service that comes or goes never restarts the supervisor.
 */
abstract class SupervisorComponent implements Supervisor {

    private final String name;
    private final Settings defaults;
    private final SupervisorEngine engine;
    private final ClaimRegistry claims;
    private final Log log = new Log(() -> this.logger);
    private final SettingsParser.Result initial;
    private volatile Settings settings;

    private final Object lock = new Object(); // guards bindings, names and closed
    private final Map<Long, Binding> bindings = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private boolean closed;

    /** Injected by Declarative Services when a Log Service is there; null otherwise. */
    @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Logger logger;

    /** A whiteboard service this supervisor runs. */
    private record Binding(long serviceId, String name, BundleService service) {
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
        engine.start();
        log.info(this + " started (" + describe(settings) + ")");
    }

    /**
     * Applies a changed configuration live (DS modified): running services are not touched; the new
     * timings apply from the next restart or removal. An invalid configuration is logged and
     * ignored: the one in force stays.
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
        log.info(this + " configured (" + describe(settings) + ")");
    }

    /**
     * Stops supervising: cancels every service and waits for them, bounded by the shutdown timeout;
     * reports the ones that did not stop, with where they are stuck.
     */
    @Deactivate
    void deactivate() {
        List<Binding> ours;
        synchronized (lock) {
            closed = true;
            ours = new ArrayList<>(bindings.values());
            bindings.clear();
            names.clear();
        }
        engine.close();
        RunResult result = engine.termination().toCompletableFuture().getNow(null);
        Duration timeout = settings.shutdownTimeout();
        for (Binding binding : ours) {
            if (result != null && result.leftRunning().contains(binding.name())) {
                log.warn(this + ": service '" + binding.name() + "' (service.id " + binding.serviceId()
                        + ") did not stop within " + timeout + " of being cancelled and was left running at:"
                        + binding.service().whereStuck());
            } else {
                binding.service().awaitThreadEnd(timeout);
            }
            claims.release(binding.serviceId(), this);
        }
        log.info(this + " stopped");
    }

    /**
     * Runs a whiteboard service: claims it (a service another supervisor runs is left to it), names
     * it, and adds it to the engine on a thread whose context class loader is its bundle's.
     */
    @Reference(name = "services", service = Service.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindService(ServiceReference<Service> reference, Service service) {
        long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        Optional<Object> owner = claims.claim(id, this);
        if (owner.isPresent()) {
            log.warn(this + " does not run service.id " + id + " (" + describe(reference)
                    + "): " + owner.get() + " runs it already; a service never runs under two supervisors");
            return;
        }
        BundleService wrapped = new BundleService(service, classLoader(reference.getBundle(), service));
        ServiceNames.Choice choice;
        synchronized (lock) {
            if (closed) {
                claims.release(id, this);
                return;
            }
            choice = ServiceNames.choose(properties(reference), id, service.getClass(), names::contains);
            engine.add(choice.name(), wrapped);
            names.add(choice.name());
            bindings.put(id, new Binding(id, choice.name(), wrapped));
        }
        choice.notes().forEach(note -> log.warn(this + ": " + note));
    }

    /**
     * Stops running a whiteboard service that is going away: cancels it and blocks until its thread
     * has ended, at most the shutdown timeout, so its unregistration (say, its bundle stopping)
     * completes only then. One that did not stop in time is reported with where it is stuck.
     */
    void unbindService(ServiceReference<Service> reference) {
        long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        Binding binding;
        CompletableFuture<Boolean> removal;
        synchronized (lock) {
            binding = bindings.remove(id);
            if (binding == null) {
                return; // another supervisor's, or already stopped with this one
            }
            names.remove(binding.name());
            removal = engine.removeAsync(binding.name());
        }
        try {
            if (binding.service().isOwnThread()) {
                return; // unregistered from its own run: waiting here could never end
            }
            Duration timeout = settings.shutdownTimeout();
            if (!await(removal) || !binding.service().awaitThreadEnd(timeout)) {
                log.warn(this + ": service '" + binding.name() + "' (service.id " + id + ") did not stop within "
                        + timeout + " of being cancelled; it was removed while still running, at:"
                        + binding.service().whereStuck());
            }
        } finally {
            claims.release(id, this);
        }
    }

    /** Calls a whiteboard listener with every status change from now on; after start, first with the current state. */
    @Reference(name = "listeners", service = StatusListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(StatusListener listener) {
        engine.addListener(listener);
    }

    void unbindListener(StatusListener listener) {
        engine.removeListener(listener);
    }

    // ---- the Supervisor service: queries and listeners; the lifecycle belongs to DS ---------------

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
                + ", " + SupervisorConstants.LISTENERS_TARGET + "=" + settings.listenersTarget();
    }

    private static boolean await(CompletableFuture<Boolean> removal) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return removal.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
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
