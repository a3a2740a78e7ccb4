package supervisor.osgi;

import java.util.Map;
import supervisor.api.SupervisorConstants;

/**
 * One whiteboard registration as the trackers see it, with no OSGi type in sight: the Declarative
 * Services shell wraps a service reference and its service objects in one ({@link OsgiRegistration}),
 * and unit tests use small fakes. Implementations are thread-safe.
 *
 * @param <S> the registered type
 */
interface Registration<S> {

    /** The registration's {@code service.id}. */
    long id();

    /** Its current service properties; a copy the caller may keep. */
    Map<String, Object> properties();

    /** Whether its current properties match an LDAP filter that was already checked to be valid. */
    boolean matches(String filter);

    /** The registering bundle as {@code symbolic-name [id]}, or {@code (unregistered)}. */
    String bundle();

    /** The registering bundle's class loader, or null when there is none (the bundle is gone). */
    ClassLoader classLoader();

    /**
     * Gets the service object; may activate a delayed component, so never call it under a lock.
     *
     * @return the object, or null if the registry has none to give (it may also throw)
     */
    S get();

    /** Gives an object got from {@link #get()} back; never throws. */
    void unget(S object);

    /** The {@value SupervisorConstants#NAME} property if it is a String, else null. */
    default String name() {
        return properties().get(SupervisorConstants.NAME) instanceof String text ? text : null;
    }

    /** How messages name it: {@code 'name' from bundle bsn [id]}. */
    default String describe() {
        String name = name();
        return (name != null ? "'" + name + "' " : "") + "from bundle " + bundle();
    }
}
