package supervisor.jmx;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One supervisor as a JMX MXBean: every attribute is open data (Strings, and the services as an
 * array of {@link ServiceInfo} composites), so jconsole, VisualVM and remote clients need none of
 * the supervisor's classes. Each read takes a fresh {@link supervisor.api.SupervisorRuntime#describe()}.
 *
 * <p>The operations act on one service by the name it is supervised under. A missing or unknown
 * name, or a supervisor that is not running, fails with an {@link IllegalArgumentException} or
 * {@link IllegalStateException} whose one-line message names the supervisor and the service (for an
 * unknown name, also the names it has); through {@code MBeanServer.invoke} it arrives wrapped in a
 * {@code javax.management.RuntimeMBeanException}.
 */
@ProviderType
public interface SupervisorMXBean {

    /** Attribute {@code Name}: the supervisor's name. */
    String getName();

    /** Attribute {@code State}: {@code NEW}, {@code RUNNING}, {@code STOPPING} or {@code ENDED}. */
    String getState();

    /** Attribute {@code Escalation}: why an escalating service shut the supervisor down, or null if none did. */
    String getEscalation();

    /** Attribute {@code Services}: every service, ordered by id. */
    List<ServiceInfo> getServices();

    /**
     * Stops a service by hand and keeps it stopped until {@link #start} or {@link #restart}; waits
     * for its run to end, at most the supervisor's shutdown timeout.
     *
     * @return true if no run of it is left, false if it was still running when the timeout elapsed
     */
    boolean stop(String service);

    /**
     * Starts a service that is not running (stopped by hand, given up, ended for good, or waiting
     * for a restart).
     *
     * @return true if a run was started, false if one was already in progress
     */
    boolean start(String service);

    /** Restarts a service now: cancels its run and starts a new one when it has ended. */
    void restart(String service);
}
