package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;

/**
 * What every fault test checks of the events one listener received: none was missed, and each
 * service's events form whole runs in order. A run is IDLE, RUNNING and its end (STOPPED, ERROR or
 * PANIC), and nothing else comes between, except that a run cancelled before its service began
 * goes from IDLE straight to STOPPED with the reason of its cancellation (the engine does so; the
 * {@link Status} javadoc does not say it); a GAVE_UP may follow an end; a REVISED event only
 * follows an end (a restart called off); a REMOVED event is a service's last. Only a service's
 * last run may be unfinished (still running, or its end never told because it was removed or the
 * supervisor ended first).
 */
final class FaultChecks {

    /** The reasons of an end that a cancellation caused. */
    private static final Set<Reason> CANCELLATIONS =
            EnumSet.of(Reason.STOPPED_BY_REQUEST, Reason.RESTARTED_BY_REQUEST, Reason.REMOVED, Reason.SHUTTING_DOWN);

    private FaultChecks() {
    }

    /**
     * Checks {@code events} as above and returns each service's events as "name STATUS",
     * "name revised STATUS" or "name removed" (see {@link Recorder#describe}), by service name.
     */
    static Map<String, List<String>> assertWholeRuns(List<StatusEvent> events) {
        Map<String, List<StatusEvent>> byService = new LinkedHashMap<>();
        for (StatusEvent event : events) {
            assertThat(event.missed()).as("missed count of %s", Recorder.describe(event)).isZero();
            assertThat(event.kind()).as("kind of an event from a supervisor started with its listeners")
                    .isNotEqualTo(StatusEvent.Kind.CURRENT);
            byService.computeIfAbsent(event.update().serviceName(), name -> new ArrayList<>()).add(event);
        }
        Map<String, List<String>> lines = new LinkedHashMap<>();
        byService.forEach((name, own) -> {
            checkRuns(name, own);
            lines.put(name, own.stream().map(Recorder::describe).toList());
        });
        return lines;
    }

    /**
     * Waits up to ten seconds until the events {@code recorder} received so far, checked as by
     * {@link #assertWholeRuns}, are exactly {@code expected} (in the order of each service's first
     * event): for services whose last events a test has not read through the recorder.
     */
    @SafeVarargs
    static void awaitWholeRuns(Recorder recorder, Map.Entry<String, List<String>>... expected) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(assertWholeRuns(recorder.all())).containsExactly(expected));
    }

    private static void checkRuns(String name, List<StatusEvent> events) {
        Status previous = null; // the last CHANGED status, null before the first
        boolean removed = false;
        for (StatusEvent event : events) {
            String where = name + "'s events " + events.stream().map(Recorder::describe).toList()
                    + " at " + Recorder.describe(event);
            if (removed) {
                fail("an event after the removal: " + where);
            }
            switch (event.kind()) {
                case REMOVED -> removed = true;
                case REVISED -> {
                    if (previous == null || previous.isAlive()) {
                        fail("a revision that follows no ended run: " + where);
                    }
                }
                case CHANGED -> {
                    Status status = event.update().status();
                    boolean follows = switch (status) {
                        case IDLE -> previous == null || !previous.isAlive();
                        case RUNNING -> previous == Status.IDLE;
                        case STOPPED -> previous == Status.RUNNING
                                || (previous == Status.IDLE && CANCELLATIONS.contains(event.update().reason()));
                        case ERROR, PANIC -> previous == Status.RUNNING;
                        case GAVE_UP -> previous == Status.STOPPED || previous == Status.ERROR || previous == Status.PANIC;
                    };
                    if (!follows) {
                        fail(status + " may not follow " + previous + ": " + where);
                    }
                    previous = status;
                }
                case CURRENT -> fail("a CURRENT event: " + where);
            }
        }
    }
}
