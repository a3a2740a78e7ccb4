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
 * The default supervisor, named {@value SupervisorConstants#DEFAULT_SUPERVISOR_NAME}: always there
 * (configuration PID {@value SupervisorConstants#PID}, optional), running every whiteboard service
 * without a {@value SupervisorConstants#GROUP} property.
 */
@Component(name = SupervisorConstants.PID, configurationPid = SupervisorConstants.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = SupervisorRuntime.class, immediate = true,
        property = {
            SupervisorConstants.NAME + "=" + SupervisorConstants.DEFAULT_SUPERVISOR_NAME
        })
@Designate(ocd = SupervisorConfig.class)
public final class DefaultSupervisorComponent extends SupervisorComponent {

    /** What an empty configuration means. */
    static final Settings DEFAULTS = Defaults.settings(SupervisorConstants.DEFAULT_TARGET);

    /**
     * Called by Declarative Services with its bundle's context (for the data area that keeps the
     * last good configuration) and the component properties, configuration included.
     */
    @Activate
    public DefaultSupervisorComponent(BundleContext context, Map<String, Object> properties) {
        super(context, SupervisorConstants.DEFAULT_SUPERVISOR_NAME, properties, DEFAULTS);
    }
}
