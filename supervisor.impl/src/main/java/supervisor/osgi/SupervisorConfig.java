package supervisor.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import supervisor.api.SupervisorConstants;

/**
 * The one metatype definition of a supervisor's configuration, designated by the default
 * supervisor (PID {@value SupervisorConstants#PID}) and the factory supervisors (factory PID
 * {@value SupervisorConstants#FACTORY_PID}); defaults from {@link Defaults}, rules in
 * {@link SettingsParser}.
 */
@ObjectClassDefinition(id = SupervisorConstants.PID, name = "Supervisor",
        description = "A supervisor: runs whiteboard supervisor.api.Service registrations, restarting each run that"
                + " ends. The default supervisor (PID " + SupervisorConstants.PID + ") runs every one without a"
                + " supervisor.group; each factory configuration (factory PID " + SupervisorConstants.FACTORY_PID
                + ") makes one more supervisor, running those its filter selects. A service never runs under two"
                + " supervisors: where filters overlap, the first to bind it runs it. Changes apply live; an invalid"
                + " value is logged and the configuration in force is kept.")
@interface SupervisorConfig {

    @AttributeDefinition(name = "Name", required = false, description = "A factory supervisor's name: in its thread"
            + " names, log lines and events, and as the supervisor.name property of its supervisor.api.SupervisorRuntime"
            + " service. Empty: the configuration's service.pid. The default supervisor is named '"
            + SupervisorConstants.DEFAULT_SUPERVISOR_NAME + "'. Read when the supervisor starts.")
    String supervisor_name();

    @AttributeDefinition(name = "Restart interval", description = "How long after a run ends the service is started"
            + " again: milliseconds (500) or an ISO-8601 duration (PT0.5S), from 1 ms to 1 day.")
    String restart_interval() default Defaults.RESTART_INTERVAL;

    @AttributeDefinition(name = "Shutdown timeout", description = "How long stopping the supervisor, or a service"
            + " going away, waits for services to end: milliseconds or an ISO-8601 duration, from 1 ms to 1 hour.")
    String shutdown_timeout() default Defaults.SHUTDOWN_TIMEOUT;

    @AttributeDefinition(name = "Thread kind", description = "Threads that run services whose supervisor.thread.kind"
            + " property sets none: PLATFORM (preempted by the operating system, the default) or VIRTUAL (Java 21"
            + " and later; cheap by the hundred thousand, but not preempted: for services that block, not for"
            + " CPU-bound ones).", options = {
                @Option(label = "Platform", value = "PLATFORM"),
                @Option(label = "Virtual", value = "VIRTUAL")})
    String thread_kind() default Defaults.THREAD_KIND;

    @AttributeDefinition(name = "Listener backlog", description = "How many events a status listener may fall behind"
            + " by before it receives only the latest one per service.", min = "1", max = "1048576")
    int listener_backlog() default Defaults.LISTENER_BACKLOG;

    @AttributeDefinition(name = "Services filter", required = false, description = "LDAP filter choosing the"
            + " supervisor.api.Service registrations this supervisor runs, such as (supervisor.group=fast). Empty: the"
            + " default supervisor's " + SupervisorConstants.DEFAULT_TARGET + ", a factory supervisor's "
            + SupervisorConstants.FACTORY_DEFAULT_TARGET + ".")
    String services_target() default Defaults.TARGET;

    @AttributeDefinition(name = "Listeners filter", required = false, description = "LDAP filter choosing the"
            + " supervisor.api.StatusListener registrations this supervisor calls. Empty: as for the services filter.")
    String listeners_target() default Defaults.TARGET;

    @AttributeDefinition(name = "History size", description = "How many of its latest updates each service's history"
            + " keeps (SupervisorRuntime.history).", min = "1", max = "10000")
    int history_size() default Defaults.HISTORY_SIZE;

    @AttributeDefinition(name = "Restart policy", description = "Default policy: which ended runs are restarted."
            + " ALWAYS: every one; ON_FAILURE: those that ended in ERROR or PANIC; NEVER: a service runs once."
            + " A service's supervisor.restart property overrides it, as each supervisor.* policy property"
            + " overrides the default setting of the same name.", options = {
                @Option(label = "Always", value = "ALWAYS"),
                @Option(label = "On failure", value = "ON_FAILURE"),
                @Option(label = "Never", value = "NEVER")})
    String restart() default Defaults.RESTART;

    @AttributeDefinition(name = "Longest delay", required = false, description = "Default policy: the longest restart"
            + " delay of an exponential backoff that starts at the restart interval: milliseconds or an ISO-8601"
            + " duration, from 1 ms to 1 day. Empty: no backoff, every delay is the restart interval.")
    String max_delay() default Defaults.MAX_DELAY;

    @AttributeDefinition(name = "Backoff multiplier", description = "Default policy: by how much each consecutive"
            + " restart multiplies the delay, up to the longest delay; from 1 to 100.", min = "1", max = "100")
    double multiplier() default Defaults.MULTIPLIER;

    @AttributeDefinition(name = "Jitter", description = "Default policy: each delay is shortened by a random part"
            + " of up to this fraction; from 0 (none) to below 1.", min = "0")
    double jitter() default Defaults.JITTER;

    @AttributeDefinition(name = "Reset after", description = "Default policy: a run that stayed up this long starts"
            + " the backoff again from the restart interval: milliseconds or an ISO-8601 duration, 1 ms to 1 day.")
    String reset_after() default Defaults.RESET_AFTER;

    @AttributeDefinition(name = "Restart limit", description = "Default policy: a service that needs more restarts"
            + " than this within the window is given up (GAVE_UP); 0: no limit.", min = "0", max = "1000000")
    int max_restarts() default Defaults.MAX_RESTARTS;

    @AttributeDefinition(name = "Restart limit window", description = "Default policy: the window of the restart"
            + " limit: milliseconds or an ISO-8601 duration, 1 ms to 1 day.")
    String window() default Defaults.WINDOW;

    @AttributeDefinition(name = "Escalate", description = "Default policy: whether giving a service up shuts the"
            + " whole supervisor down; it then supervises nothing until activated again (bundle restart).")
    boolean escalate() default Defaults.ESCALATE;
}
