package supervisor.itest.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * The default supervisor as the tests read it, through its {@link SupervisorRuntime} service only.
 *
 * <p>The test class must not name any supervisor.api type in a signature (its lambdas' included):
 * Pax Exam's probe reflects on its methods before the test installs feature supervisor, and the
 * probe's dynamic import of supervisor.api cannot be wired then. This class is loaded at its first
 * use, once the feature is installed.
 */
final class DefaultSupervisor {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String FILTER = "(&(objectClass=" + SupervisorRuntime.class.getName() + ")("
            + SupervisorConstants.NAME + "=" + SupervisorConstants.DEFAULT_SUPERVISOR_NAME + "))";

    private final BundleContext context;
    private final SupervisorRuntime runtime;

    private DefaultSupervisor(BundleContext context, SupervisorRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /** Waits for the SupervisorRuntime service named default. */
    static DefaultSupervisor find(BundleContext context) throws InterruptedException, InvalidSyntaxException {
        ServiceTracker<SupervisorRuntime, SupervisorRuntime> tracker =
                new ServiceTracker<>(context, FrameworkUtil.createFilter(FILTER), null);
        tracker.open();
        try {
            SupervisorRuntime runtime = tracker.waitForService(WAIT.toMillis());
            assertNotNull("no service " + FILTER, runtime);
            return new DefaultSupervisor(context, runtime);
        } finally {
            tracker.close();
        }
    }

    String name() {
        return runtime.name();
    }

    /** The service.id of the one default supervisor registered now. */
    long serviceId() throws InvalidSyntaxException {
        Collection<ServiceReference<SupervisorRuntime>> references = context.getServiceReferences(
                SupervisorRuntime.class, "(" + SupervisorConstants.NAME + "=" + SupervisorConstants.DEFAULT_SUPERVISOR_NAME + ")");
        assertEquals("default supervisors registered", 1, references.size());
        return (Long) references.iterator().next().getProperty("service.id");
    }

    /** The service's latest status, or "none" before its first update. */
    String status(String service) {
        return runtime.status(service).map(update -> update.status().name()).orElse("none");
    }

    int restartCount(String service) {
        return update(service).restartCount();
    }

    /** Its restart count as describe() reports it. */
    int describedRestartCount(String service) {
        return description(service).restartCount();
    }

    /** Its status as describe() reports it. */
    String describedStatus(String service) {
        return description(service).status().name();
    }

    /** Whether its history holds an update with that status. */
    boolean historyHas(String service, String status) {
        return runtime.history(service).stream().anyMatch(update -> update.status().name().equals(status));
    }

    String history(String service) {
        return runtime.history(service).toString();
    }

    void restart(String service) {
        runtime.restart(service);
    }

    Duration restartInterval() {
        return runtime.describe().settings().restartInterval();
    }

    /** Waits until the service is RUNNING with exactly that restart count. */
    void awaitRunning(String service, int restartCount) {
        await().atMost(WAIT).until(() -> runtime.status(service)
                .filter(update -> update.status() == Status.RUNNING && update.restartCount() == restartCount)
                .isPresent());
    }

    /** Waits until the service is RUNNING; returns its restart count. */
    int awaitRunning(String service) {
        await().atMost(WAIT).until(() -> runtime.status(service).map(StatusUpdate::status)
                .equals(Optional.of(Status.RUNNING)));
        return restartCount(service);
    }

    private StatusUpdate update(String service) {
        return runtime.status(service).orElseThrow(() -> new AssertionError("no status of " + service));
    }

    private ServiceDescription description(String service) {
        return runtime.describe().services().stream().filter(description -> description.name().equals(service))
                .findFirst().orElseThrow(() -> new AssertionError("no service " + service + " in describe()"));
    }
}
