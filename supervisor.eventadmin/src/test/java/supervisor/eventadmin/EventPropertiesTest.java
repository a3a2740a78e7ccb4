package supervisor.eventadmin;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusTopics;
import supervisor.api.StatusUpdate;

class EventPropertiesTest {

    private static final Instant TIME = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final Instant NEXT = Instant.parse("2026-12-01T10:00:01.623Z");

    @Test
    void of_runningUpdate_mapsTheAlwaysPresentPropertiesOnly() {
        StatusUpdate update = new StatusUpdate(7, "poller", TIME, Status.RUNNING, Reason.STARTED, null, 0, null, null);

        assertThat(EventProperties.of("default", update)).isEqualTo(Map.of(
                StatusTopics.SUPERVISOR, "default",
                StatusTopics.SERVICE_NAME, "poller",
                StatusTopics.SERVICE_ID, 7L,
                StatusTopics.STATUS, "RUNNING",
                StatusTopics.REASON, "STARTED",
                StatusTopics.TIMESTAMP, 1796119200123L,
                StatusTopics.RESTART_COUNT, 0));
    }

    @Test
    void of_errorWithRestartAndDetail_mapsErrorNextRestartAndDetail() {
        StatusUpdate update = new StatusUpdate(3, "db", TIME, Status.ERROR, Reason.FAILED,
                new IOException("connection refused"), 2, NEXT, "restarts in 1.5 s");

        assertThat(EventProperties.of("fast", update)).isEqualTo(Map.ofEntries(
                entry(StatusTopics.SUPERVISOR, "fast"),
                entry(StatusTopics.SERVICE_NAME, "db"),
                entry(StatusTopics.SERVICE_ID, 3L),
                entry(StatusTopics.STATUS, "ERROR"),
                entry(StatusTopics.REASON, "FAILED"),
                entry(StatusTopics.TIMESTAMP, 1796119200123L),
                entry(StatusTopics.RESTART_COUNT, 2),
                entry(StatusTopics.DETAIL, "restarts in 1.5 s"),
                entry(StatusTopics.NEXT_RESTART, 1796119201623L),
                entry(StatusTopics.ERROR_CLASS, "java.io.IOException"),
                entry(StatusTopics.ERROR_MESSAGE, "connection refused")));
    }

    @Test
    void of_errorWithoutMessage_hasErrorClassButNoErrorMessage() {
        StatusUpdate update = new StatusUpdate(1, "w", TIME, Status.PANIC, Reason.RESTART_POLICY,
                new StackOverflowError(), 0, null, null);

        Map<String, Object> properties = EventProperties.of("default", update);

        assertThat(properties).containsEntry(StatusTopics.ERROR_CLASS, "java.lang.StackOverflowError")
                .doesNotContainKey(StatusTopics.ERROR_MESSAGE);
    }

    @Test
    void of_anyUpdate_givesAnUnmodifiableMap() {
        StatusUpdate update = new StatusUpdate(1, "w", TIME, Status.IDLE, Reason.STARTED, null, 0, null, null);

        assertThat(EventProperties.of("default", update)).isUnmodifiable();
    }

    @Test
    void of_nullSupervisor_throwsNamingIt() {
        StatusUpdate update = new StatusUpdate(1, "w", TIME, Status.IDLE, Reason.STARTED, null, 0, null, null);

        assertThatNullPointerException().isThrownBy(() -> EventProperties.of(null, update)).withMessage("supervisor");
    }

    @Test
    void topic_gaveUpUpdate_isTheGaveUpTopic() {
        StatusUpdate update = new StatusUpdate(1, "w", TIME, Status.GAVE_UP, Reason.GAVE_UP, null, 5, null, "ended 6 times in PT1M");

        assertThat(EventProperties.topic(update)).isEqualTo("supervisor/status/GAVE_UP");
    }
}
