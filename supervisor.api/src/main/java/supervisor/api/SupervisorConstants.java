package supervisor.api;

/**
 * Names that the OSGi whiteboard and ConfigAdmin contract of the supervisor bundles is written in:
 * service property names, configuration PIDs and configuration property names. Plain strings, so
 * code that uses them needs no OSGi types.
 *
 * <p>A bundle has a {@link Service} supervised by registering it as an OSGi service; it names it
 * with {@link #NAME} and may send it to a supervisor other than the default one with
 * {@link #GROUP}. The annotations {@link SupervisedService} and {@link SupervisorGroup} write both
 * properties on a Declarative Services component.
 */
public final class SupervisorConstants {

    /**
     * Service property: on a {@link Service}, the name it is supervised under (a String; see
     * {@link Config#checkServiceName(String)}); without it the name is the {@code component.name}
     * property, then the class name. On a registered {@link Supervisor}, that supervisor's name.
     */
    public static final String NAME = "supervisor.name";

    /**
     * Service property on a {@link Service} or {@link StatusListener}: the group it belongs to (a
     * String). The default supervisor takes only registrations without a group; a factory supervisor
     * picks its group with a filter such as {@code (supervisor.group=fast)}.
     */
    public static final String GROUP = "supervisor.group";

    /** Configuration PID of the default supervisor; it runs on defaults when there is no configuration. */
    public static final String PID = "supervisor";

    /** Factory configuration PID: each factory configuration creates one more supervisor. */
    public static final String FACTORY_PID = "supervisor.factory";

    /** The name of the default supervisor, as its {@link #NAME} service property. */
    public static final String DEFAULT_SUPERVISOR_NAME = "default";

    /**
     * Configuration property: how long after a run ends the service is started again. Milliseconds
     * (a number, or a String of digits such as {@code "500"}) or an ISO-8601 duration such as
     * {@code "PT0.5S"}; from {@link Config#MIN_RESTART_INTERVAL} to {@link Config#MAX_RESTART_INTERVAL}.
     */
    public static final String RESTART_INTERVAL = "restart.interval";

    /**
     * Configuration property: how long stopping the supervisor, or removing one service, waits for
     * services to end. Same format as {@link #RESTART_INTERVAL}; from
     * {@link Config#MIN_SHUTDOWN_TIMEOUT} to {@link Config#MAX_SHUTDOWN_TIMEOUT}.
     */
    public static final String SHUTDOWN_TIMEOUT = "shutdown.timeout";

    /** Configuration property: the {@link ThreadKind} of service threads, by name: AUTO, VIRTUAL or PLATFORM. */
    public static final String THREAD_KIND = "thread.kind";

    /** Configuration property: the listener backlog (see {@link Config#listenerBacklog()}), from 1 to {@link Config#MAX_LISTENER_BACKLOG}. */
    public static final String LISTENER_BACKLOG = "listener.backlog";

    /** Configuration property: the LDAP filter choosing which {@link Service} registrations a supervisor runs. */
    public static final String SERVICES_TARGET = "services.target";

    /** Configuration property: the LDAP filter choosing which {@link StatusListener} registrations a supervisor calls. */
    public static final String LISTENERS_TARGET = "listeners.target";

    /** The default supervisor's filter for services and listeners: every registration without a {@link #GROUP}. */
    public static final String DEFAULT_TARGET = "(!(" + GROUP + "=*))";

    /** A factory supervisor's filter for services and listeners when its configuration sets none: every registration with a {@link #GROUP}. */
    public static final String FACTORY_DEFAULT_TARGET = "(" + GROUP + "=*)";

    private SupervisorConstants() {
    }
}
