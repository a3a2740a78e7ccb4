package supervisor.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One service in a {@link SupervisorDescription}. Immutable.
 *
 * @param id the service's id
 * @param name the service's name
 * @param status its status; null before the supervisor started
 * @param reason why it has that status; null before the supervisor started
 * @param since when its latest update happened; null before the supervisor started
 * @param restartCount how often it was restarted, by its policy or by hand
 * @param nextRestart when a scheduled restart falls due, or null
 * @param lastFailure its latest update that was a failure ({@link Status#isFailure()}), kept however
 *     long ago it happened, or null if it never failed
 * @param held whether it was stopped by hand and stays stopped until started by hand
 * @param policy the policy in force for it, every setting resolved
 */
public record ServiceDescription(
        long id,
        String name,
        Status status,
        Reason reason,
        Instant since,
        int restartCount,
        Instant nextRestart,
        StatusUpdate lastFailure,
        boolean held,
        Policy policy) {

    /** Checks that the required components are there. */
    public ServiceDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
    }
}
