package supervisor.jmx;

import java.time.Instant;
import java.util.Objects;
import javax.management.ConstructorParameters;
import supervisor.api.ServiceDescription;
import supervisor.api.StatusUpdate;

/**
 * One service as the {@link SupervisorMXBean} shows it: mapped to a JMX {@code CompositeData} with
 * the items {@code name}, {@code id}, {@code status}, {@code reason}, {@code restarts},
 * {@code since}, {@code nextRestart} and {@code lastError}. Instants are ISO-8601 Strings in UTC
 * (such as {@code 2026-12-01T10:00:00.123Z}); absent values are null. Immutable.
 */
public final class ServiceInfo {

    private final String name;
    private final long id;
    private final String status;
    private final String reason;
    private final int restarts;
    private final String since;
    private final String nextRestart;
    private final String lastError;

    /** Creates one; the MXBean framework also uses this to rebuild one from its composite. */
    @ConstructorParameters({"name", "id", "status", "reason", "restarts", "since", "nextRestart", "lastError"})
    public ServiceInfo(String name, long id, String status, String reason, int restarts, String since,
            String nextRestart, String lastError) {
        this.name = Objects.requireNonNull(name, "name");
        this.id = id;
        this.status = status;
        this.reason = reason;
        this.restarts = restarts;
        this.since = since;
        this.nextRestart = nextRestart;
        this.lastError = lastError;
    }

    /** The service as a description shows it. */
    static ServiceInfo of(ServiceDescription service) {
        return new ServiceInfo(service.name(), service.id(),
                service.status() == null ? null : service.status().name(),
                service.reason() == null ? null : service.reason().name(),
                service.restartCount(), text(service.since()), text(service.nextRestart()),
                lastError(service.lastFailure()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String lastError(StatusUpdate failure) {
        if (failure == null || failure.error() == null) {
            return null;
        }
        Throwable error = failure.error();
        return error.getMessage() == null ? error.getClass().getName() : error.getClass().getName() + ": " + error.getMessage();
    }

    /** Its name. */
    public String getName() {
        return name;
    }

    /** Its id within the supervisor. */
    public long getId() {
        return id;
    }

    /** Its status ({@code IDLE}, {@code RUNNING}, {@code STOPPED}, {@code ERROR}, {@code PANIC}, {@code GAVE_UP}); null before the supervisor started. */
    public String getStatus() {
        return status;
    }

    /** Why it has that status (a {@code supervisor.api.Reason} name); null before the supervisor started. */
    public String getReason() {
        return reason;
    }

    /** How often it was restarted, by its policy or by hand. */
    public int getRestarts() {
        return restarts;
    }

    /** When its latest update happened (ISO-8601); null before the supervisor started. */
    public String getSince() {
        return since;
    }

    /** When a scheduled restart falls due (ISO-8601), or null. */
    public String getNextRestart() {
        return nextRestart;
    }

    /**
     * What its latest failed run threw, as {@code class: message} (only the class when there is no
     * message), or null if it never failed or its latest failure carries no throwable.
     */
    public String getLastError() {
        return lastError;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceInfo that && id == that.id && restarts == that.restarts
                && name.equals(that.name) && Objects.equals(status, that.status) && Objects.equals(reason, that.reason)
                && Objects.equals(since, that.since) && Objects.equals(nextRestart, that.nextRestart)
                && Objects.equals(lastError, that.lastError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, status, reason, restarts, since, nextRestart, lastError);
    }

    @Override
    public String toString() {
        return name + "#" + id + " " + status + " (" + reason + ") since " + since + ", " + restarts + " restarts"
                + (nextRestart == null ? "" : ", next restart " + nextRestart)
                + (lastError == null ? "" : ", last error " + lastError);
    }
}
