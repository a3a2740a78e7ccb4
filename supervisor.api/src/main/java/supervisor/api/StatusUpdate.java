package supervisor.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One update of one service: a change of its status or, for a {@link StatusEvent.Kind#REVISED}
 * event, a revision of its latest update (a restart called off). Immutable (the throwable it
 * carries is as the service threw it).
 *
 * @param serviceId the id the supervisor gave the service (see {@link ServiceContext#id()})
 * @param serviceName the service's name
 * @param time when the update happened, by the supervisor's scheduler
 * @param status the status
 * @param reason why: what started the run, or what ended it and what follows; never null
 * @param error what the run threw, for {@link Status#ERROR} and {@link Status#PANIC} (and kept on
 *     the {@link Status#GAVE_UP} that follows); otherwise null
 * @param restartCount how many times the service had been restarted when this update happened, by
 *     its policy or by hand: 0 during and after its first run
 * @param nextRestart when the service will be started again, on an update that ends a run after
 *     which a restart is scheduled; otherwise null
 * @param detail the reason in words, when the status and reason do not say it all (for instance
 *     "not restarted: restart policy NEVER", "stopped by request", or how often a given up service
 *     ended); otherwise null
 */
public record StatusUpdate(
        long serviceId,
        String serviceName,
        Instant time,
        Status status,
        Reason reason,
        Throwable error,
        int restartCount,
        Instant nextRestart,
        String detail) {

    /** Checks that the required components are present and consistent. */
    public StatusUpdate {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (restartCount < 0) {
            throw new IllegalArgumentException("restartCount must be >= 0, was " + restartCount);
        }
        if (error != null && !status.isFailure()) {
            throw new IllegalArgumentException("an error goes with ERROR, PANIC or GAVE_UP, not " + status);
        }
    }

    /** This update with another reason and detail. */
    public StatusUpdate because(Reason why, String text) {
        return new StatusUpdate(serviceId, serviceName, time, status, why, error, restartCount, nextRestart, text);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append(serviceName).append('#').append(serviceId).append(' ').append(status)
                .append(" at ").append(time).append(" (").append(reason).append(')');
        if (restartCount > 0) {
            text.append(" after ").append(restartCount).append(restartCount == 1 ? " restart" : " restarts");
        }
        if (error != null) {
            text.append(": ").append(error);
        }
        if (nextRestart != null) {
            text.append(", restarts at ").append(nextRestart);
        }
        if (detail != null) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
