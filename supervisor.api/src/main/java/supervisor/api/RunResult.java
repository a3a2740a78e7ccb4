package supervisor.api;

import java.util.List;

/**
 * How a supervisor's run ended. Immutable.
 *
 * @param finalStatuses the last update of every service that was supervised when the supervisor
 *     shut down, ordered by service id
 * @param leftRunning the names of the services that had not stopped when the shutdown timeout
 *     elapsed; their threads may still be running
 * @param escalation why a service shut the supervisor down by giving up with an escalating policy
 *     (see {@link Policy#escalate()}), or null if none did
 */
public record RunResult(List<StatusUpdate> finalStatuses, List<String> leftRunning, String escalation) {

    /** Copies the lists. */
    public RunResult {
        finalStatuses = List.copyOf(finalStatuses);
        leftRunning = List.copyOf(leftRunning);
    }

    /** A result with no escalation. */
    public RunResult(List<StatusUpdate> finalStatuses, List<String> leftRunning) {
        this(finalStatuses, leftRunning, null);
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
