/**
 * Supervisors as JMX MXBeans. {@link supervisor.jmx.SupervisorJmx#register} registers a
 * {@link supervisor.api.SupervisorRuntime} on an MBeanServer as a {@link supervisor.jmx.SupervisorMXBean}
 * named {@link supervisor.jmx.SupervisorJmx#objectName(String)}; the returned registration
 * unregisters it when closed.
 */
@Export
@Version("0.1.0")
package supervisor.jmx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
