package supervisor.healthcheck;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * Registers one Felix {@link HealthCheck} per {@link SupervisorRuntime} service, with
 * {@value HealthCheck#NAME} {@code "supervisor <name>"} and {@value HealthCheck#TAGS}
 * {@code ["supervisor", "supervisor.<name>"]}, and unregisters it when the supervisor goes.
 * Configured by PID {@value #PID} (optional): {@code show.errors}, default false.
 *
 * <p>Concurrency: {@link #checks} maps each supervisor's {@code service.id} to its check's
 * registration; registering and unregistering happen outside any lock of ours. {@link #showErrors}
 * is volatile, read by each execution.
 */
@Component(configurationPid = SupervisorHealthChecks.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
@Designate(ocd = SupervisorHealthChecks.Config.class)
public final class SupervisorHealthChecks {

    /** The configuration PID. */
    public static final String PID = "supervisor.healthcheck";
    /** The tag every supervisor's check carries. */
    public static final String TAG = "supervisor";

    /** The configuration. */
    @ObjectClassDefinition(name = "Supervisor health checks",
            description = "One Felix health check per supervisor, named 'supervisor <name>', tagged "
                    + "'supervisor' and 'supervisor.<name>'.")
    public @interface Config {
        /** Whether results may show exception messages ({@code show.errors}). */
        @AttributeDefinition(name = "Show errors",
                description = "Show the messages of the exceptions that services threw, and details built "
                        + "from them, in the results. Class names are always shown; stack traces never.")
        boolean show_errors() default false;
    }

    private final BundleContext context;
    private final ConcurrentMap<Long, ServiceRegistration<HealthCheck>> checks = new ConcurrentHashMap<>();
    private volatile boolean showErrors;
    private volatile boolean closed;

    /** Takes the bundle context (to register the checks) and the configuration. */
    @Activate
    public SupervisorHealthChecks(BundleContext context, Config config) {
        this.context = context;
        this.showErrors = config.show_errors();
    }

    @Modified
    void modified(Config config) {
        showErrors = config.show_errors();
    }

    /** A supervisor came: register its check. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        Long id = (Long) properties.get(Constants.SERVICE_ID);
        Object property = properties.get(SupervisorConstants.NAME);
        String name = property instanceof String ? (String) property : runtime.name();
        ServiceRegistration<HealthCheck> registration = context.registerService(HealthCheck.class,
                new SupervisorCheck(runtime, () -> showErrors), checkProperties(name));
        ServiceRegistration<HealthCheck> earlier = checks.put(id, registration);
        unregister(earlier);
        if (closed) {
            unregister(checks.remove(id));
        }
    }

    /** A supervisor went: unregister its check. */
    void removeSupervisor(SupervisorRuntime runtime, Map<String, Object> properties) {
        unregister(checks.remove((Long) properties.get(Constants.SERVICE_ID)));
    }

    @Deactivate
    void deactivate() {
        closed = true;
        for (Long id : checks.keySet()) {
            unregister(checks.remove(id));
        }
    }

    /** The check's service properties: its name, its tags, and the supervisor's name. */
    static Dictionary<String, Object> checkProperties(String name) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HealthCheck.NAME, "supervisor " + name);
        properties.put(HealthCheck.TAGS, new String[] {TAG, TAG + "." + name});
        properties.put(SupervisorConstants.NAME, name);
        return properties;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered with the bundle
        }
    }
}
