package supervisor.osgi;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import supervisor.api.Config;
import supervisor.api.Policy;
import supervisor.api.Supervisor;
import supervisor.api.SupervisorConstants;
import supervisor.api.ThreadKind;

/**
 * The default supervisor: always there (configuration PID {@value SupervisorConstants#PID}, optional),
 * running every whiteboard service without a {@value SupervisorConstants#GROUP} property.
 */
@Component(name = SupervisorConstants.PID, configurationPid = SupervisorConstants.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Supervisor.class, immediate = true,
        property = {
            SupervisorConstants.NAME + "=" + SupervisorConstants.DEFAULT_SUPERVISOR_NAME
        })
@Designate(ocd = DefaultSupervisorConfig.class)
public final class DefaultSupervisorComponent extends SupervisorComponent {

    /** The documented defaults. */
    static final Settings DEFAULTS = new Settings(Config.DEFAULT_RESTART_INTERVAL, Config.DEFAULT_SHUTDOWN_TIMEOUT,
            ThreadKind.PLATFORM, Config.DEFAULT_LISTENER_BACKLOG, SupervisorConstants.DEFAULT_TARGET,
            SupervisorConstants.DEFAULT_TARGET, Policy.INHERIT, Config.DEFAULT_HISTORY_SIZE);

    /** Called by Declarative Services with the component properties, configuration included. */
    @Activate
    public DefaultSupervisorComponent(Map<String, Object> properties) {
        super(stringProperty(properties, SupervisorConstants.NAME, SupervisorConstants.DEFAULT_SUPERVISOR_NAME),
                properties, DEFAULTS);
    }
}
