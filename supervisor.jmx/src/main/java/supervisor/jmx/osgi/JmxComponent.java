package supervisor.jmx.osgi;

import java.lang.management.ManagementFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import supervisor.api.SupervisorRuntime;
import supervisor.jmx.SupervisorJmx;

/**
 * The Declarative Services shell: every registered {@link SupervisorRuntime} (dynamic, multiple)
 * is an MXBean on the platform MBeanServer while the configuration {@value #PID} says
 * {@code enabled = true} (also when there is no configuration); a change applies at once, without
 * deactivating the component.
 */
@Component(configurationPid = JmxComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = JmxConfig.class)
public final class JmxComponent {

    /** The configuration PID. */
    public static final String PID = "supervisor.jmx";

    private final Registrar registrar =
            new Registrar(supervisor -> SupervisorJmx.register(supervisor, ManagementFactory.getPlatformMBeanServer()));

    @Activate
    public JmxComponent(JmxConfig config) {
        registrar.enable(config.enabled());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSupervisor(SupervisorRuntime supervisor) {
        registrar.add(supervisor);
    }

    void removeSupervisor(SupervisorRuntime supervisor) {
        registrar.remove(supervisor);
    }

    @Modified
    void modified(JmxConfig config) {
        registrar.enable(config.enabled());
    }

    @Deactivate
    void deactivate() {
        registrar.close();
    }
}
