package supervisor.osgi;

import java.io.File;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import supervisor.api.Policy;
import supervisor.api.Service;
import supervisor.api.StatusListener;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * One supervisor as a Declarative Services component: a thin shell that hands its lifecycle and
 * every whiteboard registration to a plain-Java {@link Supervision}, and is registered as that
 * supervisor's {@link SupervisorRuntime} (with its name as {@value SupervisorConstants#NAME}). The
 * two concrete components differ only in their PIDs, default names and default filters.
 *
 * <p>Targets: Declarative Services tracks every registration (references {@code supervisedServices}
 * and {@code statusListeners}, no target), and the whiteboards apply the {@code services.target} and
 * {@code listeners.target} filters themselves. Were they DS reference targets, Felix SCR would apply
 * an invalid filter by unbinding every service; applied there, an invalid one is rejected like any
 * other bad value and the last good filter stays. Service objects are only taken (through
 * {@link ComponentServiceObjects}) for registrations that match, so a delayed component meant for
 * another supervisor is not activated by this one.
 *
 * <p>Concurrency: Declarative Services calls bind, unbind and updated from any thread, also
 * concurrently and before activation; the whiteboards are made for that. The logger is injected
 * dynamically, so a Log Service that comes or goes never restarts the supervisor.
 */
@Capability(namespace = "osgi.implementation", name = SupervisorConstants.IMPLEMENTATION,
        version = SupervisorConstants.IMPLEMENTATION_VERSION)
abstract class SupervisorComponent implements SupervisorRuntime {

    private final Supervision supervision;

    /** Injected by Declarative Services when a Log Service is there; null otherwise. */
    @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Logger logger;

    /**
     * Creates the supervisor, not started: bind methods may come before activation.
     *
     * @param fallbackName the name when the {@value SupervisorConstants#NAME} property is absent or invalid
     * @param properties the component properties, configuration included
     * @param defaults what absent properties mean
     */
    SupervisorComponent(BundleContext context, String fallbackName, Map<String, Object> properties, Settings defaults) {
        // the adapter's lines and the engine's own both go to the Log Service while there is one
        OsgiLog log = new OsgiLog(() -> logger, "supervisor.osgi");
        supervision = new Supervision(fallbackName, properties, defaults, ClaimRegistry.SHARED, log,
                config -> config.logger(new OsgiLog(() -> logger, "supervisor.core")), lastGoodStore(context, log));
    }

    /**
     * The store of last good configurations in this bundle's data area ({@value #LAST_GOOD_DIRECTORY}),
     * or {@link LastGoodStore#NONE} where the framework has no file system support.
     */
    static LastGoodStore lastGoodStore(BundleContext context, Log log) {
        File directory = context == null ? null : context.getDataFile(LAST_GOOD_DIRECTORY);
        return directory == null ? LastGoodStore.NONE : new LastGoodStore(directory.toPath(), log, Clock.systemUTC());
    }

    /** The folder of the bundle's data area that keeps the last good configurations, one file per PID. */
    static final String LAST_GOOD_DIRECTORY = "last-good";

    @Activate
    void activate() {
        supervision.activate();
    }

    @Modified
    void modified(Map<String, Object> properties) {
        supervision.modified(properties);
    }

    /**
     * @param reason why Declarative Services deactivates it; when its configuration was deleted, the
     *     last good one is forgotten too
     */
    @Deactivate
    void deactivate(int reason) {
        supervision.deactivate(reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);
    }

    @Reference(name = "supervisedServices", service = Service.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedService")
    void bindService(ServiceReference<Service> reference, ComponentServiceObjects<Service> objects) {
        supervision.services().bind(new OsgiRegistration<>(reference, objects));
    }

    void unbindService(ServiceReference<Service> reference) {
        supervision.services().unbind(OsgiRegistration.id(reference));
    }

    void updatedService(ServiceReference<Service> reference) {
        supervision.services().updated(OsgiRegistration.id(reference));
    }

    @Reference(name = "statusListeners", service = StatusListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedListener")
    void bindListener(ServiceReference<StatusListener> reference, ComponentServiceObjects<StatusListener> objects) {
        supervision.listeners().bind(new OsgiRegistration<>(reference, objects));
    }

    void unbindListener(ServiceReference<StatusListener> reference) {
        supervision.listeners().unbind(OsgiRegistration.id(reference));
    }

    void updatedListener(ServiceReference<StatusListener> reference) {
        supervision.listeners().updated(OsgiRegistration.id(reference));
    }

    /** The value of a String component property, or {@code fallback} when it is absent or blank. */
    static String stringProperty(Map<String, ?> properties, String key, String fallback) {
        Object value = properties.get(key);
        return value instanceof String text && !text.isBlank() ? text : fallback;
    }

    // ---- SupervisorRuntime: the supervision's ------------------------------------------------------

    @Override
    public String name() {
        return supervision.name();
    }

    @Override
    public List<StatusUpdate> statuses() {
        return supervision.statuses();
    }

    @Override
    public Optional<StatusUpdate> status(String serviceName) {
        return supervision.status(serviceName);
    }

    @Override
    public List<StatusUpdate> history(String serviceName) {
        return supervision.history(serviceName);
    }

    @Override
    public Policy policy(String serviceName) {
        return supervision.policy(serviceName);
    }

    @Override
    public boolean stop(String serviceName) {
        return supervision.stop(serviceName);
    }

    @Override
    public boolean start(String serviceName) {
        return supervision.start(serviceName);
    }

    @Override
    public void restart(String serviceName) {
        supervision.restart(serviceName);
    }

    @Override
    public void addListener(StatusListener listener) {
        supervision.addListener(listener);
    }

    @Override
    public boolean removeListener(StatusListener listener) {
        return supervision.removeListener(listener);
    }

    @Override
    public SupervisorDescription describe() {
        return supervision.describe();
    }

    @Override
    public String toString() {
        return supervision.toString();
    }
}
