package supervisor.condition;

import java.util.Collection;
import java.util.Set;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;

/**
 * The readiness rule, as pure functions. A supervisor is ready when
 * <ul>
 * <li>it is {@link SupervisorDescription.State#RUNNING} (not NEW, STOPPING or ENDED), and</li>
 * <li>no service of it is {@link Status#GAVE_UP}, and</li>
 * <li>every service of it has run, that is reached {@link Status#RUNNING} at least once since the
 * supervisor started, except services stopped by hand ({@link ServiceDescription#held()}), which
 * neither hold readiness back nor give it.</li>
 * </ul>
 * So a supervisor with no services is ready once it runs; a service restarting normally after it
 * has run keeps its supervisor ready (ERROR, PANIC, STOPPED, IDLE in between are fine); a service
 * that has not run yet holds it back.
 */
final class Readiness {

    private Readiness() {
    }

    /**
     * Whether a supervisor is ready.
     *
     * @param state the supervisor's state
     * @param services its services
     * @param ran the ids of its services that have run since it started (see {@link #ran(StatusUpdate)})
     */
    static boolean ready(SupervisorDescription.State state, Collection<ServiceDescription> services, Set<Long> ran) {
        if (state != SupervisorDescription.State.RUNNING) {
            return false;
        }
        for (ServiceDescription service : services) {
            if (service.status() == Status.GAVE_UP) {
                return false;
            }
            if (!service.held() && service.status() != Status.RUNNING && !ran.contains(service.id())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an update shows that its service has run: it is RUNNING, or it ended a run that
     * executed (ERROR, PANIC, or STOPPED because the run returned). An update is enough evidence
     * even when a listener that fell behind missed the RUNNING one before it. A STOPPED by request
     * or by shutdown proves nothing: it may have been called off before the run began.
     */
    static boolean ran(StatusUpdate update) {
        switch (update.status()) {
            case RUNNING:
            case ERROR:
            case PANIC:
                return true;
            case STOPPED:
                return update.reason() == Reason.RETURNED || update.reason() == Reason.RESTART_POLICY;
            default:
                return false;
        }
    }
}
