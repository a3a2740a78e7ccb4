package supervisor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusEvent;
import supervisor.api.StatusUpdate;

class StatusPrinterTest {

    private final Fixtures.MemoryConsole memory = new Fixtures.MemoryConsole();
    private final StatusPrinter printer = new StatusPrinter(memory.console);

    @Test
    void onStatusChange_failureWithRestart_printsErrorAndRestartDelayAtTheTimeOfTheChange() {
        StatusUpdate failed = new StatusUpdate(3, "flaky", Fixtures.NOON, Status.ERROR, Reason.FAILED,
                new IllegalStateException("flaky failure"), 0, Fixtures.NOON.plusMillis(500), null);

        printer.onStatusChange(changed(failed));

        assertThat(memory.lines()).containsExactly(
                "12:00:01.234 default/flaky ERROR (FAILED) java.lang.IllegalStateException: flaky failure, restart in 500 ms");
    }

    @Test
    void onStatusChange_afterRestarts_printsTheRestartCount() {
        StatusUpdate running = update("ping", Status.RUNNING, Reason.RESTART_DUE, 2);

        printer.onStatusChange(changed(running));

        assertThat(memory.lines()).containsExactly("12:00:01.234 default/ping RUNNING (RESTART_DUE), 2 restarts so far");
    }

    @Test
    void onStatusChange_multiLineErrorAndDetail_staysOnOneLine() {
        StatusUpdate failed = new StatusUpdate(3, "flaky", Fixtures.NOON, Status.PANIC, Reason.PANICKED,
                new AssertionError("first\nsecond"), 1, null, "why\nmore");

        printer.onStatusChange(changed(failed));

        assertThat(memory.lines()).containsExactly(
                "12:00:01.234 default/flaky PANIC (PANICKED) java.lang.AssertionError: first ...: why ..., 1 restart so far");
    }

    @Test
    void onStatusChange_current_printsEveryServiceOfTheSnapshot() {
        StatusEvent current = new StatusEvent("default", StatusEvent.Kind.CURRENT, null,
                List.of(update("ping", Status.RUNNING, Reason.STARTED, 0), update("pong", Status.IDLE, Reason.STARTED, 0)), 0);

        printer.onStatusChange(current);

        assertThat(memory.lines()).containsExactly(
                "12:00:01.234 default/ping RUNNING (STARTED) [current]",
                "12:00:01.234 default/pong IDLE (STARTED) [current]");
    }

    @Test
    void onStatusChange_currentOfNoServices_saysSo() {
        printer.onStatusChange(new StatusEvent("default", StatusEvent.Kind.CURRENT, null, List.of(), 0));

        assertThat(memory.lines()).containsExactly("12:00:01.234 default: no services yet");
    }

    @Test
    void onStatusChange_revisedWithMissed_marksBoth() {
        StatusUpdate revised = update("pong", Status.STOPPED, Reason.SHUTTING_DOWN, 0)
                .because(Reason.SHUTTING_DOWN, "restart called off");
        StatusEvent event = new StatusEvent("default", StatusEvent.Kind.REVISED, revised, List.of(revised), 3);

        printer.onStatusChange(event);

        assertThat(memory.lines()).containsExactly(
                "12:00:01.234 default/pong STOPPED (SHUTTING_DOWN): restart called off [revised] (3 earlier changes not shown)");
    }

    @Test
    void onStatusChange_removed_saysTheServiceLeft() {
        StatusUpdate removed = update("ping", Status.STOPPED, Reason.REMOVED, 0);

        printer.onStatusChange(new StatusEvent("default", StatusEvent.Kind.REMOVED, removed, List.of(), 0));

        assertThat(memory.lines()).containsExactly("12:00:01.234 default/ping removed from the supervisor");
    }

    private static StatusUpdate update(String name, Status status, Reason reason, int restarts) {
        return new StatusUpdate(1, name, Fixtures.NOON, status, reason, null, restarts, null, null);
    }

    private static StatusEvent changed(StatusUpdate update) {
        return new StatusEvent("default", StatusEvent.Kind.CHANGED, update, List.of(update), 0);
    }
}
