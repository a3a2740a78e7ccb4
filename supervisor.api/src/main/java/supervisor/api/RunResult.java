package supervisor.api;

import java.util.List;
import java.util.Objects;

/**
 * How a supervisor's run ended. Immutable.
 *
 * @param supervisor the supervisor's name ({@link Config#name()})
 * @param finalStatuses the last update of every service that was supervised when the supervisor
 *     shut down, ordered by service id
 * @param leftRunning the names of the services whose threads had not ended when the shutdown
 *     timeout elapsed (or whose stop or removal had already timed out), in id order; their threads
 *     may still be running
 * @param escalation why a service shut the supervisor down by giving up with an escalating policy
 *     (see {@link Policy#escalate()}), or null if none did
 */
public record RunResult(String supervisor, List<StatusUpdate> finalStatuses, List<String> leftRunning, String escalation) {

    /** Copies the lists. */
    public RunResult {
        Objects.requireNonNull(supervisor, "supervisor");
        finalStatuses = List.copyOf(finalStatuses);
        leftRunning = List.copyOf(leftRunning);
    }

    /** The last update of each service that ended in a failure: {@link Status#isFailure()}. */
    public List<StatusUpdate> failed() {
        return finalStatuses.stream().filter(update -> update.status().isFailure()).toList();
    }

    /** True if no service failed, every service stopped in time and nothing escalated. */
    public boolean isClean() {
        return leftRunning.isEmpty() && failed().isEmpty() && escalation == null;
    }
}
