package supervisor.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import supervisor.api.SupervisorConstants;

/** Metatype of the default supervisor (PID {@value SupervisorConstants#PID}); see {@link SettingsParser} for the rules. */
@ObjectClassDefinition(id = SupervisorConstants.PID, name = "Supervisor",
        description = "The default supervisor: runs every whiteboard supervisor.api.Service without a supervisor.group,"
                + " restarting each run that ends. Changes apply live; an invalid value is logged and the"
                + " configuration in force is kept.")
@interface DefaultSupervisorConfig {

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
            + " registrations this supervisor runs.")
    String services_target() default SupervisorConstants.DEFAULT_TARGET;

    @AttributeDefinition(name = "Listeners filter", description = "LDAP filter choosing the"
            + " supervisor.api.StatusListener registrations this supervisor calls.")
    String listeners_target() default SupervisorConstants.DEFAULT_TARGET;
}
