package supervisor.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import supervisor.api.RunResult;
import supervisor.api.StatusUpdate;

/**
 * The end of one supervisor: the one deadline that bounds it (the shutdown timeout from the
 * cancellation, listeners' draining included), the runs it no longer waits for, the report of the
 * services that did not stop, the escalation if one caused it, and the {@link RunResult}.
 *
 * <p>Concurrency: the fields are guarded by the engine's lock; {@link #termination} is a
 * thread-safe future, completed once, outside the lock; {@link #report} logs and is called outside
 * the lock.
 */
final class Shutdown {

    private final String supervisor;
    private final EngineLog log;
    private final CompletableFuture<RunResult> termination = new CompletableFuture<>();
    private final Set<RunContext> abandoned = new HashSet<>();
    private GuardedScheduler.Timer deadline;
    private String escalation;
    private RunResult result;
    private int undrained;

    Shutdown(String supervisor, EngineLog log) {
        this.supervisor = supervisor;
        this.log = log;
    }

    /** Completes with the result once the supervisor has ended. */
    CompletableFuture<RunResult> termination() {
        return termination;
    }

    /** The first escalation is kept; @return whether this was the first */
    boolean escalate(String why) {
        if (escalation != null) {
            return false;
        }
        escalation = why;
        return true;
    }

    String escalation() {
        return escalation;
    }

    /** The cancellation: from now, the supervisor ends within {@code timeout}. */
    void begin(GuardedScheduler scheduler, Duration timeout, Runnable atDeadline) {
        deadline = scheduler.schedule(timeout, atDeadline, "the shutdown deadline");
        if (!deadline.scheduled()) {
            log.log(Level.ERROR, "shutting down without a deadline: it waits for its"
                    + " services and listeners as long as they take");
        }
    }

    /**
     * A run whose stop or removal already timed out: the shutdown does not wait for it again, and
     * reports it as left running.
     */
    void abandon(RunContext run) {
        abandoned.add(run);
    }

    /** A run ended. */
    void ended(RunContext run) {
        abandoned.remove(run);
    }

    /** Whether every live run is one the shutdown does not wait for; {@code live} includes the abandoned ones. */
    boolean nothingToWaitFor(Collection<RunContext> live) {
        return live.size() <= abandoned.size();
    }

    /**
     * The runs are over (or the deadline passed): makes the result. The runs still live are left
     * running; those the shutdown waited for in vain are returned for {@link #report}.
     */
    List<RunContext> end(List<StatusUpdate> finalStatuses, Collection<RunContext> live, int channels) {
        List<RunContext> left = live.stream().sorted(Comparator.comparingLong(run -> run.cell.id)).toList();
        result = new RunResult(supervisor, finalStatuses, left.stream().map(run -> run.cell.name).toList(), escalation);
        undrained = channels;
        return left.stream().filter(run -> !abandoned.contains(run)).toList();
    }

    /** The result, once {@link #end} made it. */
    RunResult result() {
        return result;
    }

    /** One listener channel has drained; @return whether it was the last */
    boolean drained() {
        return --undrained == 0;
    }

    /** Cancels the deadline; outside or under the lock. */
    void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
        }
    }

    /** Logs each service that did not stop in time, with where its thread is. Outside the lock. */
    void report(List<RunContext> stuck, Duration timeout, String what) {
        for (RunContext run : stuck) {
            Thread thread = run.thread();
            String where = thread == null ? " (its thread never started)"
                    : Arrays.stream(thread.getStackTrace()).map(frame -> "\n\tat " + frame).collect(Collectors.joining());
            log.log(Level.WARNING, "service '" + run.cell.name + "' did not stop within "
                    + timeout + " of being cancelled and was " + what + " while still running; it is at:" + where);
        }
    }

    /** Completes the termination with the result, once; logs an unclean end. Outside the lock. */
    boolean complete(RunResult ended) {
        if (!termination.complete(ended)) {
            return false;
        }
        if (!ended.isClean()) {
            log.log(Level.INFO, "ended; failed: "
                    + ended.failed().stream().map(StatusUpdate::serviceName).toList()
                    + ", left running: " + ended.leftRunning()
                    + (ended.escalation() == null ? "" : ", escalation: " + ended.escalation()));
        }
        return true;
    }
}
