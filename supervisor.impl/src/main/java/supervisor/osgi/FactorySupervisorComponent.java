package supervisor.osgi;

import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * One more supervisor per factory configuration (factory PID {@value SupervisorConstants#FACTORY_PID});
 * none without. It runs the whiteboard services its {@value SupervisorConstants#SERVICES_TARGET}
 * filter selects (by default every one with a {@value SupervisorConstants#GROUP}).
 */
@Component(name = SupervisorConstants.FACTORY_PID, configurationPid = SupervisorConstants.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = SupervisorRuntime.class, immediate = true)
@Designate(ocd = SupervisorConfig.class, factory = true)
public final class FactorySupervisorComponent extends SupervisorComponent {

    /** What an empty configuration means. */
    static final Settings DEFAULTS = Defaults.settings(SupervisorConstants.FACTORY_DEFAULT_TARGET);

    /**
     * Called by Declarative Services with its bundle's context (for the data area that keeps the
     * last good configuration) and the component properties, configuration included. The name is
     * {@value SupervisorConstants#NAME}, or the configuration's {@code service.pid}.
     */
    @Activate
    public FactorySupervisorComponent(BundleContext context, Map<String, Object> properties) {
        super(context, stringProperty(properties, "service.pid", SupervisorConstants.FACTORY_PID), properties, DEFAULTS);
    }
}
