package supervisor.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import supervisor.api.SupervisorConstants;

/** Metatype of the factory supervisors (factory PID {@value SupervisorConstants#FACTORY_PID}); see {@link SettingsParser}. */
@ObjectClassDefinition(id = SupervisorConstants.FACTORY_PID, name = "Supervisor (factory)",
        description = "One more supervisor per configuration, running the whiteboard services its filter selects."
                + " A service never runs under two supervisors: where filters overlap, the first to bind it runs it.")
@interface FactorySupervisorConfig {

    @AttributeDefinition(name = "Name", description = "The supervisor's name, in logs and as the supervisor.name"
            + " property of its supervisor.api.Supervisor service. Read when the supervisor starts.")
    String supervisor_name();

    @AttributeDefinition(name = "Restart interval", description = "How long after a run ends the service is started"
            + " again: milliseconds (500) or an ISO-8601 duration (PT0.5S), from 1 ms to 1 day.")
    String restart_interval() default "PT1S";

    @AttributeDefinition(name = "Shutdown timeout", description = "How long stopping the supervisor, or a service"
            + " going away, waits for services to end: milliseconds or an ISO-8601 duration, from 1 ms to 1 hour.")
    String shutdown_timeout() default "PT10S";

    @AttributeDefinition(name = "Thread kind", description = "Threads that run services: AUTO (virtual threads on"
            + " Java 21 and later), VIRTUAL or PLATFORM.", options = {
                @Option(label = "Automatic", value = "AUTO"),
                @Option(label = "Virtual", value = "VIRTUAL"),
                @Option(label = "Platform", value = "PLATFORM")})
    String thread_kind() default "AUTO";

    @AttributeDefinition(name = "Listener backlog", description = "How many events a status listener may fall behind"
            + " by before it receives only the latest one per service.", min = "1", max = "1048576")
    int listener_backlog() default 1024;

    @AttributeDefinition(name = "Services filter", description = "LDAP filter choosing the supervisor.api.Service"
            + " registrations this supervisor runs, such as (supervisor.group=fast).")
    String services_target() default SupervisorConstants.FACTORY_DEFAULT_TARGET;

    @AttributeDefinition(name = "Listeners filter", description = "LDAP filter choosing the"
            + " supervisor.api.StatusListener registrations this supervisor calls, such as (supervisor.group=fast).")
    String listeners_target() default SupervisorConstants.FACTORY_DEFAULT_TARGET;

    @AttributeDefinition(name = "History size", description = "How many of its latest updates each service's history"
            + " keeps (Supervisor.history).", min = "1", max = "10000")
    int history_size() default 10;

    @AttributeDefinition(name = "Restart policy", description = "Default policy: which ended runs are restarted."
            + " ALWAYS: every one; ON_FAILURE: those that ended in ERROR or PANIC; NEVER: a service runs once."
            + " A service's supervisor.restart property overrides it, as each supervisor.* policy property"
            + " overrides the default setting of the same name.", options = {
                @Option(label = "Always", value = "ALWAYS"),
                @Option(label = "On failure", value = "ON_FAILURE"),
                @Option(label = "Never", value = "NEVER")})
    String restart() default "ALWAYS";

    @AttributeDefinition(name = "Longest delay", description = "Default policy: the longest restart delay of an"
            + " exponential backoff that starts at the restart interval: milliseconds or an ISO-8601 duration, from"
            + " 1 ms to 1 day. Empty: no backoff, every delay is the restart interval.")
    String max_delay() default "";

    @AttributeDefinition(name = "Backoff multiplier", description = "Default policy: by how much each consecutive"
            + " restart multiplies the delay, up to the longest delay; from 1 to 100.", min = "1", max = "100")
    double multiplier() default 2.0;

    @AttributeDefinition(name = "Jitter", description = "Default policy: each delay is shortened by a random part"
            + " of up to this fraction; from 0 (none) to below 1.", min = "0")
    double jitter() default 0.0;

    @AttributeDefinition(name = "Reset after", description = "Default policy: a run that stayed up this long starts"
            + " the backoff again from the restart interval: milliseconds or an ISO-8601 duration, 1 ms to 1 day.")
    String reset_after() default "PT1M";

    @AttributeDefinition(name = "Restart limit", description = "Default policy: a service that needs more restarts"
            + " than this within the window is given up (GAVE_UP); 0: no limit.", min = "0", max = "1000000")
    int max_restarts() default 0;

    @AttributeDefinition(name = "Restart limit window", description = "Default policy: the window of the restart"
            + " limit: milliseconds or an ISO-8601 duration, 1 ms to 1 day.")
    String window() default "PT1M";

    @AttributeDefinition(name = "Escalate", description = "Default policy: whether giving a service up shuts the"
            + " whole supervisor down; it then supervises nothing until activated again (bundle restart).")
    boolean escalate() default false;
}
