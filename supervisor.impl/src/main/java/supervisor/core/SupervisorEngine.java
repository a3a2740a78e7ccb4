package supervisor.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.Supervisor;
import supervisor.api.SupervisorDescription;
import supervisor.api.ThreadKind;

/**
 * The supervisor engine: plain Java, no OSGi. Create one with {@link #create(Config)}.
 *
 * <p>Rooms: each service's state machine is a {@link ServiceCell}; what listeners and readers see
 * (the snapshot and one channel per listener) is the {@link StatusHub}; the end of the supervisor
 * (its one deadline, the stuck-service report, the {@link RunResult}) is the {@link Shutdown}; the
 * scheduler is wrapped once in a {@link GuardedScheduler}; the restart decisions are the pure
 * {@link RestartRules}. This class owns the lifecycle and the lock, and ties them together.
 *
 * <p>Concurrency: one {@link ReentrantLock}, {@link #lock}, guards the lifecycle state, the
 * cells' contents, the live runs and the shutdown's bookkeeping. It is held only for short,
 * non-blocking bookkeeping, and never while calling services, listeners or cancellation
 * callbacks, nor while handing work to a thread: under it the engine only <em>enqueues</em> events
 * (on every channel, so every listener sees one order), and after releasing it,
 * {@link #unlock()} <em>dispatches</em> them to the listener executor. Runs are handed to their
 * threads (a worker of the {@link PlatformPool}, or a new thread) and cancelled after it is
 * released too. The scheduler and the random source are called
 * under it: their contracts say they must not block. Lock-free reads: the snapshot and channel
 * list (volatile, immutable), the name index {@link #byName} (a concurrent map written under the
 * lock), {@link #settings} (volatile, immutable). Precedence when a run ends: removal, then
 * shutdown, then a restart by hand, then a stop by hand, then the service's policy (see
 * {@link ServiceCell#runEnded}). {@code docs/design.md} tells the whole story.
 */
public final class SupervisorEngine implements Supervisor {

    /**
     * On a listener's thread while it runs: the engine it belongs to. Services' threads are not
     * marked (a thread-local map would cost every run about 140 bytes): {@link #onOwnThread} looks
     * for the caller among the live runs instead.
     */
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    private enum State { NEW, RUNNING, STOPPING, TERMINATED }

    private final String name;
    private final EngineLog log;
    private final GuardedScheduler scheduler;
    private final OwnedTimer ownedTimer; // null when the config supplies the scheduler
    private final OwnedTimer poolTimer; // the timer of the pool's keep-alive when the config supplies the scheduler, else null
    private final PlatformPool pool;
    private final Executor listenerExecutor;
    private final ExecutorService ownedListenerThreads; // null when the config supplies the executor
    private final ReentrantLock lock = new ReentrantLock();
    private final RandomGenerator random; // under lock only
    private final StatusHub hub;
    private final Shutdown shutdown;
    private final String futexHashSlots; // the system property as read at creation; applied at the start (FutexHash)

    // Guarded by lock.
    private volatile State state = State.NEW; // volatile for describe, messages and toString only
    private long nextId;
    private final LiveRuns liveRuns = new LiveRuns(); // a run's beginning and end cost O(1), no allocation

    // Written under lock, read without it.
    private final Map<String, ServiceCell> byName = new ConcurrentHashMap<>();
    private volatile Settings settings;
    private volatile Set<Thread> leftRunning = Set.of(); // the threads of the runs left running at the end

    /** The settings that may change while running. */
    private record Settings(Duration restartInterval, Duration shutdownTimeout, int listenerBacklog, ThreadKind threadKind,
            ThreadFactory threads, Policy defaultPolicy, int historySize) {
        static Settings of(Config config) {
            return new Settings(config.restartInterval(), config.shutdownTimeout(), config.listenerBacklog(),
                    config.threadKind(), config.threadFactory().orElse(null), config.defaultPolicy(), config.historySize());
        }
    }

    private SupervisorEngine(Config config, PlatformPool.Settings poolSettings) {
        name = config.name();
        log = new EngineLog(name, config.logger().orElseGet(() -> System.getLogger("supervisor.core")));
        futexHashSlots = System.getProperty(FutexHash.PROPERTY);
        FutexHash.parse(futexHashSlots); // a malformed value fails here, before anything starts
        settings = Settings.of(config);
        random = config.random().orElseGet(java.util.Random::new);
        if (config.scheduler().isPresent()) {
            ownedTimer = null;
            scheduler = new GuardedScheduler(config.scheduler().get(), log);
        } else {
            ownedTimer = new OwnedTimer(name + "-timer");
            scheduler = new GuardedScheduler(ownedTimer, log);
        }
        if (config.listenerExecutor().isPresent()) {
            ownedListenerThreads = null;
            listenerExecutor = config.listenerExecutor().get();
        } else {
            ownedListenerThreads = Executors.newCachedThreadPool(Threads.platformNamed(name + "-listener"));
            listenerExecutor = ownedListenerThreads;
        }
        GuardedScheduler poolClock;
        if (poolSettings.clock() != null) {
            poolTimer = null;
            poolClock = new GuardedScheduler(poolSettings.clock(), log);
        } else if (ownedTimer != null) {
            poolTimer = null;
            poolClock = scheduler;
        } else {
            poolTimer = new OwnedTimer(name + "-pool-timer");
            poolClock = new GuardedScheduler(poolTimer, log);
        }
        pool = new PlatformPool(name, poolClock, poolSettings.keepAlive(), poolSettings.maxIdle(), byName::size);
        hub = new StatusHub(name, log);
        shutdown = new Shutdown(name, log);
        config.services().forEach((service, body) -> addCell(service, body, config.policies().getOrDefault(service, Policy.INHERIT)));
        config.listeners().forEach(this::addListener);
    }

    /**
     * A supervisor for {@code config}, not yet started.
     *
     * @throws NullPointerException if config is null
     * @throws IllegalArgumentException if one of the supervisor's system properties
     *     ({@code supervisor.pool.keepAlive}, {@code supervisor.pool.maxIdle},
     *     {@code supervisor.futexHashSlots}) is set to something it does not take
     */
    public static SupervisorEngine create(Config config) {
        return create(config, PlatformPool.Settings.fromSystemProperties());
    }

    /** A supervisor whose platform-thread pool has the given settings (tests time its keep-alive with them). */
    static SupervisorEngine create(Config config, PlatformPool.Settings pool) {
        return new SupervisorEngine(Objects.requireNonNull(config, "config must not be null"),
                Objects.requireNonNull(pool, "pool settings must not be null"));
    }

    /** The supervisor's pool of platform threads (for tests). */
    PlatformPool pool() {
        return pool;
    }

    /**
     * Applies the restart interval, default policy, shutdown timeout, listener backlog, history size
     * and threads of {@code config} from now on: the next run that ends follows the new interval and
     * policy, the next shutdown, stop or removal waits the new timeout, listeners added later get the
     * new backlog, runs started later use the new threads. Runs in progress are not touched. The
     * name, services, their policies, the listeners, the scheduler, the listener executor and the
     * random source of {@code config} are ignored.
     *
     * @throws NullPointerException if config is null
     */
    public void reconfigure(Config config) {
        settings = Settings.of(Objects.requireNonNull(config, "config must not be null"));
    }

    @Override
    public String name() {
        return name;
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    @Override
    public void start() {
        if (!startIfNew()) {
            throw new IllegalStateException("supervisor '" + name + "' was already started; it is " + state);
        }
    }

    @Override
    public RunResult run() {
        if (onOwnThread()) {
            throw new IllegalStateException("run() on a thread of supervisor '" + name + "''s own services or listeners"
                    + " would wait for itself; call cancel() instead");
        }
        startIfNew();
        return awaitTermination();
    }

    /** Starts every service not stopped by hand, all in one snapshot; false if the supervisor was not new. */
    private boolean startIfNew() {
        // at the start, not at creation: in OSGi the Log Service is injected after the engine is made
        FutexHash.applyOnce(futexHashSlots, log);
        List<RunContext> runs = new ArrayList<>();
        lock.lock();
        try {
            if (state != State.NEW) {
                return false;
            }
            state = State.RUNNING;
            List<StatusUpdate> idle = new ArrayList<>();
            byName.values().stream().sorted(Comparator.comparingLong(cell -> cell.id)).forEach(cell -> {
                if (cell.intent() == ServiceCell.Intent.HOLD) { // stopped before the start: listed, not run
                    idle.add(record(cell, update(cell, scheduler.now(), Status.STOPPED, Reason.STOPPED_BY_REQUEST, null,
                            null, "stopped by request before the start")));
                    return;
                }
                RunContext run = cell.begin(Reason.STARTED, log, threadsFor(cell));
                liveRuns.add(run);
                runs.add(run);
                idle.add(record(cell, update(cell, scheduler.now(), Status.IDLE, Reason.STARTED, null, null, null)));
            });
            hub.publishAll(idle);
        } finally {
            unlock();
        }
        runs.forEach(this::launch);
        return true;
    }

    @Override
    public void cancel() {
        List<RunContext> toCancel;
        boolean nothingToWaitFor;
        lock.lock();
        try {
            if (state == State.STOPPING || state == State.TERMINATED) {
                return;
            }
            state = State.STOPPING;
            for (ServiceCell cell : byName.values()) {
                if (cell.callOffRestart()) {
                    revise(cell, Reason.SHUTTING_DOWN, "restart called off: the supervisor is shutting down");
                }
            }
            toCancel = List.copyOf(liveRuns);
            nothingToWaitFor = shutdown.nothingToWaitFor(liveRuns);
            shutdown.begin(scheduler, settings.shutdownTimeout, this::deadlinePassed);
        } finally {
            unlock();
        }
        pool.close();
        toCancel.forEach(RunContext::cancel);
        if (nothingToWaitFor) {
            runsOver(false);
        }
    }

    @Override
    public void close() {
        cancel();
        if (onOwnThread()) {
            return; // a service or listener of this supervisor: waiting here could never end
        }
        awaitTermination();
    }

    @Override
    public CompletionStage<RunResult> termination() {
        return shutdown.termination().minimalCompletionStage();
    }

    // ---- membership ------------------------------------------------------------------------------

    @Override
    public long add(String service, Service body) {
        return add(service, body, Policy.INHERIT);
    }

    @Override
    public long add(String service, Service body, Policy policy) {
        Config.checkServiceName(service);
        Objects.requireNonNull(body, () -> "service '" + service + "' must not be null");
        Objects.requireNonNull(policy, () -> "policy of service '" + service + "' must not be null");
        RunContext run = null;
        ServiceCell cell;
        lock.lock();
        try {
            if (state == State.STOPPING || state == State.TERMINATED) {
                throw new IllegalStateException("cannot add service '" + service + "': supervisor '" + name + "' is "
                        + state);
            }
            cell = addCell(service, body, policy);
            if (state == State.RUNNING) {
                run = beginRun(cell, Reason.STARTED);
            }
        } finally {
            unlock();
        }
        if (run != null) {
            launch(run);
        }
        return cell.id;
    }

    @Override
    public boolean remove(String service) {
        RunContext run = runOf(service);
        CompletableFuture<Boolean> removal = removeAsync(service);
        return isOwnThread(run) || (join(removal) && released(run));
    }

    /**
     * Starts removing a service and returns at once; see {@link #remove(String)}.
     *
     * @return completes with true once the service's run has ended (its thread is then finishing
     *     its last instructions; {@link #remove(String)} also waits for that), false if it was left
     *     running at the timeout
     */
    public CompletableFuture<Boolean> removeAsync(String service) {
        RunContext run;
        CompletableFuture<Boolean> removal;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(service);
            if (state == State.TERMINATED) {
                throw new IllegalStateException("cannot remove service '" + service + "': supervisor '" + name
                        + "' has ended");
            }
            byName.remove(service);
            cell.remove();
            run = cell.run();
            if (run == null) {
                drop(cell);
                removal = CompletableFuture.completedFuture(true);
            } else {
                removal = awaitRunEnd(cell);
            }
        } finally {
            unlock();
        }
        pool.trim(); // fewer services: fewer parked threads may be kept
        if (run != null) {
            run.cancel();
        }
        return removal;
    }

    /**
     * Replaces a service's own policy. It applies from the next end of a run on (its thread kind
     * from the next run on); a restart already scheduled keeps its time, and the backoff and
     * restart limit keep what they know.
     *
     * @throws NullPointerException if the name or the policy is null
     * @throws IllegalArgumentException if no service has that name
     */
    public void setPolicy(String service, Policy policy) {
        Objects.requireNonNull(policy, () -> "policy of service '" + service + "' must not be null");
        lock.lock();
        try {
            cellNamed(service).setPolicy(policy);
        } finally {
            unlock();
        }
    }

    // ---- manual control --------------------------------------------------------------------------

    @Override
    public boolean stop(String service) {
        RunContext run = runOf(service);
        CompletableFuture<Boolean> stopped = stopAsync(service);
        return isOwnThread(run) || (join(stopped) && released(run));
    }

    /**
     * Starts stopping a service by hand and returns at once; see {@link #stop(String)}.
     *
     * @return completes with true if no run is left, false if one was still running at the timeout
     */
    public CompletableFuture<Boolean> stopAsync(String service) {
        RunContext run;
        CompletableFuture<Boolean> stopped;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(service);
            if (state == State.TERMINATED) {
                throw new IllegalStateException("cannot stop service '" + service + "': supervisor '" + name
                        + "' has ended");
            }
            if (cell.hold()) {
                revise(cell, Reason.STOPPED_BY_REQUEST, "stopped by request");
            }
            run = cell.run();
            if (run == null) {
                return CompletableFuture.completedFuture(true);
            }
            stopped = awaitRunEnd(cell);
        } finally {
            unlock();
        }
        run.cancel();
        return stopped;
    }

    @Override
    public boolean start(String service) {
        RunContext run;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(service);
            requireRunning("start", service);
            if (cell.run() != null) {
                return false;
            }
            cell.resetTrack();
            run = beginRun(cell, Reason.STARTED_BY_REQUEST);
        } finally {
            unlock();
        }
        launch(run);
        return true;
    }

    @Override
    public void restart(String service) {
        RunContext toCancel = null;
        RunContext toLaunch = null;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(service);
            requireRunning("restart", service);
            if (cell.requestRestart()) {
                toCancel = cell.run();
            } else {
                toLaunch = beginRun(cell, Reason.RESTARTED_BY_REQUEST);
            }
        } finally {
            unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (toLaunch != null) {
            launch(toLaunch);
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    @Override
    public List<StatusUpdate> history(String service) {
        lock.lock();
        try {
            return cellNamed(service).history();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<StatusUpdate> statuses() {
        return snapshot();
    }

    @Override
    public Optional<StatusUpdate> status(String service) {
        ServiceCell cell = byName.get(Objects.requireNonNull(service, "service name must not be null"));
        return cell == null ? Optional.empty() : Optional.ofNullable(snapshot().find(cell.id));
    }

    @Override
    public Policy policy(String service) {
        lock.lock();
        try {
            return policyInForce(cellNamed(service));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SupervisorDescription describe() {
        lock.lock();
        try {
            Settings now = settings;
            List<ServiceDescription> services = byName.values().stream()
                    .sorted(Comparator.comparingLong(cell -> cell.id))
                    .map(cell -> {
                        StatusUpdate latest = cell.latest();
                        return new ServiceDescription(cell.id, cell.name,
                                latest == null ? null : latest.status(),
                                latest == null ? null : latest.reason(),
                                latest == null ? null : latest.time(),
                                cell.restarts(), cell.nextRestart(), cell.lastFailure(),
                                cell.intent() == ServiceCell.Intent.HOLD, policyInForce(cell));
                    })
                    .toList();
            SupervisorDescription.State described = switch (state) {
                case NEW -> SupervisorDescription.State.NEW;
                case RUNNING -> SupervisorDescription.State.RUNNING;
                case STOPPING -> SupervisorDescription.State.STOPPING;
                case TERMINATED -> SupervisorDescription.State.ENDED;
            };
            return new SupervisorDescription(name, scheduler.now(), described, shutdown.escalation(),
                    new SupervisorDescription.Settings(now.restartInterval, now.shutdownTimeout, now.listenerBacklog,
                            now.historySize, now.threadKind, now.defaultPolicy),
                    services, List.of());
        } finally {
            lock.unlock();
        }
    }

    // ---- listeners -------------------------------------------------------------------------------

    @Override
    public void addListener(StatusListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        lock.lock();
        try {
            if (state != State.TERMINATED) {
                hub.add(listener, listenerExecutor, settings.listenerBacklog, CURRENT, this, state != State.NEW);
            }
        } finally {
            unlock();
        }
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        ListenerChannel removed;
        lock.lock();
        try {
            removed = hub.remove(listener);
        } finally {
            unlock();
        }
        if (removed != null) {
            removed.detach();
            if (!removed.awaitIdle(settings.shutdownTimeout)) {
                log.log(Level.WARNING, "status listener " + ListenerChannel.nameOf(listener) + " was removed while"
                        + " its call had not returned within " + settings.shutdownTimeout);
            }
        }
        return removed != null;
    }

    @Override
    public String toString() {
        return "SupervisorEngine[" + name + ", " + state + ", services=" + snapshot().size() + "]";
    }

    // ---- runs ------------------------------------------------------------------------------------

    /**
     * The latest update of every service: lock-free while every change is in the hub's snapshot;
     * otherwise (changes made without a listener) folds them in under the lock first.
     */
    private Snapshot snapshot() {
        if (!hub.stale()) {
            return hub.folded();
        }
        lock.lock();
        try {
            return hub.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Releases the lock, then dispatches what was published under it: no executor call happens under the lock. */
    private void unlock() {
        boolean dispatch = hub.takeDispatch();
        lock.unlock();
        if (dispatch) {
            hub.dispatch();
        }
    }

    /** Under lock: the service named {@code service}. */
    private ServiceCell cellNamed(String service) {
        Objects.requireNonNull(service, "service name must not be null");
        ServiceCell cell = byName.get(service);
        if (cell == null) {
            throw new IllegalArgumentException("supervisor '" + name + "' has no service named '" + service
                    + "'; its services are " + someNames());
        }
        return cell;
    }

    /** The service names for an error message: all of them, sorted, or the first 20 and how many more. */
    private String someNames() {
        List<String> names = byName.keySet().stream().sorted().collect(Collectors.toList());
        return names.size() <= 20 ? names.toString()
                : names.subList(0, 20).toString().replace("]", ", ... and " + (names.size() - 20) + " more]");
    }

    /** Under lock. */
    private void requireRunning(String what, String service) {
        if (state != State.RUNNING) {
            throw new IllegalStateException("cannot " + what + " service '" + service + "': supervisor '" + name
                    + "' is " + state);
        }
    }

    /** Under lock: registers a new service. */
    private ServiceCell addCell(String service, Service body, Policy policy) {
        if (byName.containsKey(service)) {
            throw new IllegalArgumentException("duplicate service name '" + service + "': names must be unique");
        }
        policy.threadKind().ifPresent(ThreadKind::check);
        ServiceCell cell = new ServiceCell(nextId++, service, body, policy);
        byName.put(service, cell);
        return cell;
    }

    /** The named service's run in progress, or null. */
    private RunContext runOf(String service) {
        lock.lock();
        try {
            return cellNamed(service).run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the caller runs one of this supervisor's listeners or live runs, so that waiting for
     * the supervisor's end could never return. O(live runs), for the calls made once per supervisor.
     */
    private boolean onOwnThread() {
        if (CURRENT.get() == this) {
            return true;
        }
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            for (RunContext run : liveRuns) {
                if (run.thread() == me) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock(); // nothing was published
        }
    }

    /** Whether the caller is the run's own thread (which must not wait for itself). */
    private static boolean isOwnThread(RunContext run) {
        return run != null && run.thread() == Thread.currentThread();
    }

    /** Under lock: the policy in force for a cell, every setting resolved. */
    private Policy policyInForce(ServiceCell cell) {
        Settings now = settings;
        return RestartRules.Rules.resolve(cell.policy(), now.defaultPolicy, now.restartInterval).toPolicy(threadKindOf(cell, now));
    }

    /** Under lock: the thread kind of a cell: its policy's, else the default policy's, else the supervisor's, all of {@code now}. */
    private static ThreadKind threadKindOf(ServiceCell cell, Settings now) {
        return cell.policy().threadKind().or(() -> now.defaultPolicy.threadKind()).orElse(now.threadKind);
    }

    /**
     * Under lock: what makes the thread of a new run of {@code cell}: the configured factory, else
     * its thread kind's; null for a platform thread of the {@link #pool}.
     */
    private ThreadFactory threadsFor(ServiceCell cell) {
        Settings now = settings; // read once: reconfigure replaces it without the lock
        if (now.threads != null) {
            return now.threads;
        }
        ThreadKind kind = threadKindOf(cell, now);
        return kind == ThreadKind.PLATFORM ? null : Threads.of(kind);
    }

    /** Under lock: a new run of {@code cell}, announced as IDLE; its thread is started by {@link #launch}. */
    private RunContext beginRun(ServiceCell cell, Reason why) {
        RunContext run = cell.begin(why, log, threadsFor(cell));
        liveRuns.add(run);
        publish(cell, update(cell, scheduler.now(), Status.IDLE, why, null, null, null));
        return run;
    }

    /**
     * Outside the lock: hands the run to a thread named {@code <supervisor>/<service>}: a worker of
     * the {@link #pool} for platform threads, else a new thread of the run's factory.
     */
    private void launch(RunContext run) {
        try {
            if (run.pooled()) {
                pool.execute(run.cell.threadName(name), () -> execute(run, false));
                return;
            }
            start(run.threads(), run.cell, new RunBody(this, run));
        } catch (Throwable t) {
            log.log(Level.ERROR, "could not start a thread for service '" + run.cell.name + "'", t);
            ended(run, new IllegalStateException("could not start a thread for service '" + run.cell.name + "'", t));
        }
    }

    private void start(ThreadFactory threads, ServiceCell cell, Runnable body) {
        Thread thread = threads.newThread(body);
        if (thread == null) {
            throw new IllegalStateException("the thread factory returned null");
        }
        thread.setName(cell.threadName(name));
        thread.start();
    }

    /**
     * What a run's own (virtual or factory-made) thread runs: its run, or the restart handed to it
     * ({@link #restartDue}), which it begins and then runs. A class rather than a lambda, so an idle
     * service's parked stack has one frame of ours fewer beneath the service.
     */
    private static final class RunBody implements Runnable {
        private final SupervisorEngine engine;
        private final RunContext run;
        private final ServiceCell cell;
        private final ServiceCell.PendingRestart handedOver;

        /** A run begun already. */
        RunBody(SupervisorEngine engine, RunContext run) {
            this(engine, run, null, null);
        }

        /** The restart of {@code cell} handed over to the thread, which begins it. */
        RunBody(SupervisorEngine engine, ServiceCell cell, ServiceCell.PendingRestart handedOver) {
            this(engine, null, cell, handedOver);
        }

        private RunBody(SupervisorEngine engine, RunContext run, ServiceCell cell, ServiceCell.PendingRestart handedOver) {
            this.engine = engine;
            this.run = run;
            this.cell = cell;
            this.handedOver = handedOver;
        }

        @Override
        public void run() {
            if (run != null) {
                engine.execute(run, false);
                return;
            }
            RunContext begun = engine.beginDue(cell, handedOver);
            if (begun != null) {
                engine.execute(begun, true);
            }
        }
    }

    /**
     * The body of a service's thread. @return whether a pooled thread may go back to the pool: not
     * when someone waits for the thread to end (a stop or removal), nor when the supervisor is
     * shutting down
     *
     * @param marked whether the run was marked RUNNING already, as it began ({@link #beginDue})
     */
    private boolean execute(RunContext run, boolean marked) {
        run.bindThread(Thread.currentThread());
        Throwable failure = null;
        boolean reusable = false;
        try {
            if (marked || markRunning(run)) {
                run.cell.service.run(run);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                reusable = ended(run, failure) && run.pooled();
            } finally {
                run.releaseThread(reusable);
            }
        }
        return reusable;
    }

    private boolean markRunning(RunContext run) {
        lock.lock();
        try {
            return markedRunning(run);
        } finally {
            unlock();
        }
    }

    /** Under lock: marks the run RUNNING and publishes that; false (nothing changes) if it is no longer its cell's or is cancelled. */
    private boolean markedRunning(RunContext run) {
        Instant now = scheduler.now();
        if (!run.cell.markRunning(run, now)) {
            return false;
        }
        publish(run.cell, update(run.cell, now, Status.RUNNING, run.cell.runReason(), null, null, null));
        return true;
    }

    /**
     * A run ended: publish how, then do what comes first by precedence (see {@link ServiceCell#runEnded}).
     *
     * @return whether the run's thread may serve another run: the service stays supervised and
     *     nobody waits for its thread to end
     */
    private boolean ended(RunContext run, Throwable failure) {
        ServiceCell cell = run.cell;
        Status status = classify(failure, run.isCancelled());
        Throwable error = status.isFailure() ? failure : null;
        List<Runnable> afterUnlock = new ArrayList<>(); // no array until something is added: usually nothing is
        boolean runsOver;
        boolean reusable = false;
        lock.lock();
        try {
            liveRuns.remove(run);
            shutdown.ended(run);
            Instant now = scheduler.now();
            ServiceCell.Ended end = cell.runEnded(run, now, state == State.RUNNING);
            if (end != null) {
                switch (end.next()) {
                    case DROP -> {
                        if (hub.snapshot().find(cell.id) != null) {
                            publish(cell, update(cell, now, status, Reason.REMOVED, error, null, null));
                        }
                        drop(cell);
                    }
                    case SHUTDOWN -> publish(cell, update(cell, now, status, Reason.SHUTTING_DOWN, error, null, null));
                    case RESTART_NOW -> {
                        publish(cell, update(cell, now, status, Reason.RESTARTED_BY_REQUEST, error, null,
                                "restarting by request"));
                        RunContext next = beginRun(cell, Reason.RESTARTED_BY_REQUEST);
                        afterUnlock.add(() -> launch(next));
                    }
                    case STAY_HELD -> publish(cell, update(cell, now, status, Reason.STOPPED_BY_REQUEST, error, null,
                            "stopped by request"));
                    case APPLY_POLICY -> decide(cell, status, error, end.ranFor(), now, afterUnlock);
                }
                Runnable waiter = cell.releaseWaiter(true);
                if (waiter != null) {
                    afterUnlock.add(waiter);
                }
                // only a run that ended by itself gives its thread back: a cancelled run's thread
                // ends, so whoever cancelled it (a stop, a removal, a restart) may wait for that
                reusable = waiter == null && !run.isCancelled() && end.next() == ServiceCell.AfterEnd.APPLY_POLICY;
            }
            runsOver = state == State.STOPPING && shutdown.nothingToWaitFor(liveRuns);
        } finally {
            unlock();
        }
        afterUnlock.forEach(Runnable::run);
        if (runsOver) {
            runsOver(false);
        }
        return reusable;
    }

    /** Under lock: applies the service's policy to a run that ended on its own. */
    private void decide(ServiceCell cell, Status status, Throwable error, Duration ranFor, Instant now, List<Runnable> afterUnlock) {
        Settings current = settings;
        RestartRules.Rules rules = cell.rules(current.defaultPolicy, current.restartInterval);
        RestartRules.Decision decision = RestartRules.decide(rules, status, ranFor, now, cell.track(), random.nextDouble());
        if (decision instanceof RestartRules.RestartAfter restartAfter) {
            ServiceCell.PendingRestart pending = new ServiceCell.PendingRestart(now.plus(restartAfter.delay()), threadsFor(cell));
            GuardedScheduler.Timer timer = scheduler.schedule(restartAfter.delay(), () -> restartDue(cell, pending),
                    cell.restartWhat());
            if (!timer.scheduled()) {
                publish(cell, update(cell, now, status, Reason.SCHEDULER_FAILED, error, null,
                        "not restarted: the scheduler failed: " + timer.failure()));
                return;
            }
            pending.scheduled(timer);
            cell.restartPending(pending, restartAfter.next()); // before publishing: whoever sees nextRestart finds it scheduled
            publish(cell, update(cell, now, status, Reason.restartedAfter(status), error, pending.due, null));
        } else if (decision instanceof RestartRules.Stay stay) {
            publish(cell, update(cell, now, status, Reason.RESTART_POLICY, error, null, stay.reason()));
        } else {
            RestartRules.GiveUp giveUp = (RestartRules.GiveUp) decision;
            publish(cell, update(cell, now, status, Reason.GAVE_UP, error, null, null));
            publish(cell, update(cell, now, Status.GAVE_UP, Reason.GAVE_UP, error, null, giveUp.reason()));
            log.log(Level.WARNING, "service '" + cell.name + "' " + giveUp.reason()
                    + (giveUp.escalate() ? "; its policy escalates: shutting the supervisor down" : ""));
            if (giveUp.escalate() && shutdown.escalate("service '" + cell.name + "' " + giveUp.reason())) {
                afterUnlock.add(this::cancel);
            }
        }
    }

    /**
     * On the scheduler's thread: a restart fell due. It never waits for the engine's lock here, so
     * that a busy supervisor cannot hold up the scheduler (and every other restart behind it): it
     * hands the restart to the thread that is to run it, a worker of the pool or a new thread, which
     * begins the run, marks it RUNNING in the same lock and runs it. Only if no thread can be had
     * does it begin the run here, and {@link #launch} reports the failure.
     */
    private void restartDue(ServiceCell cell, ServiceCell.PendingRestart due) {
        try {
            if (due.threads == null) {
                pool.execute(cell.threadName(name), () -> serveDue(cell, due));
            } else {
                start(due.threads, cell, new RunBody(this, cell, due));
            }
        } catch (Throwable t) {
            log.log(Level.WARNING, "could not hand the restart of service '" + cell.name
                    + "' to a thread; beginning it on the scheduler's thread", t);
            RunContext run = begin(cell, due, false);
            if (run != null) {
                launch(run);
            }
        }
    }

    /** A worker of the pool serves a due restart. @return whether it may go back to the pool */
    private boolean serveDue(ServiceCell cell, ServiceCell.PendingRestart due) {
        RunContext run = beginDue(cell, due);
        return run == null || execute(run, true);
    }

    /**
     * On the thread a due restart was handed to: begins the run if the restart still stands.
     *
     * @return the run, already marked RUNNING, for this thread to run; null if the restart was
     *     called off, or the run needs a thread of another kind (settings changed since it was
     *     scheduled), to which it was handed here
     */
    private RunContext beginDue(ServiceCell cell, ServiceCell.PendingRestart due) {
        RunContext run = begin(cell, due, true);
        if (run == null || run.threads() == due.threads) {
            return run;
        }
        launch(run);
        return null;
    }

    /**
     * Begins the run of a due restart if it still stands: the supervisor runs, the restart was not
     * called off and no run is in progress.
     *
     * @param here whether the calling thread runs it: then it is also marked RUNNING in the same
     *     lock, if it needs no thread of another kind
     */
    private RunContext begin(ServiceCell cell, ServiceCell.PendingRestart due, boolean here) {
        lock.lock();
        try {
            if (state != State.RUNNING || !cell.takeDueRestart(due)) {
                return null;
            }
            RunContext run = beginRun(cell, Reason.RESTART_DUE);
            if (here && run.threads() == due.threads) {
                markedRunning(run); // true: nobody could cancel the run since it began, in this lock
            }
            return run;
        } finally {
            unlock();
        }
    }

    /** Under lock: a future that completes when the cell's run ends (true) or the shutdown timeout passes (false). */
    private CompletableFuture<Boolean> awaitRunEnd(ServiceCell cell) {
        return cell.awaitRunEnd(() -> scheduler.schedule(settings.shutdownTimeout, () -> runEndTimedOut(cell),
                "the deadline of stopping service '" + cell.name + "'"));
    }

    /** A stop or removal waited a whole shutdown timeout: report the run, and let the shutdown not wait for it again. */
    private void runEndTimedOut(ServiceCell cell) {
        RunContext stuck;
        Runnable waiter;
        boolean removed;
        boolean runsOver;
        lock.lock();
        try {
            waiter = cell.releaseWaiter(false);
            if (waiter == null) {
                return;
            }
            stuck = cell.run();
            removed = cell.intent() == ServiceCell.Intent.REMOVE;
            if (stuck != null) {
                shutdown.abandon(stuck);
            }
            if (removed) {
                drop(cell);
            }
            runsOver = state == State.STOPPING && shutdown.nothingToWaitFor(liveRuns);
        } finally {
            unlock();
        }
        if (stuck != null) {
            shutdown.report(List.of(stuck), settings.shutdownTimeout, removed ? "removed" : "stopped");
        }
        waiter.run();
        if (runsOver) {
            runsOver(false);
        }
    }

    /** Under lock: takes a removed service out of the snapshot and tells listeners. */
    private void drop(ServiceCell cell) {
        StatusUpdate last = hub.snapshot().find(cell.id);
        if (last != null) {
            hub.publish(StatusEvent.Kind.REMOVED, last, cell);
        }
    }

    static Status classify(Throwable failure, boolean cancelled) {
        if (failure == null || (cancelled && failure instanceof InterruptedException)) {
            return Status.STOPPED;
        }
        return failure instanceof Exception ? Status.ERROR : Status.PANIC;
    }

    // ---- publishing ------------------------------------------------------------------------------

    private static StatusUpdate update(ServiceCell cell, Instant time, Status status, Reason why, Throwable error,
            Instant nextRestart, String detail) {
        return new StatusUpdate(cell.id, cell.name, time, status, why, error, cell.restarts(), nextRestart, detail);
    }

    /** Under lock: records a status change on its cell, makes it visible and queues it for every listener. */
    private void publish(ServiceCell cell, StatusUpdate update) {
        hub.publish(StatusEvent.Kind.CHANGED, record(cell, update), cell);
    }

    /** Under lock: the cell's latest update again, its pending restart called off: a revision, not a status change. */
    private void revise(ServiceCell cell, Reason why, String detail) {
        StatusUpdate last = cell.latest();
        StatusUpdate revised = update(cell, scheduler.now(), last.status(), why, last.error(), null, detail);
        hub.publish(StatusEvent.Kind.REVISED, record(cell, revised), cell);
    }

    private StatusUpdate record(ServiceCell cell, StatusUpdate update) {
        cell.record(update, settings.historySize);
        return update;
    }

    // ---- the end ---------------------------------------------------------------------------------

    /** The shutdown deadline passed: end now, whatever still runs or drains. */
    private void deadlinePassed() {
        RunResult drainingResult = null;
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                drainingResult = shutdown.result();
            }
        } finally {
            unlock();
        }
        if (drainingResult == null) {
            runsOver(true);
            return;
        }
        try {
            List<String> busy = hub.channels().stream().filter(c -> c.pending() > 0).map(c -> ListenerChannel.nameOf(c.listener))
                    .toList();
            log.log(Level.WARNING, "status listeners still busy at the shutdown deadline, "
                    + settings.shutdownTimeout + " after the cancellation: " + busy);
        } finally {
            complete(drainingResult); // the deadline ends the supervisor, even should the report fail
        }
    }

    /**
     * The runs the shutdown waits for are over, or the deadline passed: make the result, report the
     * stuck services, and complete once every listener has drained (at once, past the deadline).
     */
    private void runsOver(boolean atDeadline) {
        List<RunContext> stuck;
        List<ListenerChannel> toClose;
        RunResult result;
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            toClose = hub.channels();
            stuck = shutdown.end(hub.snapshot(), liveRuns, toClose.size());
            result = shutdown.result();
            Set<Thread> left = new HashSet<>();
            for (RunContext run : liveRuns) {
                if (run.thread() != null) {
                    left.add(run.thread());
                }
            }
            leftRunning = left;
        } finally {
            unlock();
        }
        shutdown.report(stuck, settings.shutdownTimeout, "shut down");
        if (atDeadline || toClose.isEmpty()) {
            complete(result);
            return;
        }
        for (ListenerChannel channel : toClose) {
            channel.close(() -> {
                boolean last;
                lock.lock();
                try {
                    last = shutdown.drained();
                } finally {
                    lock.unlock();
                }
                if (last) {
                    complete(result);
                }
            });
            channel.kick();
        }
    }

    private void complete(RunResult result) {
        shutdown.cancelDeadline();
        if (!shutdown.complete(result)) {
            return;
        }
        if (ownedListenerThreads != null) {
            ownedListenerThreads.shutdown();
        }
        if (ownedTimer != null) {
            ownedTimer.shutdown();
        }
        if (poolTimer != null) {
            poolTimer.shutdown();
        }
    }

    /** Waits for the end, then for the pool's threads to end (but those of services left running). */
    private RunResult awaitTermination() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    RunResult result = shutdown.termination().get();
                    if (!pool.awaitEnd(leftRunning, settings.shutdownTimeout)) {
                        log.log(Level.WARNING, "some of its platform threads had not ended "
                                + settings.shutdownTimeout + " after the end");
                    }
                    return result;
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("supervisor '" + name + "' failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for the thread of a run that has ended to finish its last instructions (the run's end is
     * published from it), so a caller told "stopped" can rely on the thread being gone: a cancelled
     * run's thread ends; only a run that had ended by itself before the stop or removal gave its
     * thread back to the pool.
     */
    private static boolean released(RunContext run) {
        if (run != null) {
            run.awaitReleased();
        }
        return true;
    }

    private static <T> T join(CompletableFuture<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
