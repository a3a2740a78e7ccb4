package supervisor.api;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link StatusListener} receives: one change, and the latest update of every service at
 * that point. Immutable.
 *
 * @param kind what happened
 * @param update the change: for {@link Kind#CHANGED} the new update, for {@link Kind#REMOVED} the
 *     removed service's last update; null for {@link Kind#CURRENT}
 * @param snapshot the latest update of every supervised service, ordered by service id; an
 *     immutable list shared between listeners, cheap to keep
 * @param missed how many updates this listener did not receive one by one since its previous event
 *     because it fell behind; 0 while it keeps up. It always receives the latest state.
 */
public record StatusEvent(Kind kind, StatusUpdate update, List<StatusUpdate> snapshot, long missed) {

    /** What an event reports. */
    public enum Kind {
        /**
         * The current state: sent first to a listener added while the supervisor runs, and to a
         * listener so far behind that its backlog was collapsed (see {@link StatusListener}).
         */
        CURRENT,
        /** A service's status changed. */
        CHANGED,
        /** A service was removed from supervision. */
        REMOVED
    }

    /** Checks that the components are consistent. */
    public StatusEvent {
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
        return count == missed ? this : new StatusEvent(kind, update, snapshot, count);
    }
}
