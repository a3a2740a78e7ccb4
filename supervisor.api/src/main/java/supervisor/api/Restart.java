package supervisor.api;

/**
 * Which ended runs a service is started again after: its restart policy. In Erlang/OTP terms
 * {@link #ALWAYS} is {@code permanent}, {@link #ON_FAILURE} {@code transient} and {@link #NEVER}
 * {@code temporary}; in systemd's {@code Restart=} they are {@code always}, {@code on-failure} and
 * {@code no}.
 */
public enum Restart {
    /** After every ended run, as in the Go original. The default. */
    ALWAYS,
    /** Only after a run that ended in {@link Status#ERROR} or {@link Status#PANIC}. */
    ON_FAILURE,
    /** Never: the service runs once. */
    NEVER
}
