package supervisor.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/**
 * Everything a supervisor needs before it starts: its name, its services (in the order they get
 * their ids), listeners, timing and threads. Immutable and checked when built; build one with
 * {@link #builder()} and hand it to {@code supervisor.core.SupervisorEngine.create(config)}.
 */
public final class Config {

    /** The supervisor's name when none is set. */
    public static final String DEFAULT_NAME = "supervisor";
    /** The restart interval when none is set. */
    public static final Duration DEFAULT_RESTART_INTERVAL = Duration.ofSeconds(1);
    /** The shutdown timeout when none is set. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** The listener backlog when none is set. */
    public static final int DEFAULT_LISTENER_BACKLOG = 1024;

    /** The shortest restart interval accepted: shorter would spin on a service that fails at once. */
    public static final Duration MIN_RESTART_INTERVAL = Duration.ofMillis(1);
    /** The longest restart interval accepted. */
    public static final Duration MAX_RESTART_INTERVAL = Duration.ofDays(1);
    /** The shortest shutdown timeout accepted. */
    public static final Duration MIN_SHUTDOWN_TIMEOUT = Duration.ofMillis(1);
    /** The longest shutdown timeout accepted. */
    public static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofHours(1);
    /** The largest listener backlog accepted. */
    public static final int MAX_LISTENER_BACKLOG = 1 << 20;
    /** How many updates of each service its history keeps when nothing is set. */
    public static final int DEFAULT_HISTORY_SIZE = 10;
    /** The largest history size accepted. */
    public static final int MAX_HISTORY_SIZE = 10_000;

    private final String name;
    private final Map<String, Service> services;
    private final Map<String, Policy> policies;
    private final List<StatusListener> listeners;
    private final Policy defaultPolicy;
    private final int historySize;
    private final RandomGenerator random;
    private final Duration restartInterval;
    private final Duration shutdownTimeout;
    private final int listenerBacklog;
    private final Scheduler scheduler;
    private final ThreadKind threadKind;
    private final ThreadFactory threadFactory;
    private final Executor listenerExecutor;
    private final System.Logger logger;

    private Config(Builder builder) {
        logger = builder.logger;
        name = builder.name;
        services = Collections.unmodifiableMap(new LinkedHashMap<>(builder.services));
        policies = Map.copyOf(builder.policies);
        listeners = List.copyOf(builder.listeners);
        defaultPolicy = builder.defaultPolicy;
        historySize = builder.historySize;
        random = builder.random;
        restartInterval = builder.restartInterval;
        shutdownTimeout = builder.shutdownTimeout;
        listenerBacklog = builder.listenerBacklog;
        scheduler = builder.scheduler;
        threadKind = builder.threadKind;
        threadFactory = builder.threadFactory;
        listenerExecutor = builder.listenerExecutor;
    }

    /** A builder with the defaults: no services, no listeners, the default timings and threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.name = name;
        builder.services.putAll(services);
        builder.policies.putAll(policies);
        builder.listeners.addAll(listeners);
        builder.defaultPolicy = defaultPolicy;
        builder.historySize = historySize;
        builder.random = random;
        builder.restartInterval = restartInterval;
        builder.shutdownTimeout = shutdownTimeout;
        builder.listenerBacklog = listenerBacklog;
        builder.scheduler = scheduler;
        builder.threadKind = threadKind;
        builder.threadFactory = threadFactory;
        builder.listenerExecutor = listenerExecutor;
        builder.logger = logger;
        return builder;
    }

    /**
     * The supervisor's name (default {@value #DEFAULT_NAME}): its threads are named
     * {@code <name>/<service>}, {@code <name>-listener-<n>} and {@code <name>-timer}, its log lines
     * start with it, and its events ({@link StatusEvent#supervisor()}) and result
     * ({@link RunResult#supervisor()}) carry it.
     */
    public String name() {
        return name;
    }

    /** The services by name, in the order they were added (the order of their ids); unmodifiable. */
    public Map<String, Service> services() {
        return services;
    }

    /** The policies of the services that have their own, by service name; unmodifiable. */
    public Map<String, Policy> policies() {
        return policies;
    }

    /**
     * The supervisor's default policy: what a service's own policy leaves unset comes from here,
     * and what this leaves unset from the built-in defaults (see {@link Policy}).
     */
    public Policy defaultPolicy() {
        return defaultPolicy;
    }

    /** How many of its latest updates each service's history keeps. */
    public int historySize() {
        return historySize;
    }

    /** The random source for jitter, if one was set; otherwise the supervisor seeds its own. */
    public Optional<RandomGenerator> random() {
        return Optional.ofNullable(random);
    }

    /** The listeners, in the order they were added; unmodifiable. */
    public List<StatusListener> listeners() {
        return listeners;
    }

    /**
     * How long after a run ends the service is started again, measured per service: the built-in
     * fixed delay, used where no policy sets a delay.
     */
    public Duration restartInterval() {
        return restartInterval;
    }

    /** How long shutting down (or removing a service) waits for services to stop. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How many events a listener may fall behind by before it is sent only the latest per service. */
    public int listenerBacklog() {
        return listenerBacklog;
    }

    /**
     * The scheduler to use, if one was set; otherwise the supervisor uses the system clock. It times
     * everything the supervisor waits for: restart delays, the restart limit's window, the times of
     * the updates, and the shutdown timeout of a stop, a removal and the shutdown (with a
     * {@link supervisor.testing.FakeScheduler}, these pass only as the test advances it), except
     * {@link SupervisorRuntime#removeListener}'s wait, which is on the real clock.
     */
    public Optional<Scheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /**
     * The kind of thread to run services on whose policy sets none (default
     * {@link ThreadKind#PLATFORM}); ignored when a {@link #threadFactory()} is set.
     */
    public ThreadKind threadKind() {
        return threadKind;
    }

    /**
     * The factory for every service thread, if one was set: it overrides {@link #threadKind()} and
     * the policies' thread kinds. The supervisor names each thread {@code <name>/<service>}.
     */
    public Optional<ThreadFactory> threadFactory() {
        return Optional.ofNullable(threadFactory);
    }

    /**
     * Where listener calls run, if set; otherwise on the supervisor's own daemon platform threads
     * ({@code <name>-listener-<n>}), made as needed and ended with the supervisor. Each listener is
     * still called serially, in order, and never while the supervisor holds its lock; its calls may
     * run on different threads of the executor. An executor that runs tasks on the calling thread
     * (such as {@code Runnable::run}) makes listener calls on the thread that made the change: a
     * service's own thread, the scheduler's, or the caller of a method of the supervisor. The
     * supervisor never shuts a given executor down.
     */
    public Optional<Executor> listenerExecutor() {
        return Optional.ofNullable(listenerExecutor);
    }

    /**
     * Where the supervisor's own log lines go, if set (each starts with {@code supervisor '<name>': });
     * otherwise {@code System.getLogger("supervisor.core")}. The OSGi adapter sets one that writes to
     * the OSGi Log Service. Services log through {@link ServiceContext#logger()}, which is not this.
     */
    public Optional<System.Logger> logger() {
        return Optional.ofNullable(logger);
    }

    @Override
    public String toString() {
        return "Config[name=" + name + ", services=" + services.keySet() + ", listeners=" + listeners.size()
                + ", restartInterval=" + restartInterval + ", shutdownTimeout=" + shutdownTimeout
                + ", listenerBacklog=" + listenerBacklog + ", threadKind=" + threadKind
                + ", defaultPolicy=" + defaultPolicy + ", policies=" + new java.util.TreeMap<>(policies)
                + ", historySize=" + historySize + "]";
    }

    /**
     * Checks a service name: not null, not empty or blank, no longer than 200 characters, no control
     * characters.
     *
     * @param name the name to check
     * @return the name
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is not a valid name; the message says why
     */
    public static String checkServiceName(String name) {
        return checkName("service name", name);
    }

    /**
     * Checks a supervisor name, by the same rules as {@link #checkServiceName(String)}.
     *
     * @param name the name to check
     * @return the name
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is not a valid name; the message says why
     */
    public static String checkSupervisorName(String name) {
        return checkName("supervisor name", name);
    }

    private static String checkName(String what, String name) {
        Objects.requireNonNull(name, () -> what + " must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty or blank, was '" + name + "'");
        }
        if (name.length() > 200) {
            throw new IllegalArgumentException(what + " must be at most 200 characters, was " + name.length()
                    + " ('" + name.substring(0, 40) + "...')");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must not contain control characters, was '"
                    + name.replaceAll("\\p{Cc}", "?") + "'");
        }
        return name;
    }

    /**
     * Checks a restart interval against {@link #MIN_RESTART_INTERVAL} and {@link #MAX_RESTART_INTERVAL}.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is out of range; the message names the value
     */
    public static Duration checkRestartInterval(Duration interval) {
        return checkRange("restartInterval", interval, MIN_RESTART_INTERVAL, MAX_RESTART_INTERVAL);
    }

    /**
     * Checks a shutdown timeout against {@link #MIN_SHUTDOWN_TIMEOUT} and {@link #MAX_SHUTDOWN_TIMEOUT}.
     *
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is out of range; the message names the value
     */
    public static Duration checkShutdownTimeout(Duration timeout) {
        return checkRange("shutdownTimeout", timeout, MIN_SHUTDOWN_TIMEOUT, MAX_SHUTDOWN_TIMEOUT);
    }

    /**
     * Checks a history size: from 1 to {@link #MAX_HISTORY_SIZE}.
     *
     * @throws IllegalArgumentException if it is out of range; the message names the value
     */
    public static int checkHistorySize(int size) {
        if (size < 1 || size > MAX_HISTORY_SIZE) {
            throw new IllegalArgumentException("historySize must be from 1 to " + MAX_HISTORY_SIZE + ", was " + size);
        }
        return size;
    }

    /**
     * Checks a listener backlog: from 1 to {@link #MAX_LISTENER_BACKLOG}.
     *
     * @throws IllegalArgumentException if it is out of range; the message names the value
     */
    public static int checkListenerBacklog(int backlog) {
        if (backlog < 1 || backlog > MAX_LISTENER_BACKLOG) {
            throw new IllegalArgumentException("listenerBacklog must be from 1 to " + MAX_LISTENER_BACKLOG
                    + ", was " + backlog);
        }
        return backlog;
    }

    static Duration checkRange(String what, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, () -> what + " must not be null");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /** Collects a {@link Config}. Not thread-safe; each setter checks its argument at once. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final Map<String, Service> services = new LinkedHashMap<>();
        private final Map<String, Policy> policies = new LinkedHashMap<>();
        private final List<StatusListener> listeners = new ArrayList<>();
        private Policy defaultPolicy = Policy.INHERIT;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private RandomGenerator random;
        private Duration restartInterval = DEFAULT_RESTART_INTERVAL;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private int listenerBacklog = DEFAULT_LISTENER_BACKLOG;
        private Scheduler scheduler;
        private ThreadKind threadKind = ThreadKind.PLATFORM;
        private ThreadFactory threadFactory;
        private Executor listenerExecutor;
        private System.Logger logger;

        private Builder() {
        }

        /**
         * Sets where the supervisor's own log lines go; see {@link Config#logger()}.
         *
         * @throws NullPointerException if it is null
         */
        public Builder logger(System.Logger value) {
            logger = Objects.requireNonNull(value, "logger must not be null");
            return this;
        }

        /** Sets the supervisor's name (default {@value Config#DEFAULT_NAME}); see {@link #checkSupervisorName}. */
        public Builder name(String value) {
            name = checkSupervisorName(value);
            return this;
        }

        /**
         * Sets where listener calls run; see {@link Config#listenerExecutor()}.
         *
         * @throws NullPointerException if it is null
         */
        public Builder listenerExecutor(Executor executor) {
            listenerExecutor = Objects.requireNonNull(executor, "listenerExecutor must not be null");
            return this;
        }

        /**
         * Adds a service. Names are unique within a supervisor.
         *
         * @throws NullPointerException if the name or the service is null
         * @throws IllegalArgumentException if the name is invalid (see {@link #checkServiceName}) or
         *     already taken
         */
        public Builder service(String name, Service service) {
            checkServiceName(name);
            Objects.requireNonNull(service, () -> "service '" + name + "' must not be null");
            if (services.containsKey(name)) {
                throw new IllegalArgumentException("duplicate service name '" + name + "': names must be unique");
            }
            services.put(name, service);
            return this;
        }

        /**
         * Adds a service with a policy of its own; what the policy leaves unset comes from the
         * default policy.
         *
         * @throws NullPointerException if the name, the service or the policy is null
         * @throws IllegalArgumentException if the name is invalid or already taken
         */
        public Builder service(String name, Service service, Policy policy) {
            Objects.requireNonNull(policy, () -> "policy of service '" + name + "' must not be null");
            service(name, service);
            policies.put(name, policy);
            return this;
        }

        /** Sets the default policy (default {@link Policy#INHERIT}: the built-in defaults). @throws NullPointerException if null */
        public Builder defaultPolicy(Policy policy) {
            defaultPolicy = Objects.requireNonNull(policy, "defaultPolicy must not be null");
            return this;
        }

        /** Sets how many updates each service's history keeps (default {@link #DEFAULT_HISTORY_SIZE}); see {@link #checkHistorySize}. */
        public Builder historySize(int size) {
            historySize = checkHistorySize(size);
            return this;
        }

        /**
         * Sets the random source for jitter, for instance a seeded one in tests. The supervisor
         * only uses it under its lock, so it need not be thread-safe.
         *
         * @throws NullPointerException if it is null
         */
        public Builder random(RandomGenerator value) {
            random = Objects.requireNonNull(value, "random must not be null");
            return this;
        }

        /**
         * Adds a listener.
         *
         * @throws NullPointerException if it is null
         */
        public Builder listener(StatusListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** Sets the restart interval (default {@link #DEFAULT_RESTART_INTERVAL}); see {@link #checkRestartInterval}. */
        public Builder restartInterval(Duration interval) {
            restartInterval = checkRestartInterval(interval);
            return this;
        }

        /** Sets the shutdown timeout (default {@link #DEFAULT_SHUTDOWN_TIMEOUT}); see {@link #checkShutdownTimeout}. */
        public Builder shutdownTimeout(Duration timeout) {
            shutdownTimeout = checkShutdownTimeout(timeout);
            return this;
        }

        /** Sets the listener backlog (default {@link #DEFAULT_LISTENER_BACKLOG}); see {@link #checkListenerBacklog}. */
        public Builder listenerBacklog(int backlog) {
            listenerBacklog = checkListenerBacklog(backlog);
            return this;
        }

        /**
         * Sets the scheduler (default: the system clock and a timer thread owned by the supervisor).
         *
         * @throws NullPointerException if it is null
         */
        public Builder scheduler(Scheduler value) {
            scheduler = Objects.requireNonNull(value, "scheduler must not be null");
            return this;
        }

        /**
         * Sets the kind of thread for services whose policy sets none (default
         * {@link ThreadKind#PLATFORM}; see {@link ThreadKind} for the trade-off).
         *
         * @throws NullPointerException if it is null
         * @throws IllegalArgumentException if it is {@link ThreadKind#VIRTUAL} and this JVM has no
         *     virtual threads
         */
        public Builder threadKind(ThreadKind kind) {
            threadKind = ThreadKind.check(kind);
            return this;
        }

        /**
         * Sets the factory for every service thread; it overrides {@link #threadKind(ThreadKind)}
         * and the policies' thread kinds. The supervisor names each thread {@code <name>/<service>}.
         *
         * @throws NullPointerException if it is null
         */
        public Builder threadFactory(ThreadFactory factory) {
            threadFactory = Objects.requireNonNull(factory, "threadFactory must not be null");
            return this;
        }

        /** The configuration; every value was checked when set. */
        public Config build() {
            return new Config(this);
        }
    }
}
