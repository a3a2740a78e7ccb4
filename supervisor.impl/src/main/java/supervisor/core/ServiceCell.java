package supervisor.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import supervisor.api.Cancellable;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.Service;
import supervisor.api.StatusUpdate;

/**
 * One supervised service: its state machine. It owns everything the supervisor knows of the
 * service between events: what the supervisor means to do with it (its {@link Intent}), the run in
 * progress, the pending restart, the waiter of a stop or removal, its restart count and track, its
 * latest update and bounded history.
 *
 * <p>Concurrency: not thread-safe. Every method is called under the lock of the
 * {@link SupervisorEngine} that owns the cell, except {@link #logger()}, which is thread-safe. It
 * calls no user code and schedules nothing: the engine does, and hands the results in.
 */
final class ServiceCell {

    /** What the supervisor means to do with the service; one value instead of three flags. */
    enum Intent {
        /** Keep it running as its policy says. */
        SUPERVISE,
        /** Stopped by hand: do not restart it until started by hand. */
        HOLD,
        /** Restart by hand requested: start a new run as soon as the current one ends. */
        RESTART_WHEN_ENDED,
        /** Being removed: never start it again. */
        REMOVE
    }

    /** What follows the end of a run, in this order of precedence. */
    enum AfterEnd {
        /** The service is being removed: take it out. */
        DROP,
        /** The supervisor is shutting down: leave it. */
        SHUTDOWN,
        /** A restart by hand was asked for: start it again at once. */
        RESTART_NOW,
        /** It was stopped by hand: leave it. */
        STAY_HELD,
        /** It ended on its own: do what its policy says. */
        APPLY_POLICY
    }

    /** How a run ended: how long it had been RUNNING, and what follows. */
    record Ended(Duration ranFor, AfterEnd next) {
    }

    /** A restart that was scheduled; the cell's pending one while it is {@link #pendingRestart}. */
    static final class PendingRestart {
        final Instant due;
        /** What makes the thread that is to begin and run it, as chosen when it was scheduled: null for the platform pool. */
        final ThreadFactory threads;
        private Cancellable handle = () -> false;

        PendingRestart(Instant due, ThreadFactory threads) {
            this.due = due;
            this.threads = threads;
        }

        /** The scheduler's handle, once scheduled. */
        void scheduled(Cancellable task) {
            handle = task;
        }
    }

    /** Someone waiting for the run in progress to end, with the deadline of that wait. */
    private record Waiter(CompletableFuture<Boolean> done, Cancellable deadline) {
    }

    final long id;
    final String name;
    final Service service;
    private Policy policy;
    private Intent intent = Intent.SUPERVISE;
    private RunContext run;
    private Reason runReason;
    private Instant runningSince;
    private PendingRestart pendingRestart;
    private Waiter waiter;
    private boolean everStarted;
    private int restarts;
    private RestartRules.Track track = RestartRules.Track.FRESH;
    private StatusUpdate latest;
    private StatusUpdate lastFailure;
    private final ArrayDeque<StatusUpdate> history = new ArrayDeque<>(2); // room for IDLE and RUNNING: an idle service's whole history
    /** For the {@link StatusHub}: a change of this cell is noted but not yet in the snapshot. */
    boolean unfolded;
    /** For the {@link StatusHub}: the cell was removed, so it leaves the snapshot at the next fold. */
    boolean leftSnapshot;
    /** The rules resolved from the policies and interval they were resolved from; kept while those stay the same. */
    private RestartRules.Rules rules;
    private Policy rulesOwn;
    private Policy rulesDefaults;
    private Duration rulesInterval;
    /** What a failure to schedule its restart is logged as; made once. */
    private String restartWhat;
    /** {@code <supervisor>/<service>}, made on first use (a race makes the same name twice, harmlessly). */
    private volatile String threadName;
    /** Made on first use, never under the engine's lock: loggers are costly to make by the hundred thousand. */
    private volatile System.Logger logger;

    ServiceCell(long id, String name, Service service, Policy policy) {
        this.id = id;
        this.name = name;
        this.service = service;
        this.policy = policy;
    }

    // ---- reading ---------------------------------------------------------------------------------

    Intent intent() {
        return intent;
    }

    Policy policy() {
        return policy;
    }

    /** The run in progress, or null between runs. */
    RunContext run() {
        return run;
    }

    /** Why the run in progress was started, or null between runs. */
    Reason runReason() {
        return runReason;
    }

    /** How many times the service was restarted, for any reason: every run after its first. */
    int restarts() {
        return restarts;
    }

    RestartRules.Track track() {
        return track;
    }

    /** When the pending restart falls due, or null if none is pending. */
    Instant nextRestart() {
        return pendingRestart == null ? null : pendingRestart.due;
    }

    /** Its latest update, or null before its first. */
    StatusUpdate latest() {
        return latest;
    }

    /** Its latest failed update, however old, or null. */
    StatusUpdate lastFailure() {
        return lastFailure;
    }

    /** Its latest updates, oldest first. */
    List<StatusUpdate> history() {
        return List.copyOf(history);
    }

    /** The logger named after the service; thread-safe, made once (a race makes the same logger twice, harmlessly). */
    System.Logger logger() {
        System.Logger made = logger;
        if (made == null) {
            made = System.getLogger(name);
            logger = made;
        }
        return made;
    }

    /** The name of its threads, {@code <supervisor>/<service>}; thread-safe, made once, not on every run. */
    String threadName(String supervisor) {
        String made = threadName;
        if (made == null) {
            made = Threads.serviceThreadName(supervisor, name);
            threadName = made;
        }
        return made;
    }

    /**
     * Its restart rules: its policy, then {@code defaults}, then the built-in defaults with
     * {@code interval}; resolved again only when one of them was replaced, not on every run.
     */
    RestartRules.Rules rules(Policy defaults, Duration interval) {
        if (rules == null || rulesOwn != policy || rulesDefaults != defaults || rulesInterval != interval) {
            rules = RestartRules.Rules.resolve(policy, defaults, interval);
            rulesOwn = policy;
            rulesDefaults = defaults;
            rulesInterval = interval;
        }
        return rules;
    }

    /** "the restart of service '<name>'", for the log should scheduling it fail; made once. */
    String restartWhat() {
        if (restartWhat == null) {
            restartWhat = "the restart of service '" + name + "'";
        }
        return restartWhat;
    }

    // ---- transitions -----------------------------------------------------------------------------

    /** Replaces its own policy; it applies from the next end of a run on. */
    void setPolicy(Policy value) {
        policy = value;
    }

    /** Whether a new run may begin now: none is in progress and it is not being removed. */
    boolean canBegin() {
        return run == null && intent != Intent.REMOVE;
    }

    /**
     * A new run begins: calls off a pending restart, supervises the service again (a hold or a
     * restart request is fulfilled by it), and counts a restart unless it is the first run.
     *
     * @throws IllegalStateException if a run is in progress or the service is being removed
     */
    RunContext begin(Reason why, EngineLog log, ThreadFactory threads) {
        if (!canBegin()) {
            throw new IllegalStateException("service '" + name + "' cannot begin a run: "
                    + (run != null ? "one is in progress" : "it is being removed"));
        }
        callOffRestart();
        intent = Intent.SUPERVISE;
        if (everStarted) {
            restarts++;
        }
        everStarted = true;
        run = new RunContext(this, log, threads);
        runReason = why;
        runningSince = null;
        return run;
    }

    /** The run's service began executing; false (nothing changes) if the run is no longer this cell's or is cancelled. */
    boolean markRunning(RunContext which, Instant now) {
        if (which != run || which.isCancelled()) {
            return false;
        }
        runningSince = now;
        return true;
    }

    /** Stopped by hand: no restart until started by hand. @return whether a pending restart was called off */
    boolean hold() {
        if (intent != Intent.REMOVE) {
            intent = Intent.HOLD;
        }
        return callOffRestart();
    }

    /**
     * Restart by hand: if a run is in progress, a new one starts once it ends (the caller cancels
     * it); otherwise the caller begins one now.
     *
     * @return true if a run is in progress and was marked to be replaced
     */
    boolean requestRestart() {
        if (run == null) {
            return false;
        }
        intent = Intent.RESTART_WHEN_ENDED;
        return true;
    }

    /** Being removed: it is never started again; a pending restart is called off. */
    void remove() {
        intent = Intent.REMOVE;
        callOffRestart();
    }

    /** A restart with its due time is pending. */
    void restartPending(PendingRestart restart, RestartRules.Track next) {
        callOffRestart();
        pendingRestart = restart;
        track = next;
    }

    /** The backoff and restart limit start afresh (a start by hand). */
    void resetTrack() {
        track = RestartRules.Track.FRESH;
    }

    /** Calls off the pending restart, if any. @return whether there was one */
    boolean callOffRestart() {
        if (pendingRestart == null) {
            return false;
        }
        pendingRestart.handle.cancel();
        pendingRestart = null;
        return true;
    }

    /**
     * A scheduled restart fell due. It is taken (and the caller begins a run) only if it is still
     * the pending one and the service is supervised with no run in progress; a restart that was
     * called off too late to stop its task is ignored here.
     */
    boolean takeDueRestart(PendingRestart due) {
        if (due != pendingRestart || intent != Intent.SUPERVISE || run != null) {
            return false;
        }
        pendingRestart = null;
        return true;
    }

    /**
     * A run ended. Returns null, changing nothing, if it was not this cell's run in progress.
     *
     * @param supervising whether the supervisor is still running (not shutting down)
     */
    Ended runEnded(RunContext which, Instant now, boolean supervising) {
        if (which != run) {
            return null;
        }
        Duration ranFor = runningSince == null ? Duration.ZERO : Duration.between(runningSince, now);
        run = null;
        runReason = null;
        runningSince = null;
        AfterEnd next;
        if (intent == Intent.REMOVE) {
            next = AfterEnd.DROP;
        } else if (!supervising) {
            next = AfterEnd.SHUTDOWN;
        } else if (intent == Intent.RESTART_WHEN_ENDED) {
            intent = Intent.SUPERVISE;
            next = AfterEnd.RESTART_NOW;
        } else if (intent == Intent.HOLD) {
            next = AfterEnd.STAY_HELD;
        } else {
            next = AfterEnd.APPLY_POLICY;
        }
        return new Ended(ranFor, next);
    }

    /** Whether someone waits for the run in progress to end. */
    boolean hasWaiter() {
        return waiter != null;
    }

    /**
     * Someone waits for the run in progress to end; joins the wait already there, if any.
     *
     * @param deadline makes the deadline of a new wait: called only when there is none yet
     * @return completes true when the run ends, false at the deadline
     */
    CompletableFuture<Boolean> awaitRunEnd(java.util.function.Supplier<Cancellable> deadline) {
        if (waiter == null) {
            waiter = new Waiter(new CompletableFuture<>(), deadline.get());
        }
        return waiter.done();
    }

    /**
     * Ends the wait, if any: cancels its deadline and returns what completes it with {@code ended},
     * to run after the engine's lock is released; null if nobody waits.
     */
    Runnable releaseWaiter(boolean ended) {
        if (waiter == null) {
            return null;
        }
        Waiter taken = waiter;
        waiter = null;
        taken.deadline().cancel();
        return () -> taken.done().complete(ended);
    }

    /** Records an update: it becomes the latest, enters the history (bounded), and is kept if it is a failure. */
    void record(StatusUpdate update, int historySize) {
        latest = update;
        if (update.status().isFailure()) {
            lastFailure = update;
        }
        history.addLast(update);
        while (history.size() > historySize) {
            history.removeFirst();
        }
    }

    @Override
    public String toString() {
        return name + "#" + id + " " + intent + (run != null ? " running" : "") + (pendingRestart != null ? " pending" : "");
    }
}
