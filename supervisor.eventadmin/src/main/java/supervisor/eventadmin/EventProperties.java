package supervisor.eventadmin;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import supervisor.api.StatusTopics;
import supervisor.api.StatusUpdate;

/**
 * The properties of the event posted for one status update: a pure function of the update and the
 * supervisor's name, with the names of {@link StatusTopics}.
 *
 * <p>Always present: {@link StatusTopics#SUPERVISOR} (String), {@link StatusTopics#SERVICE_NAME}
 * (String), {@link StatusTopics#SERVICE_ID} (Long), {@link StatusTopics#STATUS} (String),
 * {@link StatusTopics#REASON} (String), {@link StatusTopics#TIMESTAMP} (Long, epoch milliseconds)
 * and {@link StatusTopics#RESTART_COUNT} (Integer). Present only when the update has them:
 * {@link StatusTopics#DETAIL} (String), {@link StatusTopics#NEXT_RESTART} (Long, epoch
 * milliseconds), {@link StatusTopics#ERROR_CLASS} (String) and {@link StatusTopics#ERROR_MESSAGE}
 * (String). The throwable itself is not put on the event: it would keep the failing bundle's
 * classes reachable from every handler that stores events.
 */
final class EventProperties {

    private EventProperties() {
    }

    /** The topic of the update: {@link StatusTopics#of} its status. */
    static String topic(StatusUpdate update) {
        return StatusTopics.of(update.status());
    }

    /**
     * The event properties of an update sent by the named supervisor; an unmodifiable map with no
     * null keys or values.
     *
     * @throws NullPointerException if either argument is null
     */
    static Map<String, Object> of(String supervisor, StatusUpdate update) {
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(update, "update");
        Map<String, Object> properties = new HashMap<>();
        properties.put(StatusTopics.SUPERVISOR, supervisor);
        properties.put(StatusTopics.SERVICE_NAME, update.serviceName());
        properties.put(StatusTopics.SERVICE_ID, update.serviceId());
        properties.put(StatusTopics.STATUS, update.status().name());
        properties.put(StatusTopics.REASON, update.reason().name());
        properties.put(StatusTopics.TIMESTAMP, update.time().toEpochMilli());
        properties.put(StatusTopics.RESTART_COUNT, update.restartCount());
        if (update.detail() != null) {
            properties.put(StatusTopics.DETAIL, update.detail());
        }
        if (update.nextRestart() != null) {
            properties.put(StatusTopics.NEXT_RESTART, update.nextRestart().toEpochMilli());
        }
        Throwable error = update.error();
        if (error != null) {
            properties.put(StatusTopics.ERROR_CLASS, error.getClass().getName());
            if (error.getMessage() != null) {
                properties.put(StatusTopics.ERROR_MESSAGE, error.getMessage());
            }
        }
        return Map.copyOf(properties);
    }
}
