package supervisor.osgi;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which supervisor runs which whiteboard service, keyed by {@code service.id}: the guard that a
 * service is never run by two supervisors at once, even when their filters overlap. One instance is
 * shared by every supervisor component of the bundle ({@link #SHARED}). Owners are compared by
 * identity and described by their {@code toString()}. Thread-safe, non-blocking.
 */
final class ClaimRegistry {

    /** The registry every supervisor of this bundle uses. */
    static final ClaimRegistry SHARED = new ClaimRegistry();

    private final ConcurrentMap<Long, Object> owners = new ConcurrentHashMap<>();

    /**
     * Claims a service.
     *
     * @return empty if {@code owner} now owns it (or already did), otherwise the other owner
     */
    Optional<Object> claim(long serviceId, Object owner) {
        Object current = owners.putIfAbsent(serviceId, owner);
        return current == null || current == owner ? Optional.empty() : Optional.of(current);
    }

    /** Gives a service up, if {@code owner} owns it. */
    void release(long serviceId, Object owner) {
        owners.remove(serviceId, owner);
    }

    /** Who owns a service, if anyone. */
    Optional<Object> owner(long serviceId) {
        return Optional.ofNullable(owners.get(serviceId));
    }
}
