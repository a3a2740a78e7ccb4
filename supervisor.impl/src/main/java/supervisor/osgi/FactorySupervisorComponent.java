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
 * One more supervisor per factory configuration (factory PID {@value SupervisorConstants#FACTORY_PID});
 * none without. It runs the whiteboard services its {@value SupervisorConstants#SERVICES_TARGET}
 * filter selects (by default every one with a {@value SupervisorConstants#GROUP}).
 */
@Component(name = SupervisorConstants.FACTORY_PID, configurationPid = SupervisorConstants.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Supervisor.class, immediate = true)
@Designate(ocd = FactorySupervisorConfig.class, factory = true)
public final class FactorySupervisorComponent extends SupervisorComponent {

    /** The documented defaults. */
    static final Settings DEFAULTS = new Settings(Config.DEFAULT_RESTART_INTERVAL, Config.DEFAULT_SHUTDOWN_TIMEOUT,
            ThreadKind.PLATFORM, Config.DEFAULT_LISTENER_BACKLOG, SupervisorConstants.FACTORY_DEFAULT_TARGET,
            SupervisorConstants.FACTORY_DEFAULT_TARGET, Policy.INHERIT, Config.DEFAULT_HISTORY_SIZE);

    /**
     * Called by Declarative Services with the component properties, configuration included. The
     * name is {@value SupervisorConstants#NAME}, or the configuration's {@code service.pid}.
     */
    @Activate
    public FactorySupervisorComponent(Map<String, Object> properties) {
        super(stringProperty(properties, SupervisorConstants.NAME, stringProperty(properties, "service.pid", "unnamed")),
                properties, DEFAULTS);
    }
}
