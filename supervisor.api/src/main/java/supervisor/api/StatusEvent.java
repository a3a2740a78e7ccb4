package supervisor.api;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link StatusListener} receives: one update, and the latest update of every service at
 * that point. Immutable.
 *
 * @param supervisor the name of the supervisor that sent it ({@link Config#name()})
 * @param kind what happened
 * @param update the update: for {@link Kind#CHANGED} and {@link Kind#REVISED} the new one, for
 *     {@link Kind#REMOVED} the removed service's last one; null for {@link Kind#CURRENT}
 * @param snapshot the latest update of every service the supervisor has at that point, ordered by
 *     service id; an immutable list shared between listeners, cheap to keep
 * @param missed how many updates this listener did not receive one by one since its previous event
 *     because it fell behind; 0 while it keeps up. It always receives the latest state.
 */
public record StatusEvent(String supervisor, Kind kind, StatusUpdate update, List<StatusUpdate> snapshot, long missed) {

    /** What an event reports. */
    public enum Kind {
        /**
         * The current state: sent first to a listener added while the supervisor runs, and to a
         * listener so far behind that its backlog was collapsed (see {@link StatusListener}).
         */
        CURRENT,
        /** A service's status changed: a run was scheduled, began or ended, or the service was given up. */
        CHANGED,
        /**
         * A service's latest update was revised without a change of status: a pending restart was
         * called off ({@link Reason#STOPPED_BY_REQUEST} or {@link Reason#SHUTTING_DOWN}), so its
         * {@link StatusUpdate#nextRestart()} is gone. A listener that counts runs or status changes
         * skips these.
         */
        REVISED,
        /** A service was removed from supervision. */
        REMOVED
    }

    /** Checks that the components are consistent. */
    public StatusEvent {
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(snapshot, "snapshot");
        if ((kind == Kind.CURRENT) != (update == null)) {
            throw new IllegalArgumentException("a " + kind + " event " + (update == null ? "needs" : "has no") + " update");
        }
        if (missed < 0) {
            throw new IllegalArgumentException("missed must be >= 0, was " + missed);
        }
    }

    /** This event with a different missed count. */
    public StatusEvent withMissed(long count) {
        return count == missed ? this : new StatusEvent(supervisor, kind, update, snapshot, count);
    }
}
