package supervisor.jmx.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of PID {@code supervisor.jmx}. */
@ObjectClassDefinition(id = JmxComponent.PID, name = "Supervisor JMX",
        description = "Registers every supervisor as an MXBean supervisor:type=Supervisor,name=<name> on the platform MBeanServer.")
@interface JmxConfig {

    @AttributeDefinition(name = "Enabled",
            description = "Whether every supervisor is registered on the platform MBeanServer; false unregisters them all.")
    boolean enabled() default true;
}
