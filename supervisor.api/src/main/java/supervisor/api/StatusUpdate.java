package supervisor.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of one service's status. Immutable (the throwable it carries is as the service threw
 * it).
 *
 * @param serviceId the id the supervisor gave the service (see {@link ServiceContext#id()})
 * @param serviceName the service's name
 * @param time when the change happened, by the supervisor's scheduler
 * @param status the new status
 * @param error what the run threw, for {@link Status#ERROR} and {@link Status#PANIC}; otherwise null
 * @param restartCount how many times the service had been restarted when this change happened: 0
 *     during and after its first run
 * @param nextRestart when the service will be started again, on an update that ends a run after
 *     which a restart is scheduled; otherwise null
 * @param detail why the supervisor did what it did, when that is not plain from the status (for
 *     instance "not restarted: restart policy NEVER", "stopped by request", or how often a given
 *     up service failed); otherwise null
 */
public record StatusUpdate(
        long serviceId,
        String serviceName,
        Instant time,
        Status status,
        Throwable error,
        int restartCount,
        Instant nextRestart,
        String detail) {

    /** Checks that the required components are present and consistent. */
    public StatusUpdate {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(status, "status");
        if (restartCount < 0) {
            throw new IllegalArgumentException("restartCount must be >= 0, was " + restartCount);
        }
        if (error != null && !status.isFailure()) {
            throw new IllegalArgumentException("an error goes with ERROR, PANIC or GAVE_UP, not " + status);
        }
    }

    /** An update with no detail. */
    public StatusUpdate(long serviceId, String serviceName, Instant time, Status status, Throwable error,
            int restartCount, Instant nextRestart) {
        this(serviceId, serviceName, time, status, error, restartCount, nextRestart, null);
    }

    /** This update with another detail. */
    public StatusUpdate withDetail(String text) {
        return new StatusUpdate(serviceId, serviceName, time, status, error, restartCount, nextRestart, text);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append(serviceName).append('#').append(serviceId).append(' ').append(status)
                .append(" at ").append(time);
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
            text.append(" (").append(detail).append(')');
        }
        return text.toString();
    }
}
