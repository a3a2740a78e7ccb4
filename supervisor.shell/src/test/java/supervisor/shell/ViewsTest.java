package supervisor.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static supervisor.shell.Descriptions.NOW;
import static supervisor.shell.Descriptions.failing;
import static supervisor.shell.Descriptions.running;
import static supervisor.shell.Descriptions.service;
import static supervisor.shell.Descriptions.supervisor;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.RefusedRegistration;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorDescription.State;

class ViewsTest {

    private static final SupervisorDescription DEFAULT = running("default",
            service(1, "ping", Status.RUNNING, Duration.ofSeconds(12)),
            failing(2, "pong", new IllegalStateException("pong failed"), Duration.ofSeconds(3), Duration.ofSeconds(1), 2));

    @Test
    void list_services_oneAlignedRowEachWithRelativeTimes() {
        assertThat(Views.list(List.of(DEFAULT), false)).isEqualTo(""
                + "SUPERVISOR  SERVICE  STATUS   RESTARTS  SINCE    NEXT RESTART  LAST ERROR\n"
                + "default     ping     RUNNING  0         12s ago  -             -\n"
                + "default     pong     ERROR    2         3s ago   in 1s         IllegalStateException: pong failed\n");
    }

    @Test
    void list_absolute_writesIsoTimes() {
        assertThat(Views.list(List.of(running("default", service(1, "ping", Status.RUNNING, Duration.ofSeconds(12)))), true))
                .isEqualTo(""
                        + "SUPERVISOR  SERVICE  STATUS   RESTARTS  SINCE                 NEXT RESTART  LAST ERROR\n"
                        + "default     ping     RUNNING  0         2026-12-01T11:59:48Z  -             -\n");
    }

    @Test
    void list_escalatedSupervisor_addsItsEndedLine() {
        SupervisorDescription ended = supervisor("fast", State.ENDED, "service 'x' gave up", List.of(), List.of());

        assertThat(Views.list(List.of(DEFAULT, ended), false)).endsWith(
                "IllegalStateException: pong failed\n"
                + "supervisor 'fast' ENDED (escalated: service 'x' gave up); supervisor:reset fast starts it again\n");
    }

    @Test
    void list_runningSupervisorWithoutServices_saysSoWithoutATable() {
        assertThat(Views.list(List.of(running("empty")), false)).isEqualTo("supervisor 'empty' RUNNING, no services\n");
    }

    @Test
    void list_longError_isTruncatedToTheErrorWidth() {
        String message = "x".repeat(100);
        SupervisorDescription described = running("default",
                failing(1, "ping", new IllegalStateException(message), Duration.ofSeconds(1), Duration.ofSeconds(1), 1));

        String lastCell = Views.list(List.of(described), false).split("\n")[1].replaceAll(".*  ", "");

        assertThat(lastCell).hasSize(Text.ERROR_WIDTH).endsWith("x...").startsWith("IllegalStateException: xx");
    }

    @Test
    void status_held_isMarked() {
        ServiceDescription held = new ServiceDescription(1, "ping", Status.STOPPED, Reason.STOPPED_BY_REQUEST, NOW, 0,
                null, null, true, Descriptions.POLICY);

        assertThat(Views.status(held)).isEqualTo("STOPPED (held)");
    }

    @Test
    void status_beforeTheStart_isDash() {
        ServiceDescription fresh = new ServiceDescription(1, "ping", null, null, null, 0, null, null, false,
                Descriptions.POLICY);

        assertThat(Views.status(fresh)).isEqualTo("-");
    }

    @Test
    void lastError_givenUpWithoutThrowable_isStatusAndDetail() {
        StatusUpdate gaveUp = new StatusUpdate(1, "ping", NOW, Status.GAVE_UP, Reason.GAVE_UP, null, 3, null,
                "ended 4 times in PT1M");

        assertThat(Views.lastError(gaveUp)).isEqualTo("GAVE_UP: ended 4 times in PT1M");
    }

    @Test
    void info_service_showsStatePolicySettingsAndHistoryWithStackTrace() {
        IllegalStateException error = new IllegalStateException("pong failed");
        List<StatusUpdate> history = List.of(
                new StatusUpdate(2, "pong", NOW.minusSeconds(4), Status.RUNNING, Reason.STARTED, null, 0, null, null),
                new StatusUpdate(2, "pong", NOW.minusSeconds(3), Status.ERROR, Reason.FAILED, error, 0,
                        NOW.plusSeconds(1), null));

        String text = Views.info(DEFAULT, DEFAULT.services().get(1), history, false);

        assertThat(text).startsWith(""
                + "service 'pong' (id 2) in supervisor 'default' (RUNNING)\n"
                + "  status        ERROR (FAILED)\n"
                + "  since         3s ago\n"
                + "  restarts      2\n"
                + "  next restart  in 1s\n"
                + "  held          no\n"
                + "  last error    IllegalStateException: pong failed\n"
                + "policy in force:\n"
                + "  restart       ALWAYS\n"
                + "  min.delay     PT1S\n"
                + "  max.delay     PT1S\n"
                + "  multiplier    1.0\n"
                + "  jitter        0.0\n"
                + "  reset.after   PT1M\n"
                + "  max.restarts  0 (no limit)\n"
                + "  window        -\n"
                + "  escalate      false\n"
                + "  thread.kind   PLATFORM\n"
                + "supervisor settings:\n"
                + "  restart.interval  PT1S\n"
                + "  shutdown.timeout  PT5S\n"
                + "  listener.backlog  1000\n"
                + "  history.size      20\n"
                + "  thread.kind       PLATFORM\n"
                + "history (2 updates, oldest first):\n"
                + "  4s ago  RUNNING (STARTED)\n"
                + "  3s ago  ERROR (FAILED), next restart in 1s\n"
                + "      java.lang.IllegalStateException: pong failed\n"
                + "      \tat ").contains("ViewsTest.info_service_showsStatePolicySettingsAndHistoryWithStackTrace");
    }

    @Test
    void refused_registrations_oneRowEach() {
        RefusedRegistration refused = new RefusedRegistration(42, "supervisor.api.Service", "x", "demo [7]",
                RefusedRegistration.Cause.CLAIMED_BY_ANOTHER, "runs in supervisor 'fast'");
        SupervisorDescription described = supervisor("default", State.RUNNING, null, List.of(), List.of(refused));

        assertThat(Views.refused(List.of(described))).isEqualTo(""
                + "SUPERVISOR  SERVICE.ID  TYPE     NAME  BUNDLE    CAUSE               DETAIL\n"
                + "default     42          Service  x     demo [7]  CLAIMED_BY_ANOTHER  runs in supervisor 'fast'\n");
    }

    @Test
    void refused_none_saysSo() {
        assertThat(Views.refused(List.of(DEFAULT))).isEqualTo("supervisor 'default' refused no registration\n");
    }
}
