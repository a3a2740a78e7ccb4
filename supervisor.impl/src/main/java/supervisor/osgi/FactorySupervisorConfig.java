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
}
