package supervisor.osgi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.RefusedRegistration;
import supervisor.api.Service;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;
import supervisor.core.SupervisorEngine;

/**
 * One supervisor of the OSGi adapter, in plain Java: its name, its configuration (checked, the last
 * good one kept), the engine, and the two whiteboards that feed it; and the {@link SupervisorRuntime}
 * that is registered for it, whose {@link #describe()} adds the whiteboards' refusals to the
 * engine's description. The Declarative Services shell ({@link SupervisorComponent}) calls
 * {@link #activate()}, {@link #modified(Map)} and {@link #deactivate()}, and hands registrations to
 * {@link #services()} and {@link #listeners()}.
 *
 * <p>The last good configuration: every configuration it accepts is kept in a {@link LastGoodStore}
 * (keyed by {@link #key}); when the configuration it is created with is invalid, it runs on the one
 * kept there, else on the defaults.
 *
 * <p>Concurrency: {@link #settings} is an immutable value swapped whole by {@link #modified(Map)},
 * which Declarative Services never calls concurrently with itself, activation or deactivation; the
 * whiteboards and the engine are thread-safe on their own.
 */
class Supervision implements SupervisorRuntime {

    private final String name;
    private final String owner;
    private final Settings defaults;
    private final Log log;
    private volatile SupervisorEngine engine; // replaced only by modified after the engine ended
    /** The listeners added through {@link #addListener}, so that an engine started afresh calls them too. */
    private final Set<StatusListener> added = ConcurrentHashMap.newKeySet();
    private final ServiceWhiteboard services;
    private final ListenerWhiteboard listeners;
    private final List<String> nameProblems;
    private final List<String> initialProblems;
    private final UnaryOperator<Config.Builder> tuning;
    private volatile Settings settings;
    /** Where each accepted configuration is kept, and under which key (the configuration PID). */
    private final LastGoodStore lastGood;
    private final String key;
    /** The last good configuration the supervisor runs on because its initial one is invalid, or null. */
    private final LastGoodStore.Saved restored;
    /** Why a kept configuration was ignored, logged at activation (the Log Service is injected after construction). */
    private final List<String> lastGoodWarnings;

    /**
     * Creates the engine and the whiteboards, not started: registrations may come before activation.
     *
     * @param fallbackName the name when {@value SupervisorConstants#NAME} is absent or invalid
     * @param properties the component properties, configuration included
     * @param defaults what absent properties mean
     * @param tuning adds what the properties cannot say to the engine's configuration (tests give a scheduler)
     */
    Supervision(String fallbackName, Map<String, ?> properties, Settings defaults, ClaimRegistry claims, Log log,
            UnaryOperator<Config.Builder> tuning) {
        this(fallbackName, properties, defaults, claims, log, tuning, LastGoodStore.NONE);
    }

    /**
     * As above, keeping each accepted configuration in {@code lastGood}, and running on the one kept
     * there when the initial configuration is invalid.
     */
    Supervision(String fallbackName, Map<String, ?> properties, Settings defaults, ClaimRegistry claims, Log log,
            UnaryOperator<Config.Builder> tuning, LastGoodStore lastGood) {
        List<String> problems = new ArrayList<>();
        this.name = name(properties, fallbackName, problems);
        this.nameProblems = List.copyOf(problems);
        problems.clear();
        this.owner = "supervisor '" + name + "'";
        this.defaults = defaults;
        this.log = log;
        this.tuning = tuning;
        SettingsParser.Result initial = SettingsParser.parse(properties, defaults);
        problems.addAll(initial.problems());
        this.initialProblems = List.copyOf(problems);
        this.lastGood = lastGood;
        this.key = key(properties, name);
        List<String> warnings = new ArrayList<>();
        this.restored = initial.isValid() ? null : lastGood.load(key, defaults, owner, warnings).orElse(null);
        this.lastGoodWarnings = List.copyOf(warnings);
        this.settings = initial.isValid() ? initial.settings() : restored != null ? restored.settings() : defaults;
        this.engine = SupervisorEngine.create(tuning.apply(settings.toConfig(name)).build());
        this.services = new ServiceWhiteboard(owner, engine, claims, log, settings.servicesTarget(),
                settings.shutdownTimeout());
        this.listeners = new ListenerWhiteboard(owner, engine, log, settings.listenersTarget());
        services.inherited(settings.defaultPolicy(), settings.restartInterval());
    }

    /**
     * The supervisor's name: {@value SupervisorConstants#NAME} if it is a valid supervisor name
     * ({@link Config#checkSupervisorName}), else {@code fallback}, recording the problem.
     */
    static String name(Map<String, ?> properties, String fallback, List<String> problems) {
        Object value = properties.get(SupervisorConstants.NAME);
        if (Values.isUnset(value)) {
            return fallback;
        }
        try {
            Object single = Values.single(value);
            if (!(single instanceof String text)) {
                throw new IllegalArgumentException("not a String");
            }
            return Config.checkSupervisorName(text);
        } catch (RuntimeException e) {
            problems.add(Values.problem(SupervisorConstants.NAME, value, e.getMessage(),
                    "a supervisor name: not blank, at most 200 characters, no control characters; running as '"
                            + fallback + "'"));
            return fallback;
        }
    }

    /**
     * The key of the supervisor's last good configuration: its configuration PID ({@code service.pid},
     * for the default supervisor without a configuration its {@code component.name}, which is the
     * same), else its name. Keyed by PID, a configuration that changes the name as well as making
     * a mistake still finds the configuration it replaced.
     */
    static String key(Map<String, ?> properties, String name) {
        for (String property : List.of("service.pid", "component.name")) {
            Object value = properties.get(property);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return name;
    }

    /** The services' whiteboard. */
    ServiceWhiteboard services() {
        return services;
    }

    /** The listeners' whiteboard. */
    ListenerWhiteboard listeners() {
        return listeners;
    }

    /** The settings in force. */
    Settings settings() {
        return settings;
    }

    /** Starts supervising; logs the problems of the initial configuration, if any. */
    void activate() {
        nameProblems.forEach(problem -> log.error(owner + ": " + problem));
        lastGoodWarnings.forEach(log::warn);
        if (restored != null) {
            log.warn(owner + ": configuration rejected: " + String.join("; ", initialProblems)
                    + "; running on the last good configuration, accepted at " + restored.acceptedAt() + " and kept in "
                    + restored.file() + " (" + describe(settings) + ")");
        } else if (!initialProblems.isEmpty()) {
            log.error(owner + ": configuration rejected, running on the defaults (" + describe(settings) + "): "
                    + String.join("; ", initialProblems));
        } else {
            lastGood.save(key, settings, owner);
        }
        warnFixedDelay(settings);
        start(engine);
        log.info(owner + " started (" + describe(settings) + ")");
    }

    /**
     * Says (WARN) when the default policy's {@code max.delay} is below {@code restart.interval}, its
     * first delay: as {@link Policy} documents, a maxDelay below minDelay counts as minDelay, so the
     * restarts wait a fixed {@code restart.interval}.
     */
    private void warnFixedDelay(Settings next) {
        next.defaultPolicy().maxDelay().filter(max -> max.compareTo(next.restartInterval()) < 0).ifPresent(max ->
                log.warn(owner + ": " + SupervisorConstants.CONFIG_MAX_DELAY + " " + max + " is below "
                        + SupervisorConstants.RESTART_INTERVAL + " " + next.restartInterval() + ", the first delay; a"
                        + " maxDelay below minDelay counts as minDelay, so restarts wait a fixed "
                        + next.restartInterval() + " (no backoff)"));
    }

    private void start(SupervisorEngine started) {
        started.start();
        started.termination().thenAccept(result -> {
            if (result.escalation() != null) {
                log.error(owner + " shut down because a service policy escalates: " + result.escalation()
                        + "; it supervises nothing until a valid configuration is applied again (supervisor:reset "
                        + name + ", or update its configuration) or it is activated again");
            }
        });
    }

    /**
     * The engine ended (a policy escalated) and a valid configuration came: gives back what the old
     * engine ran, and starts a new engine with every bound registration its filters select and the
     * listeners added through the API. Called by {@link #modified} only, which DS never calls
     * concurrently with itself, activation or deactivation.
     */
    private void startAfresh(Settings next) {
        SupervisorEngine old = engine;
        String why = old.describe().escalation();
        ServiceWhiteboard.Closing closingServices = services.close();
        ListenerWhiteboard.Closing closingListeners = listeners.close();
        old.close(); // it has ended: returns at once
        listeners.ungetClosed(closingListeners);
        services.awaitClosed(closingServices, old.termination().toCompletableFuture().getNow(null));
        SupervisorEngine fresh = SupervisorEngine.create(tuning.apply(next.toConfig(name)).build());
        added.forEach(fresh::addListener);
        settings = next;
        engine = fresh;
        services.shutdownTimeout(next.shutdownTimeout());
        services.inherited(next.defaultPolicy(), next.restartInterval());
        start(fresh);
        listeners.reopen(fresh, next.listenersTarget());
        services.reopen(fresh, next.servicesTarget());
        log.info(owner + " started again (" + describe(next) + ") after it had ended"
                + (why == null ? "" : " because a service policy escalated: " + why));
    }

    /**
     * Applies a changed configuration live: running services are not restarted; new timings apply
     * from the next restart or removal; services and listeners that a changed filter no longer
     * selects are stopped (blocking, as for an unregistration) and newly selected ones started. An
     * invalid configuration is logged and ignored: the one in force stays, whole. The name is read
     * at activation only.
     */
    void modified(Map<String, ?> properties) {
        SettingsParser.Result result = SettingsParser.parse(properties, defaults);
        if (!result.isValid()) {
            log.error(owner + ": configuration rejected, keeping the one in force (" + describe(settings) + "): "
                    + String.join("; ", result.problems()));
            return;
        }
        Settings next = result.settings();
        lastGood.save(key, next, owner);
        warnFixedDelay(next);
        if (engine.describe().state() == SupervisorDescription.State.ENDED) {
            startAfresh(next);
            return;
        }
        engine.reconfigure(tuning.apply(next.toConfig(name)).build());
        settings = next;
        services.shutdownTimeout(next.shutdownTimeout());
        services.inherited(next.defaultPolicy(), next.restartInterval());
        listeners.retarget(next.listenersTarget());
        services.retarget(next.servicesTarget());
        log.info(owner + " configured (" + describe(next) + ")");
        List<String> ignored = new ArrayList<>();
        String named = name(properties, name, ignored);
        if (!named.equals(name)) {
            log.warn(owner + ": " + SupervisorConstants.NAME + " = '" + named + "' applies only when the supervisor"
                    + " starts again; it keeps the name '" + name + "'");
        }
    }

    /**
     * Stops supervising: cancels every service and waits for them, all together at most the shutdown
     * timeout; reports the ones that did not stop, with where they are stuck; gives the listeners
     * back after their last events.
     */
    void deactivate() {
        deactivate(false);
    }

    /**
     * As {@link #deactivate()}; when {@code configurationDeleted}, the last good configuration is
     * forgotten too: a configuration made later under the same PID starts from nothing.
     */
    void deactivate(boolean configurationDeleted) {
        if (configurationDeleted) {
            lastGood.delete(key, owner);
        }
        ServiceWhiteboard.Closing closingServices = services.close();
        ListenerWhiteboard.Closing closingListeners = listeners.close();
        engine.close(); // listeners have had their last events when this returns
        listeners.ungetClosed(closingListeners);
        services.awaitClosed(closingServices, engine.termination().toCompletableFuture().getNow(null));
        log.info(owner + " stopped");
    }

    // ---- SupervisorRuntime -----------------------------------------------------------------------

    @Override
    public String name() {
        return name;
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
    public List<StatusUpdate> history(String serviceName) {
        return engine.history(serviceName);
    }

    @Override
    public Policy policy(String serviceName) {
        return engine.policy(serviceName);
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
    public void addListener(StatusListener listener) {
        added.add(listener);
        engine.addListener(listener);
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        boolean had = added.remove(listener);
        return engine.removeListener(listener) || had;
    }

    /** The engine's description, with the registrations the whiteboards refuse now (services first, each by id). */
    @Override
    public SupervisorDescription describe() {
        List<RefusedRegistration> refused = new ArrayList<>(services.refusals());
        refused.addAll(listeners.refusals());
        refused.sort(Comparator.comparing((RefusedRegistration r) -> !r.type().equals(Service.class.getName()))
                .thenComparingLong(RefusedRegistration::serviceId));
        return engine.describe().withRefused(refused);
    }

    @Override
    public String toString() {
        return owner;
    }

    static String describe(Settings settings) {
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
}
