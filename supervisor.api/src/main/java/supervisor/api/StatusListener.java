package supervisor.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives every status change of a supervisor's services.
 *
 * <p>Each listener gets each change exactly once and in order. It is never called concurrently with
 * itself, never on a service's thread and never while the supervisor holds a lock, so a slow
 * listener delays neither supervision nor other listeners. If it falls so far behind that its
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
