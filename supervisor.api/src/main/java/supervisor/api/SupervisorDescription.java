package supervisor.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The whole of one supervisor at one moment, as {@link SupervisorRuntime#describe()} returns it:
 * immutable, built from one consistent view, for shells, health checks and management tools.
 *
 * @param name the supervisor's name
 * @param time when it was taken, by the supervisor's scheduler
 * @param state where the supervisor is in its life
 * @param escalation why a service shut the supervisor down by giving up with an escalating policy,
 *     or null if none did
 * @param settings the settings in force
 * @param services every service, ordered by id
 * @param refused the registrations the supervisor was offered and did not take as they are, with
 *     why; always empty for a plain-Java supervisor
 */
public record SupervisorDescription(
        String name,
        Instant time,
        State state,
        String escalation,
        Settings settings,
        List<ServiceDescription> services,
        List<RefusedRegistration> refused) {

    /** Where a supervisor is in its life. */
    public enum State {
        /** Created, not started. */
        NEW,
        /** Supervising. */
        RUNNING,
        /** Cancelled: waiting for its services to stop. */
        STOPPING,
        /** Ended: supervising nothing. */
        ENDED
    }

    /**
     * The settings of a supervisor.
     *
     * @param restartInterval the built-in fixed restart delay
     * @param shutdownTimeout how long shutdown, a stop or a removal waits
     * @param listenerBacklog how far a listener may fall behind before its events are coalesced
     * @param historySize how many updates each service's history keeps
     * @param threadKind the thread kind of services whose policy sets none
     * @param defaultPolicy the default policy, as configured
     */
    public record Settings(Duration restartInterval, Duration shutdownTimeout, int listenerBacklog, int historySize,
            ThreadKind threadKind, Policy defaultPolicy) {

        /** Checks that nothing is null. */
        public Settings {
            Objects.requireNonNull(restartInterval, "restartInterval");
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            Objects.requireNonNull(threadKind, "threadKind");
            Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        }
    }

    /** Copies the lists; checks that the required components are there. */
    public SupervisorDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(settings, "settings");
        services = List.copyOf(services);
        refused = List.copyOf(refused);
    }

    /** This description with {@code list} as its refused registrations. */
    public SupervisorDescription withRefused(List<RefusedRegistration> list) {
        return new SupervisorDescription(name, time, state, escalation, settings, services, list);
    }

    /** Whether the supervisor escalated: a service gave up with an escalating policy and shut it down. */
    public boolean escalated() {
        return escalation != null;
    }
}
