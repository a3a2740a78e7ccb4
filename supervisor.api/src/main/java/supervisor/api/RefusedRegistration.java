package supervisor.api;

import java.util.Objects;

/**
 * A whiteboard registration that a supervisor was offered and did not take as it is, and why: part
 * of {@link SupervisorDescription#refused()}. Immutable.
 *
 * @param serviceId the registration's {@code service.id}
 * @param type what was registered: {@code Service.class.getName()} or {@code StatusListener.class.getName()}
 * @param name the {@value SupervisorConstants#NAME} property of the registration, or null
 * @param bundle the registering bundle, as {@code symbolic-name [id]}
 * @param cause why, as a value to match on
 * @param detail why, in words: what was expected and what was found
 */
public record RefusedRegistration(long serviceId, String type, String name, String bundle, Cause cause, String detail) {

    /** Why a registration was refused. */
    public enum Cause {
        /** Another supervisor runs the service already: a service never runs under two supervisors. */
        CLAIMED_BY_ANOTHER,
        /** The supervisor's filter ({@value SupervisorConstants#SERVICES_TARGET} or {@value SupervisorConstants#LISTENERS_TARGET}) does not select it. */
        FILTER_MISMATCH,
        /** A service property is invalid: the service runs, and that one setting is inherited (the detail says which). */
        INVALID_PROPERTY,
        /** Its name was taken, so it runs under another one (the detail says which). */
        RENAMED,
        /** The service object could not be had from the registry. */
        UNAVAILABLE
    }

    /** Checks that the required components are there. */
    public RefusedRegistration {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(detail, "detail");
    }
}
