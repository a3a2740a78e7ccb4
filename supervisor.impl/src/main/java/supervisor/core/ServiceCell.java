package supervisor.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import supervisor.api.Cancellable;
import supervisor.api.Policy;
import supervisor.api.Service;
import supervisor.api.StatusUpdate;

/**
 * One supervised service and where it is in its life. Its mutable fields are guarded by the lock of
 * the {@link SupervisorEngine} that owns it, except the lazily made logger.
 */
final class ServiceCell {
    final long id;
    final String name;
    final Service service;
    /** Its own policy; unset settings come from the supervisor's defaults when a run ends. */
    Policy policy;

    /** The run in progress, or null between runs. */
    RunContext run;
    /** When the run in progress began RUNNING, or null. */
    Instant runningSince;
    /** The pending restart, or null. */
    Cancellable restart;
    /** Identifies the pending restart's task, so a task that was called off too late does nothing. */
    Object restartToken;
    /** How many times the service has been restarted, for any reason. */
    int restarts;
    /** What the backoff and the restart limit know of its past restarts. */
    RestartRules.Track track = RestartRules.Track.FRESH;
    /** Stopped by hand: not restarted until started by hand. */
    boolean held;
    /** Restart by hand requested: a new run starts as soon as the current one ends. */
    boolean restartRequested;
    /** Set once the service is being removed; it is never started again. */
    boolean removed;
    /** Completes when a stop or removal that waits for the run ends: true if the run ended in time. */
    CompletableFuture<Boolean> waiter;
    /** The deadline of {@link #waiter}, or null. */
    Cancellable waiterDeadline;
    /** Made on first use, never under the engine's lock: loggers are costly to make by the hundred thousand. */
    private volatile System.Logger logger;
    /** Its latest updates, oldest first. */
    final ArrayDeque<StatusUpdate> history = new ArrayDeque<>();

    /** The logger named after the service; thread-safe, made once (a race makes the same logger twice, harmlessly). */
    System.Logger logger() {
        System.Logger made = logger;
        if (made == null) {
            made = System.getLogger(name);
            logger = made;
        }
        return made;
    }

    ServiceCell(long id, String name, Service service, Policy policy) {
        this.id = id;
        this.name = name;
        this.service = service;
        this.policy = policy;
    }
}
