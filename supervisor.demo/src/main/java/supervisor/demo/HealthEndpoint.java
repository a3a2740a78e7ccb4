package supervisor.demo;

import java.io.IOException;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Serves Felix Health Checks on {@value #PATH}: the HC servlet runs only with a factory
 * configuration (its configuration policy is REQUIRE), and the demo has no file-based
 * configuration, so this component creates it (once; unchanged on later activations).
 */
@Component(service = {}, immediate = true)
public final class HealthEndpoint {

    static final String SERVLET_FACTORY_PID = "org.apache.felix.hc.core.impl.servlet.HealthCheckExecutorServlet";
    static final String PATH = "/system/health";

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public HealthEndpoint(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Activate
    void activate() throws IOException {
        Configuration servlet = configurationAdmin.getFactoryConfiguration(SERVLET_FACTORY_PID, "supervisor.demo", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("servletPath", PATH);
        properties.put("httpStatusMapping", "OK:200,WARN:200,CRITICAL:503,TEMPORARILY_UNAVAILABLE:503,HEALTH_CHECK_ERROR:500");
        properties.put("format", "json");
        servlet.updateIfDifferent(properties);
    }
}
