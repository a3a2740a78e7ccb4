package supervisor.api;

import java.util.List;

/**
 * How a supervisor's run ended. Immutable.
 *
 * @param finalStatuses the last update of every service that was supervised when the supervisor
 *     shut down, ordered by service id
 * @param leftRunning the names of the services that had not stopped when the shutdown timeout
 *     elapsed; their threads may still be running
 */
public record RunResult(List<StatusUpdate> finalStatuses, List<String> leftRunning) {

    /** Copies the lists. */
    public RunResult {
        finalStatuses = List.copyOf(finalStatuses);
        leftRunning = List.copyOf(leftRunning);
    }

    /** The last update of each service whose last run ended in {@link Status#ERROR} or {@link Status#PANIC}. */
    public List<StatusUpdate> failed() {
        return finalStatuses.stream().filter(update -> update.status().isFailure()).toList();
    }

    /** True if no service failed and every service stopped in time. */
    public boolean isClean() {
        return leftRunning.isEmpty() && failed().isEmpty();
    }
}
