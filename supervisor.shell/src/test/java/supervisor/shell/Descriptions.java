package supervisor.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import supervisor.api.Policy;
import supervisor.api.Reason;
import supervisor.api.RefusedRegistration;
import supervisor.api.Restart;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorDescription;
import supervisor.api.ThreadKind;

/** Descriptions for tests, at a fixed moment. */
final class Descriptions {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Policy POLICY = Policy.builder().restart(Restart.ALWAYS).fixedDelay(Duration.ofSeconds(1)).multiplier(1.0)
            .jitter(0).resetAfter(Duration.ofMinutes(1)).noRestartLimit().escalate(false)
            .threadKind(ThreadKind.PLATFORM).build();
    static final SupervisorDescription.Settings SETTINGS = new SupervisorDescription.Settings(Duration.ofSeconds(1),
            Duration.ofSeconds(5), 1000, 20, ThreadKind.PLATFORM, Policy.INHERIT);

    private Descriptions() {
    }

    static SupervisorDescription supervisor(String name, SupervisorDescription.State state, String escalation,
            List<ServiceDescription> services, List<RefusedRegistration> refused) {
        return new SupervisorDescription(name, NOW, state, escalation, SETTINGS, services, refused);
    }

    static SupervisorDescription running(String name, ServiceDescription... services) {
        return supervisor(name, SupervisorDescription.State.RUNNING, null, List.of(services), List.of());
    }

    static ServiceDescription service(long id, String name, Status status, Duration ago) {
        return new ServiceDescription(id, name, status, Reason.STARTED, NOW.minus(ago), 0, null, null, false, POLICY);
    }

    static ServiceDescription failing(long id, String name, Throwable error, Duration ago, Duration next, int restarts) {
        StatusUpdate failure = new StatusUpdate(id, name, NOW.minus(ago), Status.ERROR, Reason.FAILED, error, restarts,
                NOW.plus(next), null);
        return new ServiceDescription(id, name, Status.ERROR, Reason.FAILED, NOW.minus(ago), restarts, NOW.plus(next),
                failure, false, POLICY);
    }
}
