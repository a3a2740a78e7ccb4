package supervisor.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import supervisor.api.Cancellable;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.RunResult;
import supervisor.api.Service;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.Supervisor;

/**
 * The supervisor engine: plain Java, no OSGi. Create one with {@link #create(Config)}.
 *
 * <p>Concurrency: one {@link ReentrantLock} guards the engine's state (its lifecycle state, the
 * services and their {@link ServiceCell}s, the runs in progress). It is held only for short,
 * non-blocking bookkeeping and never while calling user code: services run on their own threads,
 * listeners on threads of the listener executor, each through its {@link ListenerChannel}. Every
 * status change happens under the lock, which makes a new immutable {@link Snapshot} (O(log n)),
 * publishes it through a volatile field for lock-free reads, and queues the event on every channel
 * while still holding the lock, so every listener sees the same order. Restarts and deadlines are
 * tasks on the {@link supervisor.api.Scheduler}: nothing runs while every service is healthy. A
 * run's thread is started after the lock is released.
 */
public final class SupervisorEngine implements Supervisor {

    private static final System.Logger LOG = System.getLogger("supervisor.core");
    /** On a service's or listener's thread: the engine it belongs to. */
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    private enum State { NEW, RUNNING, STOPPING, TERMINATED }

    private final String name;
    private final supervisor.api.Scheduler scheduler;
    private final OwnedTimer ownedTimer; // null when the config supplies the scheduler
    private final ExecutorService listenerThreads;
    private final CompletableFuture<RunResult> termination = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final RandomGenerator random; // used under lock only

    // Guarded by lock.
    private volatile State state = State.NEW; // volatile for messages and toString only
    private long nextId;
    private final Set<RunContext> liveRuns = new HashSet<>(); // a set: a run's end costs O(1), not O(services)
    private Cancellable shutdownDeadline;
    private int undrainedChannels;
    private String escalation;

    // Written under lock, read without it.
    private final Map<String, ServiceCell> byName = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile List<ListenerChannel> channels = List.of();
    private volatile Settings settings;

    /** The settings that may change while running. */
    private record Settings(Duration restartInterval, Duration shutdownTimeout, int listenerBacklog, ThreadFactory threads,
            Policy defaultPolicy, int historySize) {
        static Settings of(Config config) {
            return new Settings(config.restartInterval(), config.shutdownTimeout(), config.listenerBacklog(),
                    config.threadFactory().orElseGet(() -> Threads.of(config.threadKind())),
                    config.defaultPolicy(), config.historySize());
        }
    }

    private SupervisorEngine(Config config) {
        name = config.name();
        settings = Settings.of(config);
        random = config.random().orElseGet(java.util.Random::new);
        if (config.scheduler().isPresent()) {
            scheduler = config.scheduler().get();
            ownedTimer = null;
        } else {
            ownedTimer = new OwnedTimer();
            scheduler = ownedTimer;
        }
        listenerThreads = Executors.newCachedThreadPool(Threads.named(Threads.of(config.threadKind()), "supervisor-listener"));
        config.services().forEach((name, service) -> addCell(name, service, config.policies().getOrDefault(name, Policy.INHERIT)));
        config.listeners().forEach(this::addListener);
    }

    /**
     * A supervisor for {@code config}, not yet started.
     *
     * @throws NullPointerException if config is null
     */
    public static SupervisorEngine create(Config config) {
        return new SupervisorEngine(Objects.requireNonNull(config, "config must not be null"));
    }

    /**
     * Applies the restart interval, default policy, shutdown timeout, listener backlog, history size
     * and threads of {@code config} from now on: the next run that ends follows the new interval and
     * policy, the next shutdown, stop or removal waits the new timeout, listeners added later get the
     * new backlog, runs started later use the new threads. Runs in progress are not touched. The
     * services, their policies, the listeners, the scheduler and the random source of {@code config}
     * are ignored.
     *
     * @throws NullPointerException if config is null
     */
    public void reconfigure(Config config) {
        settings = Settings.of(Objects.requireNonNull(config, "config must not be null"));
    }

    @Override
    public void start() {
        if (!startIfNew()) {
            throw new IllegalStateException("the supervisor was already started; it is " + state);
        }
    }

    @Override
    public RunResult run() {
        if (CURRENT.get() == this) {
            throw new IllegalStateException("run() on a thread of this supervisor's own services or listeners"
                    + " would wait for itself; call cancel() instead");
        }
        startIfNew();
        return awaitTermination();
    }

    /** Starts every service if the supervisor is new; false if it was not. */
    private boolean startIfNew() {
        List<RunContext> runs = new ArrayList<>();
        lock.lock();
        try {
            if (state != State.NEW) {
                return false;
            }
            state = State.RUNNING;
            byName.values().stream().filter(cell -> !cell.held).sorted(Comparator.comparingLong(cell -> cell.id))
                    .forEach(cell -> runs.add(beginRun(cell)));
        } finally {
            lock.unlock();
        }
        runs.forEach(this::launch);
        return true;
    }

    @Override
    public void cancel() {
        List<RunContext> toCancel;
        boolean idle;
        lock.lock();
        try {
            if (state == State.STOPPING || state == State.TERMINATED) {
                return;
            }
            state = State.STOPPING;
            for (ServiceCell cell : byName.values()) {
                if (cell.restart != null) {
                    callOffRestart(cell);
                    publish(cell, StatusEvent.Kind.CHANGED, withoutNextRestart(cell, "restart called off: the supervisor is shutting down"));
                }
            }
            toCancel = List.copyOf(liveRuns);
            idle = liveRuns.isEmpty();
            if (!idle) {
                try {
                    shutdownDeadline = scheduler.schedule(settings.shutdownTimeout, this::shutdownTimedOut);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "the scheduler failed to schedule the shutdown deadline; the supervisor"
                            + " waits for its services without one", e);
                }
            }
        } finally {
            lock.unlock();
        }
        toCancel.forEach(RunContext::cancel);
        if (idle) {
            terminate();
        }
    }

    @Override
    public void close() {
        cancel();
        if (CURRENT.get() == this) {
            return; // a service or listener of this supervisor: waiting here could never end
        }
        awaitTermination();
    }

    @Override
    public CompletionStage<RunResult> termination() {
        return termination.minimalCompletionStage();
    }

    @Override
    public long add(String name, Service service) {
        return add(name, service, Policy.INHERIT);
    }

    @Override
    public long add(String name, Service service, Policy policy) {
        Config.checkServiceName(name);
        Objects.requireNonNull(service, () -> "service '" + name + "' must not be null");
        Objects.requireNonNull(policy, () -> "policy of service '" + name + "' must not be null");
        RunContext run = null;
        ServiceCell cell;
        lock.lock();
        try {
            if (state == State.STOPPING || state == State.TERMINATED) {
                throw new IllegalStateException("cannot add service '" + name + "': the supervisor is " + state);
            }
            cell = addCell(name, service, policy);
            if (state == State.RUNNING) {
                run = beginRun(cell);
            }
        } finally {
            lock.unlock();
        }
        if (run != null) {
            launch(run);
        }
        return cell.id;
    }

    @Override
    public boolean remove(String name) {
        Thread thread = threadOf(name);
        CompletableFuture<Boolean> removal = removeAsync(name);
        return thread == Thread.currentThread() || (join(removal) && joined(thread));
    }

    /**
     * Starts removing a service and returns at once; see {@link #remove(String)}.
     *
     * @return completes with true once the service's run has ended (its thread is then finishing
     *     its last instructions; {@link #remove(String)} also waits for that), false if it was left
     *     running at the timeout
     */
    public CompletableFuture<Boolean> removeAsync(String name) {
        RunContext run;
        CompletableFuture<Boolean> removal;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(name);
            if (state == State.TERMINATED) {
                throw new IllegalStateException("cannot remove service '" + name + "': the supervisor has ended");
            }
            byName.remove(name);
            cell.removed = true;
            callOffRestart(cell);
            run = cell.run;
            if (run == null) {
                drop(cell);
                return CompletableFuture.completedFuture(true);
            }
            removal = awaitRunEnd(cell);
        } finally {
            lock.unlock();
        }
        run.cancel();
        return removal;
    }

    /**
     * Replaces a service's own policy. It applies from the next end of a run on; a restart already
     * scheduled keeps its time, and the backoff and restart limit keep what they know.
     *
     * @throws NullPointerException if the name or the policy is null
     * @throws IllegalArgumentException if no service has that name
     */
    public void setPolicy(String name, Policy policy) {
        Objects.requireNonNull(policy, () -> "policy of service '" + name + "' must not be null");
        lock.lock();
        try {
            cellNamed(name).policy = policy;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean stop(String name) {
        Thread thread = threadOf(name);
        CompletableFuture<Boolean> stopped = stopAsync(name);
        return thread == Thread.currentThread() || (join(stopped) && joined(thread));
    }

    /** The thread of the named service's run in progress, or null. */
    private Thread threadOf(String name) {
        lock.lock();
        try {
            RunContext run = cellNamed(name).run;
            return run == null ? null : run.thread();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a thread whose run has ended to finish its last instructions (the run's end is
     * published from it), so a caller told "stopped" can rely on the thread being gone.
     */
    private static boolean joined(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    thread.join();
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts stopping a service by hand and returns at once; see {@link #stop(String)}.
     *
     * @return completes with true if no run is left, false if one was still running at the timeout
     */
    public CompletableFuture<Boolean> stopAsync(String name) {
        RunContext run;
        CompletableFuture<Boolean> stopped;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(name);
            if (state == State.TERMINATED) {
                throw new IllegalStateException("cannot stop service '" + name + "': the supervisor has ended");
            }
            cell.held = true;
            cell.restartRequested = false;
            if (cell.restart != null) {
                callOffRestart(cell);
                publish(cell, StatusEvent.Kind.CHANGED, withoutNextRestart(cell, "stopped by request"));
            }
            run = cell.run;
            if (run == null) {
                return CompletableFuture.completedFuture(true);
            }
            stopped = awaitRunEnd(cell);
        } finally {
            lock.unlock();
        }
        run.cancel();
        return stopped;
    }

    @Override
    public boolean start(String name) {
        RunContext run;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(name);
            requireRunning("start", name);
            if (cell.run != null) {
                return false;
            }
            cell.held = false;
            cell.track = RestartRules.Track.FRESH;
            callOffRestart(cell);
            cell.restarts++;
            run = beginRun(cell);
        } finally {
            lock.unlock();
        }
        launch(run);
        return true;
    }

    @Override
    public void restart(String name) {
        RunContext toCancel = null;
        RunContext toLaunch = null;
        lock.lock();
        try {
            ServiceCell cell = cellNamed(name);
            requireRunning("restart", name);
            cell.held = false;
            if (cell.run != null) {
                cell.restartRequested = true;
                toCancel = cell.run;
            } else {
                callOffRestart(cell);
                cell.restarts++;
                toLaunch = beginRun(cell);
            }
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (toLaunch != null) {
            launch(toLaunch);
        }
    }

    @Override
    public List<StatusUpdate> history(String name) {
        lock.lock();
        try {
            return List.copyOf(cellNamed(name).history);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<StatusUpdate> statuses() {
        return snapshot;
    }

    @Override
    public Optional<StatusUpdate> status(String name) {
        ServiceCell cell = byName.get(Objects.requireNonNull(name, "service name must not be null"));
        return cell == null ? Optional.empty() : Optional.ofNullable(snapshot.find(cell.id));
    }

    @Override
    public void addListener(StatusListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        lock.lock();
        try {
            if (state == State.TERMINATED || channels.stream().anyMatch(c -> c.listener == listener)) {
                return;
            }
            ListenerChannel channel = new ListenerChannel(listener, listenerThreads, settings.listenerBacklog, CURRENT, this);
            List<ListenerChannel> next = new ArrayList<>(channels);
            next.add(channel);
            channels = List.copyOf(next);
            if (state != State.NEW) {
                channel.offer(new StatusEvent(name, StatusEvent.Kind.CURRENT, null, snapshot, 0));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        ListenerChannel removed = null;
        lock.lock();
        try {
            List<ListenerChannel> next = new ArrayList<>(channels);
            for (ListenerChannel channel : channels) {
                if (channel.listener == listener) {
                    removed = channel;
                    next.remove(channel);
                }
            }
            channels = List.copyOf(next);
        } finally {
            lock.unlock();
        }
        if (removed != null) {
            removed.detach();
            if (!removed.awaitIdle(settings.shutdownTimeout)) {
                LOG.log(Level.WARNING, "status listener " + listener + " was removed while its call had not returned"
                        + " within " + settings.shutdownTimeout);
            }
        }
        return removed != null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Policy policy(String service) {
        lock.lock();
        try {
            return cellNamed(service).policy.orElse(settings.defaultPolicy);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public supervisor.api.SupervisorDescription describe() {
        throw new UnsupportedOperationException("soon");
    }

    @Override
    public String toString() {
        return "SupervisorEngine[" + state + ", services=" + snapshot.size() + "]";
    }

    // ---- runs ------------------------------------------------------------------------------------

    /** Under lock: the service named {@code name}. */
    private ServiceCell cellNamed(String name) {
        Objects.requireNonNull(name, "service name must not be null");
        ServiceCell cell = byName.get(name);
        if (cell == null) {
            throw new IllegalArgumentException("no service named '" + name + "'; services are " + someNames());
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
    private void requireRunning(String what, String name) {
        if (state != State.RUNNING) {
            throw new IllegalStateException("cannot " + what + " service '" + name + "': the supervisor is " + state);
        }
    }

    /** Under lock: registers a new service. */
    private ServiceCell addCell(String name, Service service, Policy policy) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate service name '" + name + "': names must be unique");
        }
        ServiceCell cell = new ServiceCell(nextId++, name, service, policy);
        byName.put(name, cell);
        return cell;
    }

    /** Under lock: a new run of {@code cell}, announced as IDLE; its thread is started by {@link #launch}. */
    private RunContext beginRun(ServiceCell cell) {
        RunContext run = new RunContext(cell);
        cell.run = run;
        liveRuns.add(run);
        publish(cell, StatusEvent.Kind.CHANGED, update(cell, Status.IDLE, null, null, null));
        return run;
    }

    /** Outside the lock: starts the run's thread, named after the service. */
    private void launch(RunContext run) {
        try {
            Thread thread = settings.threads.newThread(() -> execute(run));
            if (thread == null) {
                throw new IllegalStateException("the thread factory returned null");
            }
            thread.setName(run.cell.name);
            thread.start();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "could not start a thread for service '" + run.cell.name + "'", t);
            ended(run, new IllegalStateException("could not start a thread for service '" + run.cell.name + "'", t));
        }
    }

    /** The body of a service's thread. */
    private void execute(RunContext run) {
        CURRENT.set(this);
        run.bindThread(Thread.currentThread());
        Throwable failure = null;
        try {
            if (markRunning(run)) {
                run.cell.service.run(run);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            ended(run, failure);
        }
    }

    private boolean markRunning(RunContext run) {
        lock.lock();
        try {
            if (run.isCancelled()) {
                return false;
            }
            StatusUpdate running = update(run.cell, Status.RUNNING, null, null, null);
            run.cell.runningSince = running.time();
            publish(run.cell, StatusEvent.Kind.CHANGED, running);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A run ended: publish how, then, in this order of precedence: finish its removal, leave it
     * (shutting down), start it again at once (restart by hand), leave it (stopped by hand), or do
     * what its policy says: restart it after a delay, leave it, or give it up.
     */
    private void ended(RunContext run, Throwable failure) {
        ServiceCell cell = run.cell;
        Status status = classify(failure, run.isCancelled());
        Throwable error = status.isFailure() ? failure : null;
        List<Runnable> afterUnlock = new ArrayList<>(2);
        boolean lastOfShutdown;
        lock.lock();
        try {
            liveRuns.remove(run);
            if (cell.run == run) {
                cell.run = null;
                Instant now = scheduler.now();
                Duration ranFor = cell.runningSince == null ? Duration.ZERO : Duration.between(cell.runningSince, now);
                cell.runningSince = null;
                StatusUpdate end = update(cell, now, status, error, null, null);
                if (cell.removed) {
                    if (snapshot.find(cell.id) != null) {
                        publish(cell, StatusEvent.Kind.CHANGED, end);
                    }
                    drop(cell);
                } else if (state != State.RUNNING) {
                    publish(cell, StatusEvent.Kind.CHANGED, end);
                } else if (cell.restartRequested) {
                    cell.restartRequested = false;
                    publish(cell, StatusEvent.Kind.CHANGED, end.because(supervisor.api.Reason.RESTARTED_BY_REQUEST, "restarting by request"));
                    cell.restarts++;
                    RunContext next = beginRun(cell);
                    afterUnlock.add(() -> launch(next));
                } else if (cell.held) {
                    publish(cell, StatusEvent.Kind.CHANGED, end.because(supervisor.api.Reason.STOPPED_BY_REQUEST, "stopped by request"));
                } else {
                    decide(cell, status, error, ranFor, now, afterUnlock);
                }
                if (cell.waiter != null) {
                    cell.waiterDeadline.cancel();
                    CompletableFuture<Boolean> waiter = cell.waiter;
                    cell.waiter = null;
                    afterUnlock.add(() -> waiter.complete(true));
                }
            }
            lastOfShutdown = state == State.STOPPING && liveRuns.isEmpty();
        } finally {
            lock.unlock();
        }
        afterUnlock.forEach(Runnable::run);
        if (lastOfShutdown) {
            terminate();
        }
    }

    /** Under lock: applies the service's policy to a run that ended on its own. */
    private void decide(ServiceCell cell, Status status, Throwable error, Duration ranFor, Instant now, List<Runnable> afterUnlock) {
        RestartRules.Rules rules = RestartRules.Rules.resolve(cell.policy, settings.defaultPolicy, settings.restartInterval);
        RestartRules.Decision decision = RestartRules.decide(rules, status, ranFor, now, cell.track, random.nextDouble());
        if (decision instanceof RestartRules.RestartAfter restartAfter) {
            cell.track = restartAfter.next();
            try {
                scheduleRestart(cell, restartAfter.delay()); // before publishing: whoever sees nextRestart finds it scheduled
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the scheduler failed to schedule the restart of service '" + cell.name + "'", e);
                publish(cell, StatusEvent.Kind.CHANGED, update(cell, now, status, error, null,
                        "not restarted: the scheduler failed: " + e));
                return;
            }
            publish(cell, StatusEvent.Kind.CHANGED, update(cell, now, status, error, now.plus(restartAfter.delay()), null));
        } else if (decision instanceof RestartRules.Stay stay) {
            publish(cell, StatusEvent.Kind.CHANGED, update(cell, now, status, error, null, stay.reason()));
        } else {
            RestartRules.GiveUp giveUp = (RestartRules.GiveUp) decision;
            publish(cell, StatusEvent.Kind.CHANGED, update(cell, now, status, error, null, null));
            publish(cell, StatusEvent.Kind.CHANGED, update(cell, now, Status.GAVE_UP, error, null, giveUp.reason()));
            LOG.log(Level.WARNING, "service '" + cell.name + "' " + giveUp.reason()
                    + (giveUp.escalate() ? "; its policy escalates: shutting the supervisor down" : ""));
            if (giveUp.escalate() && escalation == null) {
                escalation = "service '" + cell.name + "' " + giveUp.reason();
                afterUnlock.add(this::cancel);
            }
        }
    }

    /** Under lock. */
    private void scheduleRestart(ServiceCell cell, Duration delay) {
        Object token = new Object();
        cell.restartToken = token;
        cell.restart = scheduler.schedule(delay, () -> restartDue(cell, token));
    }

    /** Under lock: cancels a pending restart, if any. */
    private static void callOffRestart(ServiceCell cell) {
        if (cell.restart != null) {
            cell.restart.cancel();
            cell.restart = null;
            cell.restartToken = null;
        }
    }

    private void restartDue(ServiceCell cell, Object token) {
        RunContext run;
        lock.lock();
        try {
            if (cell.restartToken != token || state != State.RUNNING || cell.removed || cell.held || cell.run != null) {
                return;
            }
            cell.restart = null;
            cell.restartToken = null;
            cell.restarts++;
            run = beginRun(cell);
        } finally {
            lock.unlock();
        }
        launch(run);
    }

    /** Under lock: a future that completes when the cell's run ends (true) or the shutdown timeout passes (false). */
    private CompletableFuture<Boolean> awaitRunEnd(ServiceCell cell) {
        if (cell.waiter == null) {
            cell.waiter = new CompletableFuture<>();
            try {
                cell.waiterDeadline = scheduler.schedule(settings.shutdownTimeout, () -> runEndTimedOut(cell));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the scheduler failed to schedule a deadline for service '" + cell.name
                        + "'; waiting for its run to end without one", e);
                cell.waiterDeadline = () -> false;
            }
        }
        return cell.waiter;
    }

    private void runEndTimedOut(ServiceCell cell) {
        RunContext stuck;
        CompletableFuture<Boolean> waiter;
        lock.lock();
        try {
            waiter = cell.waiter;
            if (waiter == null) {
                return;
            }
            cell.waiter = null;
            stuck = cell.run;
            if (cell.removed) {
                drop(cell);
            }
        } finally {
            lock.unlock();
        }
        if (stuck != null) {
            reportStuck(cell.removed ? "removed" : "stopped", List.of(stuck));
        }
        waiter.complete(false);
    }

    /** Under lock: takes a removed service out of the snapshot and tells listeners. */
    private void drop(ServiceCell cell) {
        StatusUpdate last = snapshot.find(cell.id);
        if (last != null) {
            publish(cell, StatusEvent.Kind.REMOVED, last);
        }
    }

    static Status classify(Throwable failure, boolean cancelled) {
        if (failure == null || (cancelled && failure instanceof InterruptedException)) {
            return Status.STOPPED;
        }
        return failure instanceof Exception ? Status.ERROR : Status.PANIC;
    }

    // ---- publishing ------------------------------------------------------------------------------

    private StatusUpdate update(ServiceCell cell, Status status, Throwable error, Instant nextRestart, String detail) {
        return update(cell, scheduler.now(), status, error, nextRestart, detail);
    }

    private static StatusUpdate update(ServiceCell cell, Instant time, Status status, Throwable error, Instant nextRestart,
            String detail) {
        return new StatusUpdate(cell.id, cell.name, time, status, supervisor.api.Reason.STARTED, error, cell.restarts, nextRestart, detail);
    }

    /** Under lock: the cell's latest update again, now without a next restart. */
    private StatusUpdate withoutNextRestart(ServiceCell cell, String detail) {
        StatusUpdate last = snapshot.find(cell.id);
        return update(cell, last.status(), last.error(), null, detail);
    }

    /** Under lock: makes the change visible and queues it for every listener, in one order for all. */
    private void publish(ServiceCell cell, StatusEvent.Kind kind, StatusUpdate update) {
        Snapshot next = kind == StatusEvent.Kind.REMOVED ? snapshot.without(update.serviceId()) : snapshot.with(update);
        snapshot = next;
        if (kind == StatusEvent.Kind.CHANGED) {
            cell.history.addLast(update);
            while (cell.history.size() > settings.historySize) {
                cell.history.removeFirst();
            }
        }
        StatusEvent event = new StatusEvent(name, kind, update, next, 0);
        for (ListenerChannel channel : channels) {
            channel.offer(event);
        }
    }

    // ---- shutdown --------------------------------------------------------------------------------

    private void shutdownTimedOut() {
        terminate();
    }

    /**
     * Ends the supervisor once its services stopped or the deadline passed (the runs still live are
     * the stuck ones); completes after listeners drain.
     */
    private void terminate() {
        RunResult result;
        List<ListenerChannel> toClose;
        List<RunContext> stuck;
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            stuck = liveRuns.stream().sorted(Comparator.comparingLong(run -> run.cell.id)).toList();
            if (shutdownDeadline != null) {
                shutdownDeadline.cancel();
            }
            result = new RunResult(name, snapshot, stuck.stream().map(run -> run.cell.name).toList(), escalation);
            toClose = channels;
            undrainedChannels = toClose.size();
        } finally {
            lock.unlock();
        }
        reportStuck("shut down", stuck);
        if (toClose.isEmpty()) {
            complete(result);
            return;
        }
        Cancellable listenerDeadline;
        try {
            listenerDeadline = scheduler.schedule(settings.shutdownTimeout, () -> {
                List<String> busy = toClose.stream().filter(c -> c.pending() > 0).map(c -> String.valueOf(c.listener)).toList();
                LOG.log(Level.WARNING, "status listeners still busy " + settings.shutdownTimeout + " after shutdown: " + busy);
                complete(result);
            });
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the scheduler failed to schedule the listeners' deadline; waiting for them without one", e);
            listenerDeadline = () -> false;
        }
        Cancellable deadline = listenerDeadline;
        for (ListenerChannel channel : toClose) {
            channel.close(() -> {
                boolean last;
                lock.lock();
                try {
                    last = --undrainedChannels == 0;
                } finally {
                    lock.unlock();
                }
                if (last) {
                    deadline.cancel();
                    complete(result);
                }
            });
        }
    }

    private void complete(RunResult result) {
        if (termination.isDone()) {
            return;
        }
        listenerThreads.shutdown();
        if (ownedTimer != null) {
            ownedTimer.shutdown();
        }
        if (!result.isClean()) {
            LOG.log(Level.INFO, "supervisor ended; failed: " + result.failed().stream().map(StatusUpdate::serviceName).toList()
                    + ", left running: " + result.leftRunning()
                    + (result.escalation() == null ? "" : ", escalation: " + result.escalation()));
        }
        termination.complete(result);
    }

    private void reportStuck(String what, List<RunContext> stuck) {
        for (RunContext run : stuck) {
            Thread thread = run.thread();
            String where = thread == null ? " (its thread never started)"
                    : Arrays.stream(thread.getStackTrace()).map(frame -> "\n\tat " + frame).collect(Collectors.joining());
            LOG.log(Level.WARNING, "service '" + run.cell.name + "' did not stop within " + settings.shutdownTimeout
                    + " of being cancelled and was " + what + " while still running; it is at:" + where);
        }
    }

    private RunResult awaitTermination() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return termination.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the supervisor failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
