package supervisor.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every status change of a supervisor's services.
 *
 * <p>Each listener gets each change exactly once and in order. Its calls are serial: it is never
 * called concurrently with itself, and each call returns before the next begins and sees what the
 * previous one wrote. They are not bound to one thread: consecutive calls may come on different
 * threads of the listener executor ({@link Config#listenerExecutor()}), so keep no state in a
 * {@code ThreadLocal}. It is never called while the supervisor holds a lock and, with the default
 * executor, never on a service's thread, so a slow listener delays neither supervision nor other
 * listeners.
 *
 * <p>The first event: a listener added while the supervisor runs or shuts down first gets a
 * {@link StatusEvent.Kind#CURRENT} event with the current snapshot; one given in the {@link Config}
 * or added before the start gets no such event, its first is the first
 * {@link StatusEvent.Kind#CHANGED} event, whose snapshot already lists every service
 * ({@link SupervisorRuntime#addListener}).
 *
 * <p>If it falls so far behind that its
 * backlog reaches {@link Config#listenerBacklog()}, it is sent the latest event of each service
 * instead of every one, and {@link StatusEvent#missed()} says how many it did not receive; should
 * even that outgrow the backlog plus the number of services (services coming and going while the
 * listener is stuck), it is sent one {@link StatusEvent.Kind#CURRENT} event with the latest snapshot.
 * A throwable it throws is logged; it keeps receiving events.
 */
@ConsumerType
@FunctionalInterface
public interface StatusListener {

    /**
     * Called for each change.
     *
     * @param event the change and the state of every service; never null
     */
    void onStatusChange(StatusEvent event);
}
