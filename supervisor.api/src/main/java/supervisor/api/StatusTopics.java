package supervisor.api;

/**
 * The EventAdmin contract of the {@code supervisor.eventadmin} bundle: every status change of
 * every supervisor is posted (asynchronously) on the topic of its new status, with the properties
 * below. Plain strings, so code that uses them needs no OSGi types.
 *
 * <p>Subscribe to one status with, say, {@code event.topics=supervisor/status/GAVE_UP}, or to all
 * with {@value #ALL}.
 */
public final class StatusTopics {

    /** The prefix of every topic: the status name follows it. */
    public static final String PREFIX = "supervisor/status/";

    /** Every status change: {@code supervisor/status/*}. */
    public static final String ALL = PREFIX + "*";

    /** Topic: a run was scheduled. */
    public static final String IDLE = PREFIX + "IDLE";
    /** Topic: a run began. */
    public static final String RUNNING = PREFIX + "RUNNING";
    /** Topic: a run returned. */
    public static final String STOPPED = PREFIX + "STOPPED";
    /** Topic: a run threw an exception. */
    public static final String ERROR = PREFIX + "ERROR";
    /** Topic: a run threw an error. */
    public static final String PANIC = PREFIX + "PANIC";
    /** Topic: the supervisor gave a service up. */
    public static final String GAVE_UP = PREFIX + "GAVE_UP";

    /** Event property: the supervisor's name (String). */
    public static final String SUPERVISOR = "supervisor.name";
    /** Event property: the service's name (String). */
    public static final String SERVICE_NAME = "supervisor.service.name";
    /** Event property: the service's id within its supervisor (Long). */
    public static final String SERVICE_ID = "supervisor.service.id";
    /** Event property: the {@link Status} name (String). */
    public static final String STATUS = "supervisor.status";
    /** Event property: the {@link Reason} name (String). */
    public static final String REASON = "supervisor.reason";
    /** Event property: the update's detail, when it has one (String). */
    public static final String DETAIL = "supervisor.detail";
    /** Event property: when it happened, in milliseconds since the epoch (Long), as EventAdmin's {@code timestamp}. */
    public static final String TIMESTAMP = "timestamp";
    /** Event property: how many times the service had been restarted (Integer). */
    public static final String RESTART_COUNT = "supervisor.restart.count";
    /** Event property: when the next restart falls due, in milliseconds since the epoch (Long), when one is scheduled. */
    public static final String NEXT_RESTART = "supervisor.next.restart";
    /** Event property: the class name of what the run threw (String), for ERROR, PANIC and GAVE_UP with an error. */
    public static final String ERROR_CLASS = "supervisor.error.class";
    /** Event property: the message of what the run threw (String), when it has one. */
    public static final String ERROR_MESSAGE = "supervisor.error.message";

    private StatusTopics() {
    }

    /** The topic of a status: {@value #PREFIX} and its name. */
    public static String of(Status status) {
        return PREFIX + status.name();
    }
}
