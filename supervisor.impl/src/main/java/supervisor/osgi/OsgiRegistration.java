package supervisor.osgi;

import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A {@link Registration} over what Declarative Services hands a bind method: the service reference
 * (read live, so updated properties show) and its service objects. Thread-safe.
 */
final class OsgiRegistration<S> implements Registration<S> {

    private final ServiceReference<S> reference;
    private final ComponentServiceObjects<S> objects;

    OsgiRegistration(ServiceReference<S> reference, ComponentServiceObjects<S> objects) {
        this.reference = reference;
        this.objects = objects;
    }

    /** The {@code service.id} of a reference, as the trackers key registrations. */
    static long id(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    @Override
    public long id() {
        return id(reference);
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> map = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            map.put(key, reference.getProperty(key));
        }
        return map;
    }

    @Override
    public boolean matches(String filter) {
        try {
            return FrameworkUtil.createFilter(filter).match(reference);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e); // SettingsParser checked it
        }
    }

    @Override
    public String bundle() {
        Bundle bundle = reference.getBundle();
        return bundle == null ? "(unregistered)" : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
    }

    @Override
    public ClassLoader classLoader() {
        Bundle bundle = reference.getBundle();
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        return wiring == null ? null : wiring.getClassLoader();
    }

    @Override
    public S get() {
        return objects.getService();
    }

    @Override
    public void unget(S object) {
        try {
            objects.ungetService(object);
        } catch (RuntimeException alreadyGone) {
            // the registration or the component is gone; nothing to give back
        }
    }

    @Override
    public String toString() {
        return "service.id " + id() + " " + describe();
    }
}
