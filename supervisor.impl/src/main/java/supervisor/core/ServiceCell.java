package supervisor.core;

import java.util.concurrent.CompletableFuture;
import supervisor.api.Cancellable;
import supervisor.api.Service;
import supervisor.api.StatusUpdate;

/**
 * One supervised service and where it is in its life. Its mutable fields are guarded by the lock of
 * the {@link SupervisorEngine} that owns it.
 */
final class ServiceCell {
    final long id;
    final String name;
    final Service service;

    /** The run in progress, or null between runs. */
    RunContext run;
    /** The pending restart, or null. */
    Cancellable restart;
    /** How many times the service has been restarted. */
    int restarts;
    /** The latest update published for it. */
    StatusUpdate last;
    /** Set once the service is being removed; it is never started again. */
    boolean removed;
    /** Completed when a removal ends: true if the run stopped in time. */
    CompletableFuture<Boolean> removal;
    /** The deadline of a removal in progress, or null. */
    Cancellable removalDeadline;

    ServiceCell(long id, String name, Service service) {
        this.id = id;
        this.name = name;
        this.service = service;
    }
}
