package supervisor.shell;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import supervisor.api.Policy;
import supervisor.api.RefusedRegistration;
import supervisor.api.ServiceDescription;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;

/**
 * What the commands print, as pure functions of {@link SupervisorDescription}s and histories.
 * Relative times are measured from each description's own {@link SupervisorDescription#time()},
 * the supervisor's clock that also stamped its updates, so output depends on nothing else.
 */
final class Views {

    private Views() {
    }

    /**
     * {@code supervisor:list}: one row per service of every given supervisor, in the given order,
     * then one line for each supervisor that is not running or runs nothing.
     */
    static String list(List<SupervisorDescription> supervisors, boolean absolute) {
        Table table = new Table("SUPERVISOR", "SERVICE", "STATUS", "RESTARTS", "SINCE", "NEXT RESTART", "LAST ERROR");
        StringBuilder notes = new StringBuilder();
        for (SupervisorDescription supervisor : supervisors) {
            Times times = new Times(supervisor.time(), absolute);
            for (ServiceDescription service : supervisor.services()) {
                table.row(supervisor.name(), service.name(), status(service), Integer.toString(service.restartCount()),
                        times.format(service.since()), times.format(service.nextRestart()),
                        Text.truncate(lastError(service.lastFailure()), Text.ERROR_WIDTH));
            }
            stateLine(supervisor).ifPresent(line -> notes.append(line).append('\n'));
        }
        return (table.size() == 0 ? "" : table.render()) + notes;
    }

    /**
     * The line that says a supervisor is not simply running with services: {@code supervisor 'x'
     * ENDED (escalated: why)}, {@code supervisor 'x' NEW (not started)}, {@code supervisor 'x'
     * RUNNING, no services}; empty for a running supervisor with services.
     */
    static Optional<String> stateLine(SupervisorDescription supervisor) {
        String head = "supervisor '" + supervisor.name() + "' " + supervisor.state();
        switch (supervisor.state()) {
            case NEW:
                return Optional.of(head + " (not started)");
            case STOPPING:
                return Optional.of(head + " (waiting for its services to stop)");
            case ENDED:
                return Optional.of(head + (supervisor.escalated() ? " (escalated: " + Text.oneLine(supervisor.escalation()) + ")" : "")
                        + "; supervisor:reset " + supervisor.name() + " starts it again");
            default:
                return supervisor.services().isEmpty() ? Optional.of(head + ", no services") : Optional.empty();
        }
    }

    /** A service's status cell: {@code RUNNING}, {@code STOPPED (held)}, or {@code -} before the start. */
    static String status(ServiceDescription service) {
        if (service.status() == null) {
            return Times.NONE;
        }
        return service.held() ? service.status() + " (held)" : service.status().toString();
    }

    /** The last failure on one line: its throwable, or its status and detail when it has none; {@code -} for none. */
    static String lastError(StatusUpdate failure) {
        if (failure == null) {
            return Times.NONE;
        }
        if (failure.error() != null) {
            return Text.error(failure.error());
        }
        return failure.status() + (failure.detail() == null ? "" : ": " + Text.oneLine(failure.detail()));
    }

    /**
     * {@code supervisor:info}: the service's state, the policy in force, the supervisor's settings,
     * then its history, oldest first, each failure with its stack trace.
     */
    static String info(SupervisorDescription supervisor, ServiceDescription service, List<StatusUpdate> history,
            boolean absolute) {
        Times times = new Times(supervisor.time(), absolute);
        StringBuilder text = new StringBuilder()
                .append("service '").append(service.name()).append("' (id ").append(service.id())
                .append(") in supervisor '").append(supervisor.name()).append("' (").append(supervisor.state()).append(")\n");
        Table state = new Table("", "")
                .row("status", status(service) + (service.reason() == null ? "" : " (" + service.reason() + ")"))
                .row("since", times.format(service.since()))
                .row("restarts", Integer.toString(service.restartCount()))
                .row("next restart", times.format(service.nextRestart()))
                .row("held", service.held() ? "yes: stopped by hand, stays stopped until started" : "no")
                .row("last error", lastError(service.lastFailure()));
        text.append(indented(state, "  "));
        text.append("policy in force:\n").append(indented(policy(service.policy()), "  "));
        SupervisorDescription.Settings settings = supervisor.settings();
        Table supervisorSettings = new Table("", "")
                .row("restart.interval", settings.restartInterval().toString())
                .row("shutdown.timeout", settings.shutdownTimeout().toString())
                .row("listener.backlog", Integer.toString(settings.listenerBacklog()))
                .row("history.size", Integer.toString(settings.historySize()))
                .row("thread.kind", settings.threadKind().toString());
        text.append("supervisor settings:\n").append(indented(supervisorSettings, "  "));
        text.append("history (").append(history.size()).append(history.size() == 1 ? " update" : " updates")
                .append(", oldest first):\n");
        if (history.isEmpty()) {
            text.append("  none: the supervisor has not started it yet\n");
        }
        for (StatusUpdate update : history) {
            text.append("  ").append(times.format(update.time())).append("  ").append(update.status())
                    .append(" (").append(update.reason()).append(")");
            if (update.restartCount() > 0) {
                text.append(", restarts ").append(update.restartCount());
            }
            if (update.nextRestart() != null) {
                text.append(", next restart ").append(times.format(update.nextRestart()));
            }
            if (update.detail() != null) {
                text.append(": ").append(Text.oneLine(update.detail()));
            }
            text.append('\n');
            if (update.error() != null) {
                text.append(Text.stackTrace(update.error(), "      "));
            }
        }
        return text.toString();
    }

    /** The policy in force, one setting per row, named like the configuration properties. */
    static Table policy(Policy policy) {
        int maxRestarts = policy.maxRestarts().orElse(0);
        return new Table("", "")
                .row("restart", value(policy.restart()))
                .row("min.delay", value(policy.minDelay()))
                .row("max.delay", value(policy.maxDelay()))
                .row("multiplier", policy.multiplier().isPresent() ? Double.toString(policy.multiplier().getAsDouble()) : Times.NONE)
                .row("jitter", policy.jitter().isPresent() ? Double.toString(policy.jitter().getAsDouble()) : Times.NONE)
                .row("reset.after", value(policy.resetAfter()))
                .row("max.restarts", maxRestarts == 0 ? "0 (no limit)" : Integer.toString(maxRestarts))
                .row("window", value(policy.window()))
                .row("escalate", value(policy.escalate()))
                .row("thread.kind", value(policy.threadKind()));
    }

    private static String value(Optional<?> value) {
        return value.map(v -> v instanceof Duration d ? d.toString() : v.toString()).orElse(Times.NONE);
    }

    /** {@code supervisor:refused}: one row per refused registration of every given supervisor. */
    static String refused(List<SupervisorDescription> supervisors) {
        Table table = new Table("SUPERVISOR", "SERVICE.ID", "TYPE", "NAME", "BUNDLE", "CAUSE", "DETAIL");
        for (SupervisorDescription supervisor : supervisors) {
            for (RefusedRegistration refused : supervisor.refused()) {
                String type = refused.type().substring(refused.type().lastIndexOf('.') + 1);
                table.row(supervisor.name(), Long.toString(refused.serviceId()), type, Text.oneLine(refused.name()),
                        Text.oneLine(refused.bundle()), refused.cause().toString(), Text.oneLine(refused.detail()));
            }
        }
        if (table.size() == 0) {
            return supervisors.size() == 1 ? "supervisor '" + supervisors.get(0).name() + "' refused no registration\n"
                    : "no supervisor refused a registration\n";
        }
        return table.render();
    }

    /** A two-column key/value table without its (blank) header line, each line indented. */
    private static String indented(Table table, String indent) {
        StringBuilder text = new StringBuilder();
        String[] lines = table.render().split("\n");
        for (int i = 1; i < lines.length; i++) {
            text.append(indent).append(lines[i]).append('\n');
        }
        return text.toString();
    }
}
