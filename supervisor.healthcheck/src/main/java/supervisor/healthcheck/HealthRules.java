package supervisor.healthcheck;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import supervisor.api.Reason;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;

/**
 * The health of one supervisor, judged from its description alone: a pure function, no clock, no
 * state.
 *
 * <p>Each service falls in one {@link Kind}, which gives its level: RUNNING and IDLE (starting) are
 * OK; not started yet, waiting for a scheduled restart, stopped by hand (held), or ended with
 * nothing scheduled (a clean return its policy does not restart, or a moment of a restart by hand)
 * are WARN; GAVE_UP, a failure (ERROR, PANIC) its policy does not restart, and an end whose restart
 * could not be scheduled ({@link Reason#SCHEDULER_FAILED}) are CRITICAL. The supervisor itself is OK while RUNNING, WARN while NEW or STOPPING,
 * CRITICAL once ENDED or when it escalated. The verdict is the worst of all.
 *
 * <p>What a line shows of a failure: the throwable's class name only. Its message, and a status
 * detail the engine may have built from one, are shown only with {@code showErrors}; a stack trace
 * never is. Refused registrations do not count: they are often on purpose (another supervisor's
 * service).
 */
public final class HealthRules {

    /** Reasons whose detail the engine writes from its own settings only, never from a throwable. */
    private static final Set<Reason> PLAIN_DETAILS = Set.of(Reason.GAVE_UP, Reason.RESTART_POLICY,
            Reason.STOPPED_BY_REQUEST);

    /** Where a service is, as far as health goes; the order is the summary's order. */
    enum Kind {
        RUNNING("running", Level.OK),
        STARTING("starting", Level.OK),
        NOT_STARTED("not started", Level.WARN),
        WAITING("waiting to restart", Level.WARN),
        HELD("stopped by hand", Level.WARN),
        ENDED("ended", Level.WARN),
        FAILED("failed", Level.CRITICAL),
        GAVE_UP("gave up", Level.CRITICAL);

        final String words;
        final Level level;

        Kind(String words, Level level) {
            this.words = words;
            this.level = level;
        }
    }

    private HealthRules() {
    }

    /**
     * The verdict on a supervisor: one line per service that is not RUNNING (ordered by id, as the
     * description is), then the summary line, whose level is the supervisor's own.
     *
     * @param description the supervisor, at one moment
     * @param showErrors whether lines may show a throwable's message and details built from one
     */
    public static Verdict judge(SupervisorDescription description, boolean showErrors) {
        List<Verdict.Line> lines = new ArrayList<>();
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        Level level = Level.OK;
        for (ServiceDescription service : description.services()) {
            Kind kind = kindOf(service);
            counts.merge(kind, 1, Integer::sum);
            if (kind != Kind.RUNNING) {
                lines.add(new Verdict.Line(kind.level, serviceLine(service, showErrors)));
            }
            level = level.worst(kind.level);
        }
        Level own = supervisorLevel(description);
        lines.add(new Verdict.Line(level.worst(own), summary(description, counts)));
        return new Verdict(level.worst(own), lines);
    }

    static Kind kindOf(ServiceDescription service) {
        Status status = service.status();
        if (status == null) {
            return Kind.NOT_STARTED;
        }
        if (status == Status.GAVE_UP) {
            return Kind.GAVE_UP;
        }
        if (status == Status.RUNNING) {
            return Kind.RUNNING;
        }
        if (status == Status.IDLE) {
            return Kind.STARTING;
        }
        if (service.held()) {
            return Kind.HELD;
        }
        if (service.nextRestart() != null) {
            return Kind.WAITING;
        }
        // nothing will start it again: its policy does not restart a failure, or no restart could be scheduled;
        // other ends with nothing scheduled are a moment of a restart by hand, a removal or a shutdown
        boolean lost = service.reason() == Reason.SCHEDULER_FAILED
                || (status.isFailure() && service.reason() == Reason.RESTART_POLICY);
        return lost ? Kind.FAILED : Kind.ENDED;
    }

    private static Level supervisorLevel(SupervisorDescription description) {
        if (description.escalated()) {
            return Level.CRITICAL;
        }
        switch (description.state()) {
            case RUNNING:
                return Level.OK;
            case ENDED:
                return Level.CRITICAL;
            default:
                return Level.WARN;
        }
    }

    private static String serviceLine(ServiceDescription service, boolean showErrors) {
        StringBuilder text = new StringBuilder("service '").append(service.name()).append("' #").append(service.id())
                .append(": ");
        if (service.status() == null) {
            return text.append("not started").toString();
        }
        text.append(service.status()).append(" (").append(service.reason()).append(')');
        if (service.held()) {
            text.append(", stopped by hand");
        }
        if (service.restartCount() > 0) {
            text.append(", after ").append(service.restartCount())
                    .append(service.restartCount() == 1 ? " restart" : " restarts");
        }
        StatusUpdate failure = service.lastFailure();
        if (service.status().isFailure() && failure != null && failure.error() != null) {
            text.append(", ").append(showErrors ? String.valueOf(failure.error()) : failure.error().getClass().getName());
        }
        if (service.nextRestart() != null) {
            text.append(", restart due at ").append(service.nextRestart());
        }
        String detail = service.status().isFailure() && failure != null ? failure.detail() : null;
        if (detail != null && (showErrors || PLAIN_DETAILS.contains(failure.reason()))) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }

    private static String summary(SupervisorDescription description, Map<Kind, Integer> counts) {
        StringBuilder text = new StringBuilder("supervisor '").append(description.name()).append("' ")
                .append(description.state());
        if (description.escalated()) {
            text.append(", escalated: ").append(description.escalation());
        }
        int total = description.services().size();
        if (total == 0) {
            return text.append(": no services").toString();
        }
        text.append(": ").append(total).append(total == 1 ? " service" : " services");
        counts.forEach((kind, count) -> text.append(", ").append(count).append(' ').append(kind.words));
        return text.toString();
    }
}
