package supervisor.api;

/**
 * Names that the OSGi whiteboard and ConfigAdmin contract of the supervisor bundles is written in:
 * service property names, configuration PIDs and configuration property names. Plain strings, so
 * code that uses them needs no OSGi types.
 *
 * <p>A bundle has a {@link Service} supervised by registering it as an OSGi service; it names it
 * with {@link #NAME} and may send it to a supervisor other than the default one with
 * {@link #GROUP}. The annotations {@link supervisor.annotations.SupervisedService} and
 * {@link supervisor.annotations.SupervisorGroup} write both properties on a Declarative Services
 * component. Its restart policy comes from the service properties {@link #RESTART} to
 * {@link #SERVICE_THREAD_KIND}, which {@link supervisor.annotations.RestartPolicy} writes.
 */
public final class SupervisorConstants {

    /**
     * Service property: on a {@link Service}, the name it is supervised under (a String; see
     * {@link Config#checkServiceName(String)}); without it the name is the {@code component.name}
     * property, then the class name. On a registered {@link SupervisorRuntime}, that supervisor's name ({@link Config#name()}).
     */
    public static final String NAME = "supervisor.name";

    /**
     * Service property on a {@link Service} or {@link StatusListener}: the group it belongs to (a
     * String). The default supervisor takes only registrations without a group; a factory supervisor
     * picks its group with a filter such as {@code (supervisor.group=fast)}.
     */
    public static final String GROUP = "supervisor.group";

    /**
     * Service property on a {@link Service}: its {@link Restart} policy by name, {@code ALWAYS},
     * {@code ON_FAILURE} or {@code NEVER}, any case. Like every policy property below, it may be
     * given as a single value or as an array or collection of exactly one value (as
     * {@link supervisor.annotations.RestartPolicy} writes it); a property that is absent, blank or an empty array is
     * inherited from the supervisor's default policy. An invalid value is logged (ERROR) and that
     * one setting inherited: the service runs anyway. The properties are read when the service is
     * registered; see {@link Policy} for what each setting means.
     */
    public static final String RESTART = "supervisor.restart";

    /**
     * Service property: the {@link Policy#minDelay() first restart delay}: milliseconds (a whole
     * number, or a String of digits) or an ISO-8601 duration String such as {@code "PT0.5S"}; 1 ms
     * to 24 h.
     */
    public static final String MIN_DELAY = "supervisor.min.delay";

    /** Service property: the {@link Policy#maxDelay() longest restart delay}; same format as {@link #MIN_DELAY}. */
    public static final String MAX_DELAY = "supervisor.max.delay";

    /** Service property: the {@link Policy#multiplier() backoff multiplier}, a number (or a String of one) from 1 to 100. */
    public static final String MULTIPLIER = "supervisor.multiplier";

    /** Service property: the {@link Policy#jitter() jitter}, a number (or a String of one) from 0 to below 1. */
    public static final String JITTER = "supervisor.jitter";

    /** Service property: how long a run must stay up to {@link Policy#resetAfter() reset the backoff}; same format as {@link #MIN_DELAY}. */
    public static final String RESET_AFTER = "supervisor.reset.after";

    /**
     * Service property: the {@link Policy#maxRestarts() restart limit}, a whole number (or a String
     * of digits) from 1 to {@link Policy#MAX_RESTARTS_LIMIT}; only together with {@link #WINDOW}.
     */
    public static final String MAX_RESTARTS = "supervisor.max.restarts";

    /** Service property: the {@link Policy#window() window} of {@link #MAX_RESTARTS}; same format as {@link #MIN_DELAY}. */
    public static final String WINDOW = "supervisor.window";

    /** Service property: whether giving the service up {@link Policy#escalate() shuts the supervisor down}: a Boolean, or {@code "true"} / {@code "false"}. */
    public static final String ESCALATE = "supervisor.escalate";

    /**
     * Service property: the {@link ThreadKind} that runs the service, {@code PLATFORM} or
     * {@code VIRTUAL}, any case; without it the supervisor's {@link #THREAD_KIND}.
     */
    public static final String SERVICE_THREAD_KIND = "supervisor.thread.kind";

    /**
     * The name of the {@code osgi.implementation} capability that the {@code supervisor.impl} bundle
     * provides and {@link supervisor.annotations.SupervisedService} requires.
     */
    public static final String IMPLEMENTATION = "supervisor";

    /** The version of the {@link #IMPLEMENTATION} capability. */
    public static final String IMPLEMENTATION_VERSION = "0.2.0";

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

    /** Configuration property: the {@link ThreadKind} of service threads whose policy sets none, by name: PLATFORM (the default) or VIRTUAL, any case. */
    public static final String THREAD_KIND = "thread.kind";

    /** Configuration property: the listener backlog (see {@link Config#listenerBacklog()}), from 1 to {@link Config#MAX_LISTENER_BACKLOG}. */
    public static final String LISTENER_BACKLOG = "listener.backlog";

    /** Configuration property: how many updates each service's history keeps, from 1 to {@link Config#MAX_HISTORY_SIZE}. */
    public static final String HISTORY_SIZE = "history.size";

    /**
     * Configuration property of the supervisor's default policy ({@link Config#defaultPolicy()}):
     * the restart policy; same values as the service property {@link #RESTART}. The default policy's
     * configuration properties are named like the per-service properties without their
     * {@code supervisor.} prefix, and take the same values; its first delay is {@link #RESTART_INTERVAL}.
     */
    public static final String CONFIG_RESTART = "restart";

    /** Configuration property of the default policy: the longest restart delay; see {@link #MAX_DELAY}. */
    public static final String CONFIG_MAX_DELAY = "max.delay";

    /** Configuration property of the default policy: the backoff multiplier; see {@link #MULTIPLIER}. */
    public static final String CONFIG_MULTIPLIER = "multiplier";

    /** Configuration property of the default policy: the jitter; see {@link #JITTER}. */
    public static final String CONFIG_JITTER = "jitter";

    /** Configuration property of the default policy: the run time that resets the backoff; see {@link #RESET_AFTER}. */
    public static final String CONFIG_RESET_AFTER = "reset.after";

    /**
     * Configuration property of the default policy: the restart limit; see {@link #MAX_RESTARTS}.
     * Here 0 also means no limit (as when absent), and {@link #CONFIG_WINDOW} is needed only with a
     * limit.
     */
    public static final String CONFIG_MAX_RESTARTS = "max.restarts";

    /** Configuration property of the default policy: the window of the restart limit; see {@link #WINDOW}. */
    public static final String CONFIG_WINDOW = "window";

    /** Configuration property of the default policy: whether giving up escalates; see {@link #ESCALATE}. */
    public static final String CONFIG_ESCALATE = "escalate";

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
